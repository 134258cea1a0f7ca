/**
 * The team's cadence on the team page (D3, D5): the preemptive ratio for the team and each
 * rep with its weekly trend, promise-keeping, and 1:1 adherence per manager with streaks
 * (managers whose adherence dropped are flagged). The period is the page's (?period=).
 */
import type { TeamCadence } from "../../api/cadenceTypes.js";
import { usePeriodParam } from "../../hooks/useActivityData.js";
import { useMe } from "../../hooks/useAuth.js";
import { useTeamCadence } from "../../hooks/useCadenceData.js";
import { Link } from "../../router.js";
import { adherenceDetail, pooledAdherence, ratioDetail, sentence } from "../../utils/cadence.js";
import { formatCount, formatShare, shareOf } from "../../utils/format.js";
import { periodLabel } from "../../utils/periods.js";
import { ShareBar } from "../ShareBar.js";
import { Stat } from "../Stat.js";
import { ErrorPanel, Loading } from "../States.js";
import { RatioTrendChart } from "../charts/lazy.js";

export function TeamCadencePanel({ teamId }: { teamId: number }) {
  // A rep may open their team's page; the team's cadence is for managers (the API says so too).
  if (useMe().role === "rep") return null;
  return <TeamCadence teamId={teamId} />;
}

function TeamCadence({ teamId }: { teamId: number }) {
  const [asked] = usePeriodParam();
  const cadence = useTeamCadence(teamId, asked);
  return (
    <section className="cadence-team" aria-label="Cadence" data-testid="team-cadence">
      <div className="section-head">
        <h2>
          Preemptive cadence <span className="muted-inline">· {cadence.data ? periodLabel(cadence.data.period) : asked ? periodLabel(asked) : "this month"}</span>
        </h2>
      </div>
      {cadence.status === "loading" && <Loading label="Loading the cadence…" />}
      {cadence.status === "error" && <ErrorPanel error={cadence.error} what="cadence" onRetry={cadence.reload} />}
      {cadence.status === "ready" && <CadenceBody data={cadence.data} />}
    </section>
  );
}

function CadenceBody({ data }: { data: TeamCadence }) {
  const team = data.preemptive.team;
  const kept = data.promiseKeeping.reduce((s, r) => s + r.kept, 0);
  const broken = data.promiseKeeping.reduce((s, r) => s + r.broken, 0);
  const adherence = pooledAdherence(data.adherence);
  return (
    <>
      <div className="stats stats-four">
        <Stat testId="team-preemptive" label="Preemptive ratio" value={formatShare(team.ratio)} detail={ratioDetail(team)} />
        <Stat testId="team-promises" label="Promises kept" value={formatShare(shareOf(kept, kept + broken))} detail={`${formatCount(kept)} kept · ${formatCount(broken)} broken`} />
        <Stat testId="team-adherence" label="1:1s on time" value={formatShare(adherence)} detail={adherence === null ? "No 1:1 due in the period" : `${data.adherence.length} ${data.adherence.length === 1 ? "manager" : "managers"}`} />
        <Stat
          testId="team-flagged"
          label="Managers flagged"
          value={formatCount(data.flaggedManagers.length)}
          detail={data.flaggedManagers.length ? data.flaggedManagers.map((f) => f.name).join(", ") : "Adherence holding"}
        />
      </div>
      <div className="rep-grid cadence-grid">
        <section className="panel">
          {team.updates === 0 ? (
            <p className="empty-line">No updates in {periodLabel(data.period)} yet. Reps post them from My week; the ratio counts those given before anyone asked.</p>
          ) : (
            <RatioTrendChart weeks={data.preemptive.trend} />
          )}
        </section>
        <section className="panel panel-flush" aria-label="Preemptive ratio per rep">
          <h3 className="panel-title">Per rep</h3>
          <RepRatioTable data={data} />
        </section>
      </div>
      <section className="panel panel-flush" aria-label="1:1 adherence">
        <h3 className="panel-title">1:1 cadence adherence</h3>
        <AdherenceTable rows={data.adherence} />
      </section>
    </>
  );
}

function RepRatioTable({ data }: { data: TeamCadence }) {
  const keeping = new Map(data.promiseKeeping.map((p) => [p.repId, p]));
  if (data.preemptive.reps.length === 0) return <p className="empty">No reps.</p>;
  return (
    <table className="rep-table compact" data-testid="rep-ratios">
      <thead>
        <tr>
          <th scope="col">Rep</th>
          <th scope="col" className="num">Updates</th>
          <th scope="col">Preemptive</th>
          <th scope="col" className="num">Promises kept</th>
        </tr>
      </thead>
      <tbody>
        {data.preemptive.reps.map((r) => {
          const p = keeping.get(r.repId);
          return (
            <tr key={r.repId} data-rep={r.repId} data-ratio={r.ratio ?? ""}>
              <th scope="row">
                <Link to={`/reps/${r.repId}/week`} className="rep-name">
                  {r.name}
                </Link>
              </th>
              <td className="num" data-label="Updates">
                {formatCount(r.updates)}
              </td>
              <td data-label="Preemptive">
                <ShareBar share={r.ratio} />
              </td>
              <td className="num" data-label="Promises kept" title={p ? `${p.kept} kept · ${p.broken} broken · ${p.open} open` : undefined}>
                {p ? formatShare(p.rate) : "—"}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function AdherenceTable({ rows }: { rows: TeamCadence["adherence"] }) {
  if (rows.length === 0) return <p className="empty">No recurring 1:1s yet. Managers set them from their coaching queue.</p>;
  return (
    <table className="rep-table compact" data-testid="adherence">
      <thead>
        <tr>
          <th scope="col">Manager</th>
          <th scope="col">On time</th>
          <th scope="col" className="num">Current streak</th>
          <th scope="col" className="num">Longest streak</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.managerId} data-manager={r.managerId} data-flagged={r.flagged}>
            <th scope="row">{r.name}</th>
            <td data-label="On time">{adherenceDetail(r)}</td>
            <td className="num" data-label="Current streak">
              {formatCount(r.currentStreak)}
            </td>
            <td className="num" data-label="Longest streak">
              {formatCount(r.longestStreak)}
            </td>
            <td data-label="Status">{r.flagged ? <span className="flag flag-broken">Flagged: {r.reason}</span> : <span className="muted">{sentence(r.reason)}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
