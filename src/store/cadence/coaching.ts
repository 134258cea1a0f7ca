/**
 * The coaching cadence (D3): a recurring 1:1 per rep, the manager's queue of upcoming 1:1s
 * with their agendas, holding a 1:1 (notes, decisions, commitments that become promises),
 * the 24 h reminders and the manager's iCalendar feed. A scheduled occurrence becomes a
 * `one_on_ones` row when it first enters the queue (or its reminder is due), so it has an id
 * to hold it by.
 */
import { sql } from "drizzle-orm";
import { renderIcs, scheduleOccurrences, scheduledMeetings } from "../../domain/cadence/index.js";
import { addDays, isoDay } from "../../domain/periods.js";
import type { CoachingQueue, HoldBody, OneOnOneView, ScheduleBody, ScheduleView } from "../../schemas/cadence.js";
import { agendaSchema } from "../../schemas/cadence.js";
import { enqueue } from "../../notify/outbox.js";
import { findUser, type RepRow } from "../activity-history.js";
import { appendAudit } from "../audit.js";
import { query, type Db } from "../db.js";
import { repAgenda } from "./agenda.js";
import { CadenceError } from "./errors.js";
import { loadPromises, promiseView } from "./rows.js";
import { loadSchedules, scheduleView } from "./schedules.js";

type Tx = Db;
const iso = (d: Date) => d.toISOString();

/**
 * Creates or replaces the rep's series; deactivating ends it today (its past still counts).
 * The change and its audit row (the series before and after) commit together.
 */
export async function putSchedule(db: Db, options: { managerId: number; rep: RepRow; body: ScheduleBody; now: Date; actorId: number }): Promise<ScheduleView> {
  const { body, rep, now } = options;
  const today = isoDay(now);
  const startsOn = body.startsOn ?? today;
  const endsOn = body.active ? body.endsOn : (body.endsOn ?? today);
  if (endsOn !== null && endsOn < startsOn) throw new CadenceError("validation", "endsOn must not be before startsOn", "endsOn");
  return db.transaction(async (t) => {
    const tx = t as unknown as Tx;
    await query(tx, sql`select id from one_on_one_schedules where rep_id = ${rep.id} for update`);
    const [before] = await loadSchedules(tx, { repIds: [rep.id] });
    await upsertSchedule(tx, { ...options, startsOn, endsOn });
    // Upcoming 1:1s made concrete from the old series are no longer scheduled: the queue makes the new ones.
    await query(tx, sql`delete from one_on_ones where rep_id = ${rep.id} and held_at is null and scheduled_for >= ${iso(now)}::timestamptz`);
    const [schedule] = await loadSchedules(tx, { repIds: [rep.id] });
    const after = scheduleView(schedule!);
    await appendAudit(tx, { actorId: options.actorId, action: "one-on-one-schedule", entity: "one_on_one_schedule", entityId: rep.id, before: before ? scheduleView(before) : null, after });
    return after;
  });
}

async function upsertSchedule(db: Db, options: { managerId: number; rep: RepRow; body: ScheduleBody; startsOn: string; endsOn: string | null }): Promise<void> {
  const { body, rep, startsOn, endsOn } = options;
  await query(
    db,
    sql`insert into one_on_one_schedules (manager_id, rep_id, weekday, time, time_zone, duration_minutes, interval_weeks, starts_on, ends_on, active)
        values (${options.managerId}, ${rep.id}, ${body.weekday}, ${body.time}, ${body.timeZone}, ${body.durationMinutes}, ${body.intervalWeeks},
                ${startsOn}::date, ${endsOn}::date, ${body.active})
        on conflict (rep_id) do update set manager_id = excluded.manager_id, weekday = excluded.weekday, time = excluded.time,
          time_zone = excluded.time_zone, duration_minutes = excluded.duration_minutes, interval_weeks = excluded.interval_weeks,
          starts_on = excluded.starts_on, ends_on = excluded.ends_on, active = excluded.active, updated_at = now()`,
  );
}

export async function getSchedule(db: Db, repId: number): Promise<ScheduleView | null> {
  const [schedule] = await loadSchedules(db, { repIds: [repId] });
  return schedule ? scheduleView(schedule) : null;
}

