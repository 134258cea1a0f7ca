/** Managers ranked by their team's attainment against the team target. */
import { LeadershipChart } from "../components/activity/LeadershipChart.js";
import { PeriodPicker } from "../components/activity/PeriodPicker.js";
import { ErrorPanel, Loading } from "../components/States.js";
import { useLeadership, usePeriodParam } from "../hooks/useActivityData.js";
import { Link } from "../router.js";
import { formatMoney, formatShare } from "../utils/format.js";
import { periodLabel } from "../utils/periods.js";
import { adherenceSummary } from "../utils/cadence.js";

export function LeadershipPage() {
  const [asked, setPeriod] = usePeriodParam();
  const resource = useLeadership(asked);
  const period = asked ?? resource.data?.period ?? "";
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">Leadership</p>
          <h1>Team attainment{period && ` · ${periodLabel(period)}`}</h1>
          <p className="muted">
            Won by each manager's reps (sub-teams included) against the sum of their quotas, and how regularly each manager holds
            their 1:1s.
          </p>
        </div>
        <PeriodPicker period={period} onChange={setPeriod} />
      </div>
      {resource.status === "loading" && <Loading label="Ranking managers…" />}
      {resource.status === "error" && <ErrorPanel error={resource.error} what="ranking" onRetry={resource.reload} />}
      {resource.status === "ready" &&
        (resource.data.rows.length === 0 ? (
          <p className="empty">No managed teams to rank for this period.</p>
        ) : (
          <>
            <section className="panel">
              <LeadershipChart rows={resource.data.rows} />
              <p className="muted chart-note">The dark line is the target (100%). {resource.data.managers} managers ranked.</p>
            </section>
            <section className="panel panel-flush">
              <table className="rep-table" data-testid="leadership-table">
                <thead>
                  <tr>
                    <th scope="col">Rank</th>
                    <th scope="col">Manager</th>
                    <th scope="col">Team</th>
                    <th scope="col" className="num">Reps</th>
                    <th scope="col" className="num">Won</th>
                    <th scope="col" className="num">Target</th>
                    <th scope="col" className="num">Attainment</th>
                    <th scope="col" className="num" title="1:1s held on time ÷ scheduled, in the period">1:1s on time</th>
                  </tr>
                </thead>
                <tbody>
                  {resource.data.rows.map((row) => (
                    <tr key={`${row.managerId}:${row.teamId}`}>
                      <td data-label="Rank">{row.rank}</td>
                      <th scope="row">{row.managerName}</th>
                      <td data-label="Team">
                        <Link to={`/teams/${row.teamId}${asked ? `?period=${asked}` : ""}`}>{row.teamName}</Link>
                      </td>
                      <td className="num" data-label="Reps">{row.reps}</td>
                      <td className="num" data-label="Won">{formatMoney(row.won)}</td>
                      <td className="num" data-label="Target">{formatMoney(row.target)}</td>
                      <td className="num" data-label="Attainment">{formatShare(row.attainment)}</td>
                      <td className="num" data-label="1:1s on time" data-testid="leadership-cadence" data-flagged={String(row.cadence.flagged)}>
                        {row.cadence.flagged && (
                          <span className="badge badge-away" title={row.cadence.reason}>
                            Slipping
                          </span>
                        )}{" "}
                        <span title={row.cadence.reason}>{adherenceSummary(row.cadence)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          </>
        ))}
    </>
  );
}
