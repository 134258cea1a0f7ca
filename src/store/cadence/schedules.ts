/** 1:1 schedules and held 1:1s as the domain reads them (ScheduleInput, HeldMeeting). */
import { sql } from "drizzle-orm";
import { judgeMeetings, scheduledMeetings, type CadenceConfigInput, type HeldMeeting, type JudgedMeeting, type Schedule } from "../../domain/cadence/index.js";
import type { ScheduleView } from "../../schemas/cadence.js";
import { query, type Db } from "../db.js";
import { idList } from "./rows.js";

export interface StoredSchedule extends Schedule {
  id: number;
  active: boolean;
}

type ScheduleRow = {
  id: number;
  manager_id: number;
  rep_id: number;
  weekday: number;
  time: string;
  time_zone: string;
  duration_minutes: number;
  interval_weeks: number;
  starts_on: string;
  ends_on: string | null;
  active: boolean;
};

const toSchedule = (r: ScheduleRow): StoredSchedule => ({
  id: Number(r.id),
  managerId: Number(r.manager_id),
  repId: Number(r.rep_id),
  weekday: Number(r.weekday),
  time: r.time,
  timeZone: r.time_zone,
  durationMinutes: Number(r.duration_minutes),
  intervalWeeks: Number(r.interval_weeks),
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  active: r.active,
});

export const scheduleView = (s: StoredSchedule): ScheduleView => ({
  id: s.id,
  managerId: s.managerId,
  repId: s.repId,
  weekday: s.weekday,
  time: s.time,
  timeZone: s.timeZone,
  intervalWeeks: s.intervalWeeks,
  durationMinutes: s.durationMinutes,
  startsOn: s.startsOn,
  endsOn: s.endsOn,
  active: s.active,
});

/** Schedules by manager or by rep (inactive ones too: their past still counts until `endsOn`). */
export async function loadSchedules(db: Db, where: { managerIds?: readonly number[]; repIds?: readonly number[] }): Promise<StoredSchedule[]> {
  const condition = where.managerIds ? sql`manager_id in (${idList(where.managerIds)})` : sql`rep_id in (${idList(where.repIds ?? [])})`;
  const rows = await query<ScheduleRow>(
    db,
    sql`select id, manager_id, rep_id, weekday, time, time_zone, duration_minutes, interval_weeks, to_char(starts_on, 'YYYY-MM-DD') as starts_on,
               to_char(ends_on, 'YYYY-MM-DD') as ends_on, active
        from one_on_one_schedules where ${condition} order by rep_id`,
  );
  return rows.map(toSchedule);
}

export async function loadHeld(db: Db, where: { managerIds?: readonly number[]; repIds?: readonly number[] }): Promise<HeldMeeting[]> {
  const condition = where.managerIds ? sql`manager_id in (${idList(where.managerIds)})` : sql`rep_id in (${idList(where.repIds ?? [])})`;
  const rows = await query<{ manager_id: number; rep_id: number; held_at: string | Date }>(
    db,
    sql`select manager_id, rep_id, held_at from one_on_ones where held_at is not null and ${condition}`,
  );
  return rows.map((r) => ({ managerId: Number(r.manager_id), repId: Number(r.rep_id), at: new Date(r.held_at) }));
}

/** Every scheduled 1:1 from each series' start up to `now`, judged as of `now` (pending ones left out). */
export function judgeHistory(schedules: readonly StoredSchedule[], held: readonly HeldMeeting[], config: CadenceConfigInput, now: Date): JudgedMeeting[] {
  if (schedules.length === 0) return [];
  const from = new Date(Math.min(...schedules.map((s) => new Date(`${s.startsOn}T00:00:00Z`).getTime())) - 86_400_000);
  return judgeMeetings(scheduledMeetings(schedules, from, now), held, config, now);
}
