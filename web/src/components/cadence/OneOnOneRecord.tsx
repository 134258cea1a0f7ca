/** A held 1:1 as recorded: notes (private to the rep, their manager and admins), decisions and commitments with their state. */
import type { OneOnOneView } from "../../api/cadenceTypes.js";
import { promiseDueLabel } from "../../utils/cadence.js";
import { formatDay } from "../../utils/periods.js";

export function OneOnOneRecord({ meeting, now }: { meeting: OneOnOneView; now: Date }) {
  return (
    <div className="record" data-testid="one-on-one-record">
      <h3 className="sub-title">Notes</h3>
      <p className="record-text" data-testid="record-notes">
        {meeting.notes || <span className="muted">No notes.</span>}
      </p>
      <h3 className="sub-title">Decisions</h3>
      <p className="record-text" data-testid="record-decisions">
        {meeting.decisions || <span className="muted">No decisions recorded.</span>}
      </p>
      <h3 className="sub-title">Commitments</h3>
      {meeting.commitments.length === 0 ? (
        <p className="empty-line">None.</p>
      ) : (
        <ul className="cadence-list" data-testid="record-commitments">
          {meeting.commitments.map((c) => (
            <li key={c.id} className="cadence-item" data-state={c.state}>
              <div className="cadence-item-head">
                <span className="cadence-subject">{c.text}</span>
                <span className={`flag flag-${c.state}`}>{c.state === "open" ? promiseDueLabel(c.due, now) : `${c.state} · due ${formatDay(c.due)}`}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
