/** Open pacing alerts: who fell behind, since when, and why. */
import type { PacingAlert } from "../../api/activityTypes.js";
import { Link } from "../../router.js";
import { formatDay, periodLabel } from "../../utils/periods.js";
import { PacingBadge } from "./Badges.js";

export function AlertList({ alerts, showRep, empty }: { alerts: readonly PacingAlert[]; showRep: boolean; empty?: string }) {
  const open = alerts.filter((a) => a.resolvedAt === null);
  if (open.length === 0) return empty ? <p className="alert-empty" data-testid="alerts-empty">{empty}</p> : null;
  return (
    <ul className="alerts" data-testid="pacing-alerts" aria-label="Pacing alerts">
      {open.map((alert) => (
        <li key={alert.id} className={`alert alert-${alert.status}`} data-rep={alert.repId}>
          <PacingBadge status={alert.status} />
          <span className="alert-text">
            {showRep && (
              <>
                <Link to={`/reps/${alert.repId}/targets?period=${alert.period}`} className="rep-name">
                  {alert.repName}
                </Link>{" "}
              </>
            )}
            <span className="muted-inline">
              {periodLabel(alert.period)}, since {formatDay(alert.day)}:
            </span>{" "}
            {alert.reason}
          </span>
        </li>
      ))}
    </ul>
  );
}
