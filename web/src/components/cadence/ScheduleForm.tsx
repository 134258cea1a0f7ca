/**
 * A rep's recurring 1:1 (D3): weekday, local time, time zone (kept across daylight saving)
 * and how often. The first 1:1 is the first matching day from today.
 */
import { useId, useState, type FormEvent } from "react";
import { cadenceApi } from "../../api/cadenceEndpoints.js";
import type { ScheduleView } from "../../api/cadenceTypes.js";
import { ApiError } from "../../api/client.js";
import { timeZoneChoices, WEEKDAYS } from "../../utils/cadence.js";

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function ScheduleForm({ repId, repName, current, onSaved, onCancel }: { repId: number; repName: string; current: ScheduleView | null; onSaved: (s: ScheduleView) => void; onCancel: () => void }) {
  const [weekday, setWeekday] = useState(current?.weekday ?? 2);
  const [time, setTime] = useState(current?.time ?? "10:00");
  const [timeZone, setTimeZone] = useState(current?.timeZone ?? browserZone() ?? "UTC");
  const [intervalWeeks, setIntervalWeeks] = useState(current?.intervalWeeks ?? 1);
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const zonesId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      onSaved(await cadenceApi.putSchedule(repId, { weekday, time, timeZone: timeZone.trim(), intervalWeeks }));
    } catch (err) {
      const field = err instanceof ApiError ? (err.fields[0]?.field ?? null) : null;
      setError({ field, message: err instanceof ApiError ? (err.fields[0]?.reason ?? err.message) : String(err) });
      setSaving(false);
    }
  };

  return (
    <form className="schedule-form" onSubmit={submit} aria-label={`Recurring 1:1 with ${repName}`} data-testid="schedule-form">
      <label className="field">
        <span>Day</span>
        <select name="weekday" value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>
          {WEEKDAYS.map((name, i) => (
            <option key={name} value={i + 1}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Time</span>
        <input type="time" name="time" value={time} required onChange={(e) => setTime(e.target.value)} aria-invalid={error?.field === "time" ? true : undefined} />
      </label>
      <label className="field">
        <span>Time zone</span>
        <input name="timeZone" value={timeZone} list={zonesId} autoComplete="off" onChange={(e) => setTimeZone(e.target.value)} aria-invalid={error?.field === "timeZone" ? true : undefined} />
        <datalist id={zonesId}>
          {timeZoneChoices(browserZone()).map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span>How often</span>
        <select name="intervalWeeks" value={intervalWeeks} onChange={(e) => setIntervalWeeks(Number(e.target.value))}>
          <option value={1}>Every week</option>
          <option value={2}>Every 2 weeks</option>
          <option value={3}>Every 3 weeks</option>
          <option value={4}>Every 4 weeks</option>
        </select>
      </label>
      <div className="schedule-actions">
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? "Saving…" : "Save"}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="field-error schedule-error" role="alert">
          {error.message}
        </p>
      )}
    </form>
  );
}
