/** Requests for information still open to the rep: answering one means posting an update on its subject. */
import type { OpenDeal, RequestView } from "../../api/cadenceTypes.js";
import { formatMeetingTime, subjectLabel } from "../../utils/cadence.js";

export function RequestList({ requests, deals, self, onAnswer }: { requests: readonly RequestView[]; deals: readonly OpenDeal[]; self: boolean; onAnswer?: (subject: string) => void }) {
  if (requests.length === 0) return <p className="empty-line">{self ? "Nobody is waiting on you." : "No request waiting for an answer."}</p>;
  return (
    <ul className="cadence-list" data-testid="open-requests">
      {requests.map((r) => (
        <li key={r.id} className="cadence-item cadence-request" data-request-id={r.id} data-subject={r.subject}>
          <div className="cadence-item-head">
            <span className="cadence-subject">{subjectLabel(r.subject, deals, self)}</span>
            <span className="cadence-when">
              {r.managerName} · {formatMeetingTime(r.at)}
            </span>
          </div>
          {r.text && <p className="cadence-text">“{r.text}”</p>}
          {onAnswer && (
            <button type="button" className="button button-small" onClick={() => onAnswer(r.subject)}>
              Answer with an update
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
