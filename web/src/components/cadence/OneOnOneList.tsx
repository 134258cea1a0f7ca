/** The rep's recurring 1:1 and their recent 1:1s, each opening its record (notes are for the rep, their manager and admins). */
import type { OneOnOneView, ScheduleView } from "../../api/cadenceTypes.js";
import { Link } from "../../router.js";
import { describeSchedule, formatMeetingTime } from "../../utils/cadence.js";

const SHOWN = 5;

export function OneOnOneList({ schedule, oneOnOnes, now }: { schedule: ScheduleView | null; oneOnOnes: readonly OneOnOneView[]; now: Date }) {
  // Held ones and the next upcoming one; 1:1s that were never held and are past are left out.
  const upcoming = oneOnOnes.filter((o) => o.heldAt === null && Date.parse(o.scheduledFor) >= now.getTime()).at(-1);
  const held = oneOnOnes.filter((o) => o.heldAt !== null).slice(0, SHOWN);
  return (
    <div data-testid="rep-one-on-ones">
      <p className="cadence-meta">{schedule ? describeSchedule(schedule) : "No recurring 1:1 set yet."}</p>
      {upcoming && (
        <p>
          Next: <Link to={`/one-on-ones/${upcoming.id}`}>{formatMeetingTime(upcoming.scheduledFor)}</Link>
        </p>
      )}
      {held.length === 0 ? (
        <p className="empty-line">No 1:1 held yet.</p>
      ) : (
        <ul className="cadence-list">
          {held.map((o) => (
            <li key={o.id} className="cadence-item">
              <Link to={`/one-on-ones/${o.id}`}>{formatMeetingTime(o.heldAt!)}</Link>
              <span className="cadence-meta">
                {" "}
                · {o.commitments.length} {o.commitments.length === 1 ? "commitment" : "commitments"}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
