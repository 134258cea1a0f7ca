/** Field visits per rep for the period: visits, per week, median time on site, accounts visited. */
import type { VisitStats } from "../../api/activityTypes.js";
import { formatCount } from "../../utils/format.js";
import { formatMinutes } from "../../utils/periods.js";

export function VisitTable({ stats }: { stats: VisitStats }) {
  if (stats.reps.length === 0) return <p className="empty">No reps.</p>;
  return (
    <table className="rep-table compact" data-testid="visit-table">
      <thead>
        <tr>
          <th scope="col">Rep</th>
          <th scope="col" className="num">Visits</th>
          <th scope="col" className="num">Per week</th>
          <th scope="col" className="num">Time on site</th>
          <th scope="col" className="num">Accounts</th>
        </tr>
      </thead>
      <tbody>
        {stats.reps.map((rep) => (
          <tr key={rep.repId} data-rep={rep.repId}>
            <th scope="row">{rep.name}</th>
            <td className="num" data-label="Visits">{formatCount(rep.visits)}</td>
            <td className="num" data-label="Per week">{rep.visitsPerWeek.toFixed(1)}</td>
            <td className="num" data-label="Median on site">{formatMinutes(rep.medianMinutesOnSite)}</td>
            <td className="num" data-label="Accounts">{formatCount(rep.accountsVisited)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