/** Makes the occurrences concrete (idempotent) and returns their rows, not yet held. */
async function materialize(db: Db, meetings: readonly { managerId: number; repId: number; at: Date }[]): Promise<{ id: number; managerId: number; repId: number; scheduledFor: Date; reminderQueuedAt: Date | null }[]> {
  if (meetings.length === 0) return [];
  const values = sql.join(meetings.map((m) => sql`(${m.managerId}, ${m.repId}, ${iso(m.at)}::timestamptz)`), sql`, `);
  await query(db, sql`insert into one_on_ones (manager_id, rep_id, scheduled_for) values ${values} on conflict do nothing`);
  const keys = sql.join(meetings.map((m) => sql`(${m.managerId}, ${m.repId}, ${iso(m.at)}::timestamptz)`), sql`, `);
  const rows = await query<{ id: string; manager_id: number; rep_id: number; scheduled_for: string | Date; reminder_queued_at: string | Date | null }>(
    db,
    sql`select id::text as id, manager_id, rep_id, scheduled_for, reminder_queued_at from one_on_ones
        where (manager_id, rep_id, scheduled_for) in (${keys}) and held_at is null order by scheduled_for, rep_id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    managerId: Number(r.manager_id),
    repId: Number(r.rep_id),
    scheduledFor: new Date(r.scheduled_for),
    reminderQueuedAt: r.reminder_queued_at === null ? null : new Date(r.reminder_queued_at),
  }));
}

/** The manager's 1:1s in `[now, now + days)`, each with the rep's agenda as of now. */
export async function coachingQueue(db: Db, options: { managerId: number; now: Date; days: number }): Promise<CoachingQueue> {
  const { now } = options;
  const to = addDays(now, options.days);
  const schedules = (await loadSchedules(db, { managerIds: [options.managerId] })).filter((s) => s.active);
  const rows = await materialize(db, scheduledMeetings(schedules, now, to));
  const agendas = new Map<number, Awaited<ReturnType<typeof repAgenda>>>();
  const reps = new Map<number, RepRow>();
  for (const repId of new Set(rows.map((r) => r.repId))) {
    const rep = await findUser(db, repId);
    if (!rep) continue;
    reps.set(repId, rep);
    agendas.set(repId, await repAgenda(db, rep, now));
  }
  return {
    managerId: options.managerId,
    from: iso(now),
    to: iso(to),
    meetings: rows
      .filter((r) => reps.has(r.repId))
      .map((r) => ({ id: r.id, repId: r.repId, repName: reps.get(r.repId)!.name, scheduledFor: iso(r.scheduledFor), agenda: agendas.get(r.repId)! })),
  };
}

type OneOnOneRow = {
  id: string;
  manager_id: number;
  rep_id: number;
  scheduled_for: string | Date;
  held_at: string | Date | null;
  notes: string | null;
  decisions: string | null;
  agenda: unknown;
};

export async function findOneOnOne(db: Db, id: number): Promise<{ id: number; managerId: number; repId: number; heldAt: Date | null } | undefined> {
  const [row] = await query<OneOnOneRow>(db, sql`select id::text as id, manager_id, rep_id, held_at from one_on_ones where id = ${id}`);
  return row && { id: Number(row.id), managerId: Number(row.manager_id), repId: Number(row.rep_id), heldAt: row.held_at === null ? null : new Date(row.held_at) };
}

/** `live`: a 1:1 not held yet carries the agenda as it stands now (one agenda built: for the single read, not lists). */
export async function getOneOnOne(db: Db, id: number, now: Date, options: { live?: boolean } = {}): Promise<OneOnOneView> {
  const [row] = await query<OneOnOneRow>(
    db,
    sql`select id::text as id, manager_id, rep_id, scheduled_for, held_at, notes, decisions, agenda from one_on_ones where id = ${id}`,
  );
  if (!row) throw new CadenceError("not_found", "1:1 not found.");
  const commitments = await loadPromises(db, { oneOnOneId: id });
  const stored = agendaSchema.safeParse(row.agenda);
  const agenda = row.held_at === null && options.live ? await liveAgenda(db, Number(row.rep_id), now) : stored.success ? stored.data : null;
  return {
    id: Number(row.id),
    managerId: Number(row.manager_id),
    repId: Number(row.rep_id),
    scheduledFor: new Date(row.scheduled_for).toISOString(),
    heldAt: row.held_at === null ? null : new Date(row.held_at).toISOString(),
    notes: row.notes,
    decisions: row.decisions,
    agenda,
    commitments: commitments.map((p) => promiseView(p, now)),
  };
}

/** A 1:1 not held yet is run from the agenda as it stands now (it is stored when held). */
async function liveAgenda(db: Db, repId: number, now: Date): Promise<OneOnOneView["agenda"]> {
  const rep = await findUser(db, repId);
  return rep ? repAgenda(db, rep, now) : null;
}

/** The rep's 1:1s, newest first (held or not). */
export async function listOneOnOnes(db: Db, repId: number, now: Date): Promise<OneOnOneView[]> {
  const rows = await query<{ id: string }>(db, sql`select id::text as id from one_on_ones where rep_id = ${repId} order by scheduled_for desc limit 100`);
  const out: OneOnOneView[] = [];
  for (const r of rows) out.push(await getOneOnOne(db, Number(r.id), now));
  return out;
}

/** Records a 1:1 as held, with its agenda as it stands, notes, decisions and commitments (promises), once. */
export async function holdOneOnOne(db: Db, options: { id: number; body: HoldBody; now: Date; actorId: number }): Promise<OneOnOneView> {
  const { body, now } = options;
  const meeting = await findOneOnOne(db, options.id);
  if (!meeting) throw new CadenceError("not_found", "1:1 not found.");
  if (meeting.heldAt !== null) throw new CadenceError("conflict", `This 1:1 was already held at ${meeting.heldAt.toISOString()}.`);
  const heldAt = body.heldAt ? new Date(body.heldAt) : now;
  if (heldAt.getTime() > now.getTime()) throw new CadenceError("validation", "heldAt must not be in the future", "heldAt");
  const late = body.commitments.findIndex((c) => c.due < isoDay(heldAt));
  if (late >= 0) throw new CadenceError("validation", `a commitment cannot be due before the 1:1 (${body.commitments[late]!.due})`, `commitments.${late}.due`);
  const rep = await findUser(db, meeting.repId);
  if (!rep) throw new CadenceError("not_found", "Rep not found.");
  const agenda = await repAgenda(db, rep, heldAt);
  await db.transaction(async (t) => {
    const tx = t as unknown as Tx;
    const held = await query(
      tx,
      sql`update one_on_ones set held_at = ${iso(heldAt)}::timestamptz, notes = ${body.notes}, decisions = ${body.decisions}, agenda = ${JSON.stringify(agenda)}::jsonb
          where id = ${meeting.id} and held_at is null returning id`,
    );
    if (held.length === 0) throw new CadenceError("conflict", "This 1:1 was already held.");
    const promiseIds: number[] = [];
    for (const c of body.commitments) {
      const [p] = await query<{ id: string }>(
        tx,
        sql`insert into promises (rep_id, one_on_one_id, subject, text, due) values (${meeting.repId}, ${meeting.id}, 'rep', ${c.text}, ${c.due}::date) returning id::text as id`,
      );
      promiseIds.push(Number(p!.id));
    }
    await appendAudit(tx, {
      actorId: options.actorId,
      action: "one-on-one-hold",
      entity: "one_on_one",
      entityId: meeting.id,
      before: { heldAt: null },
      after: { managerId: meeting.managerId, repId: meeting.repId, heldAt: iso(heldAt), notes: body.notes, decisions: body.decisions, commitments: body.commitments.map((c, i) => ({ promiseId: promiseIds[i], ...c })) },
    });
  });
  return getOneOnOne(db, meeting.id, now);
}

/**
 * Queues the reminder of every 1:1 starting within 24 h of `now` (manager and rep), once per
 * 1:1, each in the transaction that marks it reminded.
 */
export async function queueReminders(db: Db, now: Date): Promise<number> {
  const schedules = (await query<{ manager_id: number }>(db, sql`select distinct manager_id from one_on_one_schedules where active`)).map((r) => Number(r.manager_id));
  if (schedules.length === 0) return 0;
  const active = (await loadSchedules(db, { managerIds: schedules })).filter((s) => s.active);
  const rows = await materialize(db, scheduledMeetings(active, now, addDays(now, 1)));
  let queued = 0;
  for (const row of rows.filter((r) => r.reminderQueuedAt === null)) {
    await db.transaction(async (t) => {
      const tx = t as unknown as Tx;
      const marked = await query<{ team_id: number | null }>(
        tx,
        sql`update one_on_ones o set reminder_queued_at = ${iso(now)}::timestamptz from users u
            where o.id = ${row.id} and o.reminder_queued_at is null and u.id = o.rep_id returning u.team_id`,
      );
      if (marked.length === 0) return;
      queued++;
      await enqueue(
        tx,
        "one-on-one.reminder",
        { oneOnOneId: row.id, managerId: row.managerId, repId: row.repId, scheduledFor: iso(row.scheduledFor), teamId: marked[0]!.team_id, recipients: [row.managerId, row.repId] },
        now,
      );
    });
  }
  return queued;
}

/** The manager's active 1:1 series as an iCalendar feed (RFC 5545). */
export async function managerIcs(db: Db, managerId: number, now: Date): Promise<string> {
  const [manager] = await query<{ id: number; name: string; email: string | null }>(db, sql`select id, name, email from users where id = ${managerId}`);
  if (!manager) throw new CadenceError("not_found", "Manager not found.");
  const schedules = (await loadSchedules(db, { managerIds: [managerId] })).filter((s) => s.active && scheduleOccurrences(s, now, addDays(now, 3660)).length > 0);
  const reps = schedules.length
    ? await query<{ id: number; name: string; email: string | null }>(db, sql`select id, name, email from users where id in (${sql.join(schedules.map((s) => sql`${s.repId}`), sql`, `)})`)
    : [];
  const repOf = new Map(reps.map((r) => [Number(r.id), { id: Number(r.id), name: r.name, email: r.email }]));
  return renderIcs(
    { id: Number(manager.id), name: manager.name, email: manager.email },
    schedules.filter((s) => repOf.has(s.repId)).map((s) => ({ rep: repOf.get(s.repId)!, schedule: s })),
    now,
  );
}
