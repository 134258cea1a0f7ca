/**
 * The recurring 1:1 (D3): every `intervalWeeks` weeks (1 by default) on an ISO weekday at a
 * local time in the schedule's zone, from the first such day on or after `startsOn` to
 * `endsOn` (inclusive). Local time is kept across DST changes: a 10:00 Europe/Paris 1:1 is
 * 09:00Z in winter and 08:00Z in summer.
 */
import { addDays, DAY_MS, isoDay } from "../periods.js";
import { scheduleSchema, type Schedule, type ScheduleInput } from "./schemas.js";
import { dayStart, localDay, zonedToUtc } from "./time.js";

/** The day of the series' first 1:1: the first day on or after `startsOn` on its weekday. */
export function firstMeetingDay(schedule: Pick<Schedule, "weekday" | "startsOn">): string {
  const start = dayStart(schedule.startsOn);
  const weekday = ((start.getUTCDay() + 6) % 7) + 1;
  return isoDay(addDays(start, (schedule.weekday - weekday + 7) % 7));
}

/** The scheduled instants in `[from, to)`, in order. */
export function scheduleOccurrences(scheduleInput: ScheduleInput | Schedule, from: Date, to: Date): Date[] {
  const s = scheduleSchema.parse(scheduleInput);
  const first = dayStart(firstMeetingDay(s)).getTime();
  const step = 7 * s.intervalWeeks * DAY_MS;
  // Local days one either side of the range cover any zone's offset.
  const low = dayStart(localDay(from, s.timeZone).day).getTime() - DAY_MS;
  const high = dayStart(localDay(to, s.timeZone).day).getTime() + DAY_MS;
  const last = s.endsOn === null ? high : Math.min(high, dayStart(s.endsOn).getTime());
  const out: Date[] = [];
  for (let day = first + Math.max(0, Math.ceil((low - first) / step)) * step; day <= last; day += step) {
    const at = zonedToUtc(isoDay(new Date(day)), s.time, s.timeZone);
    if (at.getTime() >= from.getTime() && at.getTime() < to.getTime()) out.push(at);
  }
  return out;
}

export interface ScheduledMeeting {
  managerId: number;
  repId: number;
  at: Date;
}

/** Every schedule's instants in `[from, to)`, by time, then manager and rep. */
export function scheduledMeetings(schedules: readonly (ScheduleInput | Schedule)[], from: Date, to: Date): ScheduledMeeting[] {
  return schedules
    .flatMap((s) => scheduleOccurrences(s, from, to).map((at) => ({ managerId: s.managerId, repId: s.repId, at })))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.managerId - b.managerId || a.repId - b.repId);
}
