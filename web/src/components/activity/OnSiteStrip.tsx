/** Who is on a customer's site right now, updated live from the team's visit stream. */
import type { Activity } from "../../api/activityTypes.js";
import type { StreamState } from "../../hooks/useVisitStream.js";
import { formatMinutes, minutesSince } from "../../utils/periods.js";

const STREAM_LABEL: Record<StreamState, string> = { connecting: "Connecting…", live: "Live", offline: "Not live: reload to update" };

export function OnSiteStrip({ onSite, state }: { onSite: readonly Activity[]; state: StreamState }) {
  const now = new Date();
  return (
    <section className="onsite" aria-label="On site now" data-testid="on-site">
      <div className="onsite-head">
        <h2 className="panel-title">On site now</h2>
        <span className={`live live-${state}`} data-testid="stream-state" data-state={state}>
          <span className="live-dot" aria-hidden="true" /> {STREAM_LABEL[state]}
        </span>
      </div>
      {onSite.length === 0 ? (
        <p className="onsite-empty">Nobody is checked in at a customer right now.</p>
      ) : (
        <ul className="onsite-list" aria-live="polite">
          {onSite.map((visit) => (
            <li key={visit.id} className="onsite-item" data-testid="on-site-visit" data-visit-id={visit.id} data-rep={visit.repId}>
              <span className="onsite-rep">{visit.repName}</span>
              <span className="onsite-account">{visit.accountName ?? "an account"}</span>
              <span className="onsite-time" title={new Date(visit.at).toLocaleString()}>
                {formatMinutes(minutesSince(visit.at, now))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
