/**
 * The manager's coaching queue (D3): the 1:1s of the next two weeks, each with the rep's
 * agenda built from early-stage work, the reps' recurring 1:1s, and the calendar feed.
 */
import { MeetingCard } from "../components/cadence/MeetingCard.js";
import { RepSchedules } from "../components/cadence/RepSchedules.js";
import { ErrorPanel, Loading } from "../components/States.js";
import { icsUrl } from "../api/cadenceEndpoints.js";
import { useMe } from "../hooks/useAuth.js";
import { useCoachingQueue, useManagedReps } from "../hooks/useCadenceData.js";
import { meetingsByRep } from "../utils/cadence.js";

export function CoachingPage() {
  const me = useMe();
  const queue = useCoachingQueue(me.id);
  const reps = useManagedReps(me.id, me.managedTeamIds);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">Coaching</p>
          <h1 data-testid="coaching-title">Coaching queue</h1>
          <p className="muted">Your 1:1s in the next two weeks. Each agenda is built from early-stage work, where your time pays.</p>
        </div>
        <div className="head-actions">
          <a className="button" href={icsUrl(me.id)} download="cadence.ics" data-testid="ics-link" title="Your 1:1s as a calendar feed: import it in your calendar">
            Calendar feed (.ics)
          </a>
        </div>
      </div>
      <div className="rep-grid coaching-grid">
        <div className="stack" aria-label="Upcoming 1:1s">
          {queue.status === "loading" && <Loading label="Building agendas…" />}
          {queue.status === "error" && <ErrorPanel error={queue.error} what="coaching queue" onRetry={queue.reload} />}
          {queue.status === "ready" &&
            (queue.data.meetings.length === 0 ? (
              <section className="panel">
                <p className="empty-line" data-testid="queue-empty">
                  No 1:1 in the next two weeks. Set a recurring 1:1 for each rep: the queue fills with their agendas.
                </p>
              </section>
            ) : (
              meetingsByRep(queue.data.meetings).map(({ first, later }) => <MeetingCard key={first.id} meeting={first} later={later} />)
            ))}
        </div>
        <section className="panel" aria-label="Recurring 1:1s">
          <h2 className="panel-title">Recurring 1:1s</h2>
          {reps.status === "loading" && <Loading />}
          {reps.status === "error" && <ErrorPanel error={reps.error} what="reps" onRetry={reps.reload} />}
          {reps.status === "ready" && <RepSchedules reps={reps.data} onChanged={queue.reload} />}
        </section>
      </div>
    </>
  );
}
