/** Every rep of the team as the decision saw them: ranks, the five numbers, counts, exclusions. */
import type { Decision } from "../../api/routingTypes.js";
import { formatPoints, formatScore } from "../../utils/leadFeed.js";

export function CandidateTable({ decision }: { decision: Decision }) {
  const basis = decision.basis;
  return (
    <div className="table-wrap">
      <table className="candidate-table" data-testid="candidate-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Rep</th>
            <th scope="col" className="num" title="smoothed win rate on deals like this one">m</th>
            <th scope="col" className="num" title="merit relative to the best eligible rep">M</th>
            <th scope="col" className="num" title="proactive points in the activity window">a</th>
            <th scope="col" className="num" title="activity, capped at the target">A</th>
            <th scope="col" className="num" title="the blend that decides">S</th>
            <th scope="col">Record{basis ? ` (${basis.similarity})` : ""}</th>
            <th scope="col" className="num" title={basis ? `leads received in ${basis.recentLeadsWindowDays} days (the tie-break)` : undefined}>
              Recent leads
            </th>
          </tr>
        </thead>
        <tbody>
          {decision.candidates.map((c) => (
            <tr key={c.repId} data-rep-id={c.repId} className={c.rank === 1 ? "candidate-winner" : c.excluded ? "candidate-excluded" : undefined}>
              <td>{c.rank ?? "–"}</td>
              <th scope="row">{c.rep}</th>
              <td className="num">{formatScore(c.m)}</td>
              <td className="num">{formatScore(c.M)}</td>
              <td className="num">{formatPoints(c.a)}</td>
              <td className="num">{formatScore(c.A)}</td>
              <td className="num">{formatScore(c.S)}</td>
              <td>
                {c.excluded ? (
                  <span className="excluded-reason">excluded: {c.excluded}</span>
                ) : c.counts ? (
                  `${c.counts.winsSimilar}/${c.counts.closedSimilar} similar · ${c.counts.winsAll}/${c.counts.closedAll} all`
                ) : (
                  "—"
                )}
              </td>
              <td className="num">{c.counts?.leadsRecent ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
