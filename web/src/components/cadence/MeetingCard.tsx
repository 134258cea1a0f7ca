/** One rep's next 1:1 in the coaching queue: when, what the agenda raises, and the way in to run it. */
import type { QueuedMeeting } from "../../api/cadenceTypes.js";
import { Link } from "../../router.js";
import { agendaSummary, formatMeetingTime } from "../../utils/cadence.js";
import { AgendaView } from "./AgendaView.js";

const PREVIEW_DEALS = 3;

export function MeetingCard({ meeting, later }: { meeting: QueuedMeeting; later: readonly QueuedMeeting[] }) {
  return (
    <article className="panel meeting-card" data-testid="queued-meeting" data-rep={meeting.repId} data-meeting-id={meeting.id}>
      <div className="section-head">
        <div>
          <h2 className="panel-title">
            <Link to={`/reps/${meeting.repId}/week`}>{meeting.repName}</Link> <span className="muted-inline">· {formatMeetingTime(meeting.scheduledFor)}</span>
          </h2>
          <p className="cadence-meta" data-testid="agenda-summary">
            {agendaSummary(meeting.agenda)}
          </p>
        </div>
        <Link to={`/one-on-ones/${meeting.id}`} className="button button-primary" data-testid="run-one-on-one">
          Run this 1:1
        </Link>
      </div>
      <AgendaView agenda={meeting.agenda} maxDeals={PREVIEW_DEALS} />
      {later.length > 0 && <p className="cadence-meta">Then {later.map((m) => formatMeetingTime(m.scheduledFor)).join(", ")}.</p>}
    </article>
  );
}
