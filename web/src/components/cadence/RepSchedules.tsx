/** Each of the manager's reps with their recurring 1:1, set or changed in place. */
import { useState } from "react";
import type { RepSummary } from "../../api/types.js";
import { useSchedule } from "../../hooks/useCadenceData.js";
import { Link } from "../../router.js";
import { describeSchedule } from "../../utils/cadence.js";
import { ScheduleForm } from "./ScheduleForm.js";

export function RepSchedules({ reps, onChanged }: { reps: readonly (RepSummary & { teamName: string })[]; onChanged: () => void }) {
  if (reps.length === 0) return <p className="empty-line">No reps on the teams you manage.</p>;
  return (
    <ul className="schedule-list" data-testid="rep-schedules">
      {reps.map((rep) => (
        <RepScheduleRow key={rep.id} rep={rep} onChanged={onChanged} />
      ))}
    </ul>
  );
}

function RepScheduleRow({ rep, onChanged }: { rep: RepSummary & { teamName: string }; onChanged: () => void }) {
  const schedule = useSchedule(rep.id);
  const [editing, setEditing] = useState(false);
  const current = schedule.data ?? null;
  return (
    <li className="schedule-row" data-rep={rep.id}>
      <div className="schedule-summary">
        <Link to={`/reps/${rep.id}/week`} className="rep-name">
          {rep.name}
        </Link>
        <span className="cadence-meta" data-testid="schedule-text">
          {schedule.status === "loading" ? "…" : schedule.status === "error" ? "Couldn't load the schedule" : current ? describeSchedule(current) : "No recurring 1:1"}
        </span>
        {!editing && (
          <button type="button" className="button button-small" onClick={() => setEditing(true)} disabled={schedule.status === "loading"}>
            {current?.active ? "Change" : "Set 1:1"}
          </button>
        )}
      </div>
      {editing && (
        <ScheduleForm
          repId={rep.id}
          repName={rep.name}
          current={current}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            schedule.reload();
            onChanged();
          }}
        />
      )}
    </li>
  );
}
