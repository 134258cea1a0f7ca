/**
 * One 1:1. Before it is held, its manager runs it from the agenda as it stands and records
 * notes, decisions and commitments; the rep sees the agenda to prepare. Once held, the
 * record and the agenda as it was. Only the rep, their manager and admins may open it.
 */
import type { OneOnOneView } from "../api/cadenceTypes.js";
import { AgendaView } from "../components/cadence/AgendaView.js";
import { HoldForm } from "../components/cadence/HoldForm.js";
import { OneOnOneRecord } from "../components/cadence/OneOnOneRecord.js";
import { ErrorPanel, Loading } from "../components/States.js";
import { useMe } from "../hooks/useAuth.js";
import { useOneOnOne } from "../hooks/useCadenceData.js";
import { useRep } from "../hooks/useData.js";
import { Link } from "../router.js";
import { formatMeetingTime } from "../utils/cadence.js";

export function OneOnOnePage({ id }: { id: number }) {
  const me = useMe();
  const meeting = useOneOnOne(id);
  if (meeting.status === "loading") return <Loading label="Loading the 1:1…" />;
  if (meeting.status === "error") return <ErrorPanel error={meeting.error} what="1:1" onRetry={meeting.reload} />;
  const m = meeting.data;
  const runs = m.heldAt === null && (me.id === m.managerId || me.role === "admin");
  return (
    <>
      <MeetingHead meeting={m} self={me.id === m.repId} />
      <div className="rep-grid one-on-one-grid">
        <section className="panel" aria-label="Agenda">
          <h2 className="panel-title">{m.heldAt ? "Agenda, as it stood" : "Agenda"}</h2>
          {m.agenda ? <AgendaView agenda={m.agenda} requestFor={runs ? m.repId : undefined} /> : <p className="empty-line">No agenda was kept for this 1:1.</p>}
        </section>
        <section className="panel" aria-label={runs ? "Record the 1:1" : "Record"}>
          <h2 className="panel-title">{runs ? "Record the 1:1" : "Record"}</h2>
          {runs ? (
            <HoldForm meetingId={m.id} onHeld={meeting.reload} />
          ) : m.heldAt ? (
            <OneOnOneRecord meeting={m} now={new Date()} />
          ) : (
            <p className="empty-line">Not held yet. The agenda shows what your manager will raise.</p>
          )}
        </section>
      </div>
    </>
  );
}

function MeetingHead({ meeting, self }: { meeting: OneOnOneView; self: boolean }) {
  const rep = useRep(meeting.repId);
  const name = rep.data?.rep.name ?? "…";
  return (
    <div className="page-head">
      <div>
        <p className="eyebrow">{self ? <Link to={`/reps/${meeting.repId}/week`}>My week</Link> : <Link to="/coaching">Coaching queue</Link>}</p>
        <h1 data-testid="one-on-one-title">{self ? "My 1:1" : `1:1 with ${name}`}</h1>
        <p className="muted" data-testid="one-on-one-status">
          Scheduled {formatMeetingTime(meeting.scheduledFor)}
          {meeting.heldAt ? ` · held ${formatMeetingTime(meeting.heldAt)}` : " · not held yet"}
        </p>
      </div>
      {!self && (
        <div className="head-actions">
          <Link to={`/reps/${meeting.repId}/week`} className="button">
            {name === "…" ? "Their week" : `${name}'s week`}
          </Link>
        </div>
      )}
    </div>
  );
}
