/** The week's updates, newest first: what each was about and said, and whether it came before anyone asked. */
import type { OpenDeal, UpdateView } from "../../api/cadenceTypes.js";
import { formatMeetingTime, performativeLabel, promiseDueLabel, subjectLabel } from "../../utils/cadence.js";

export function UpdateList({ updates, deals, self, now }: { updates: readonly UpdateView[]; deals: readonly OpenDeal[]; self: boolean; now: Date }) {
  if (updates.length === 0) {
    return <p className="empty-line">No updates this week yet.{self ? " Post one before anyone asks: that is what the preemptive ratio counts." : ""}</p>;
  }
  return (
    <ul className="cadence-list" data-testid="week-updates">
      {updates.map((u) => (
        <li key={u.id} className="cadence-item" data-update-id={u.id} data-preemptive={u.preemptive}>
          <div className="cadence-item-head">
            <span className="cadence-subject">{subjectLabel(u.subject, deals, self)}</span>
            <PreemptiveBadge update={u} />
            <span className="cadence-when">{formatMeetingTime(u.at)}</span>
          </div>
          {u.text && <p className="cadence-text">{u.text}</p>}
          <div className="tags">
            {/* A promise shows as its due day instead of a bare "Promise". */}
            {u.performatives.filter((p) => !(p === "promise" && u.promise)).map((p) => (
              <span key={p} className="tag">
                {performativeLabel(p)}
              </span>
            ))}
            {u.promise && <span className="tag tag-promise">Promise {promiseDueLabel(u.promise.due, now)}</span>}
          </div>
        </li>
      ))}
    </ul>
  );
}

function PreemptiveBadge({ update }: { update: UpdateView }) {
  if (update.preemptive) {
    return (
      <span className="flag flag-preemptive" title="Posted before anyone asked" data-testid="update-status">
        Preemptive
      </span>
    );
  }
  const n = update.answered.length;
  return (
    <span className="flag flag-answered" title="Posted while a request on this subject was open: it answered it" data-testid="update-status">
      Answered {n === 1 ? "a request" : `${n} requests`}
    </span>
  );
}
