/**
 * Read models for team pages: teams with their manager and rep count, and the per-rep
 * summary (open pipeline, activity over 30 days and 12 ISO weeks). Activity counts read the
 * activity_daily aggregate, never the raw activities. Money leaves here in major units.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { ActivityByKind, RepSummary, Team } from "../schemas/teams.js";
import { ACTIVITY_KIND_KEYS } from "../schemas/teams.js";
import { query, sql, type Db } from "./db.js";
import { teams, users, type Role } from "./schema.js";

const parent = alias(teams, "parent");
const manager = alias(users, "manager");

export async function listTeams(db: Db, ids: number[] | "all"): Promise<Team[]> {
  if (ids !== "all" && ids.length === 0) return [];
  const repCount = sql<number>`(select count(*)::int from ${users} u where u.team_id = ${teams.id} and u.role = 'rep' and u.active)`;
  const rows = await db
    .select({
      id: teams.id,
      name: teams.name,
      parentId: teams.parentId,
      parentName: parent.name,
      managerId: teams.managerId,
      managerName: manager.name,
      repCount,
    })
    .from(teams)
    .leftJoin(parent, eq(parent.id, teams.parentId))
    .leftJoin(manager, eq(manager.id, teams.managerId))
    .where(ids === "all" ? undefined : inArray(teams.id, ids))
    .orderBy(asc(teams.name));
  return rows.map((r) => ({ ...r, repCount: Number(r.repCount) }));
}

export async function findTeam(db: Db, id: number): Promise<Team | undefined> {
  const [team] = await listTeams(db, [id]);
  return team;
}

export interface PersonRow {
  id: number;
  name: string;
  email: string | null;
  role: Role;
  teamId: number | null;
  teamName: string | null;
  managerId: number | null;
  managerName: string | null;
  active: boolean;
  outOfOfficeFrom: Date | null;
  outOfOfficeTo: Date | null;
}

const team = alias(teams, "team");
const personColumns = {
  id: users.id,
  name: users.name,
  email: users.email,
  role: users.role,
  teamId: users.teamId,
  teamName: team.name,
  managerId: users.managerId,
  managerName: manager.name,
  active: users.active,
  outOfOfficeFrom: users.outOfOfficeFrom,
  outOfOfficeTo: users.outOfOfficeTo,
};

export async function findPerson(db: Db, id: number): Promise<PersonRow | undefined> {
  const [row] = await db
    .select(personColumns)
    .from(users)
    .leftJoin(team, eq(team.id, users.teamId))
    .leftJoin(manager, eq(manager.id, users.managerId))
    .where(eq(users.id, id));
  return row;
}

/** Active members of a team, any role, by name. */
export async function listTeamMembers(db: Db, teamId: number): Promise<PersonRow[]> {
  return db
    .select(personColumns)
    .from(users)
    .leftJoin(team, eq(team.id, users.teamId))
    .leftJoin(manager, eq(manager.id, users.managerId))
    .where(and(eq(users.teamId, teamId), eq(users.active, true)))
    .orderBy(asc(users.name));
}

const DAY_MS = 86_400_000;
export const WEEKS = 12;

export function isoDay(t: Date | number): string {
  return new Date(t).toISOString().slice(0, 10);
}

/** Monday (UTC) of the ISO week holding `t`. */
export function isoWeekStart(t: Date | number): string {
  const d = new Date(isoDay(t));
  return isoDay(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS);
}

/** The last `WEEKS` ISO week starts, oldest first, the week holding `now` last. */
export function lastWeekStarts(now: Date): string[] {
  const current = new Date(isoWeekStart(now)).getTime();
  return Array.from({ length: WEEKS }, (_, i) => isoDay(current - (WEEKS - 1 - i) * 7 * DAY_MS));
}

export function isOutOfOffice(person: Pick<PersonRow, "outOfOfficeFrom" | "outOfOfficeTo">, now: Date): boolean {
  if (!person.outOfOfficeFrom) return false;
  return person.outOfOfficeFrom <= now && (!person.outOfOfficeTo || now <= person.outOfOfficeTo);
}

const emptyByKind = (): ActivityByKind => Object.fromEntries(ACTIVITY_KIND_KEYS.map((k) => [k, 0])) as ActivityByKind;

/** Summaries for the given people, in the given order; `now` fixes "today" (UTC). */
export async function repSummaries(db: Db, people: PersonRow[], now: Date): Promise<RepSummary[]> {
  if (people.length === 0) return [];
  const ids = people.map((p) => p.id);
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const today = isoDay(now);
  const from30 = isoDay(now.getTime() - 29 * DAY_MS);
  const weekStarts = lastWeekStarts(now);

  const [pipeline, kinds, weeks] = await Promise.all([
    query<{ rep_id: number; n: number; cents: number }>(
      db,
      sql`select owner_id as rep_id, count(*)::int as n, coalesce(sum(value_cents), 0)::float8 as cents
          from opportunities where outcome = 'open' and owner_id in (${idList}) group by owner_id`,
    ),
    query<{ rep_id: number; kind: string; proactive: boolean; n: number }>(
      db,
      sql`select rep_id, kind, proactive, sum(count)::int as n from activity_daily
          where rep_id in (${idList}) and day between ${from30}::date and ${today}::date
          group by rep_id, kind, proactive`,
    ),
    query<{ rep_id: number; week: string; proactive: boolean; n: number }>(
      db,
      sql`select rep_id, to_char(day - (extract(isodow from day)::int - 1), 'YYYY-MM-DD') as week, proactive,
                 sum(count)::int as n
          from activity_daily
          where rep_id in (${idList}) and day between ${weekStarts[0]}::date and ${today}::date
          group by 1, 2, 3`,
    ),
  ]);

  return people.map((p) => {
    const open = pipeline.find((r) => Number(r.rep_id) === p.id);
    const activity30d = { total: 0, proactive: 0, reactive: 0, byKind: emptyByKind() };
    for (const row of kinds) {
      if (Number(row.rep_id) !== p.id) continue;
      const n = Number(row.n);
      activity30d.total += n;
      if (row.proactive) activity30d.proactive += n;
      else activity30d.reactive += n;
      if (row.kind in activity30d.byKind) activity30d.byKind[row.kind as keyof ActivityByKind] += n;
    }
    const weekly = weekStarts.map((weekStart) => ({ weekStart, proactive: 0, reactive: 0 }));
    for (const row of weeks) {
      if (Number(row.rep_id) !== p.id) continue;
      const week = weekly.find((w) => w.weekStart === row.week);
      if (!week) continue;
      if (row.proactive) week.proactive += Number(row.n);
      else week.reactive += Number(row.n);
    }
    return {
      id: p.id,
      name: p.name,
      email: p.email,
      role: p.role,
      outOfOffice: isOutOfOffice(p, now),
      openPipeline: { count: open ? Number(open.n) : 0, value: open ? Number(open.cents) / 100 : 0 },
      activity30d,
      weekly,
    };
  });
}
