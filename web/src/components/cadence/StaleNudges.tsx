/**
 * Deals gone quiet. The rep hears first and has a grace period before the manager does
 * (D5); the manager's view of a rep lists only the escalated ones (the API filters).
 */
import type { StaleNudgeView } from "../../api/cadenceTypes.js";
import { formatDay } from "../../utils/periods.js";

export function StaleNudges({ nudges, self, onUpdate }: { nudges: readonly StaleNudgeView[]; self: boolean; onUpdate?: (subject: string) => void }) {
  if (nudges.length === 0) return null;
  return (
    <section className="nudges" aria-label="Deals going quiet" data-testid="stale-nudges">
      <h2 className="panel-title">{self ? "Deals going quiet: you hear first" : "Deals gone quiet"}</h2>
      <ul className="alerts">
        {nudges.map((n) => (
          <li key={n.id} className={`alert${n.escalatedAt ? " alert-at-risk" : ""}`} data-subject={n.externalId}>
            <span>
              <strong>{n.externalId}</strong> ({n.stage}): nothing for {Math.round(n.thresholdDays)} days
              {n.lastTouchAt ? `, last touched ${formatDay(n.lastTouchAt)}` : ", never touched"}.{" "}
              <span className="muted">
                {!self
                  ? `The rep was told on ${formatDay(n.nudgedRepAt)}.`
                  : n.escalatedAt
                    ? `Your manager sees it since ${formatDay(n.escalatedAt)}.`
                    : `Your manager sees it on ${formatDay(n.escalateDueAt)} unless you act.`}
              </span>
            </span>
            {self && onUpdate && (
              <button type="button" className="button button-small" onClick={() => onUpdate(n.externalId)}>
                Post an update
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
