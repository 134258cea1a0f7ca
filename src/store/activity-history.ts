/**
 * Loaders that turn stored rows into the plain facts the activity-management domain reads
 * (src/domain/targets/history.ts): opportunities in major units, activity counts per UTC day
 * from the activity_daily aggregate, quotas, stage order and team membership. One query each.
 */
import { sql } from "drizzle-orm";
import type { AccountProfile } from "../domain/scorecards/icp.js";
import type { ActivityFacts, ActivityKind, OpportunityFacts } from "../domain/targets/history.js";
import { isoDay, parsePeriod, type Period } from "../domain/periods.js";
import { query, type Db } from "./db.js";

export interface RepRow {
  id: number;
  name: string;
  role: "rep" | "manager" | "admin";
  teamId: number | null;
  managerId: number | null;
  active: boolean;
}

export interface LoadedOpportunity extends OpportunityFacts {
  id: number;
  accountId: number | null;
  account: AccountProfile | null;
}

const idList = (ids: readonly number[]) => (ids.length ? sql.join(ids.map((id) => sql`${id}`), sql`, `) : sql`null`);

/** A team and all its sub-teams (a regional office and the teams under it). */
export async function teamSubtree(db: Db, teamId: number): Promise<number[]> {
  const rows = await query<{ id: number }>(
    db,
    sql`with recursive t(id) as (select id from teams where id = ${teamId}
          union select c.id from teams c join t on c.parent_id = t.id)
        select id from t order by id`,
  );
  return rows.map((r) => Number(r.id));
}

export async function findUser(db: Db, id: number): Promise<RepRow | undefined> {
  const [row] = await query<UserRow>(
    db,
    sql`select id, name, role, team_id, manager_id, active from users where id = ${id}`,
  );
  return row && toRep(row);
}

export async function findUserByName(db: Db, name: string): Promise<RepRow | undefined> {
  const [row] = await query<UserRow>(
    db,
    sql`select id, name, role, team_id, manager_id, active from users where name = ${name}`,
  );
  return row && toRep(row);
}

type UserRow = { id: number; name: string; role: RepRow["role"]; team_id: number | null; manager_id: number | null; active: boolean };

function toRep(r: UserRow): RepRow {
  return { id: Number(r.id), name: r.name, role: r.role, teamId: r.team_id === null ? null : Number(r.team_id), managerId: r.manager_id === null ? null : Number(r.manager_id), active: r.active };
}

/**
 * The reps (role rep) of the given teams, by name. Inactive reps are included unless
 * `activeOnly`: their history still counts in the periods they worked.
 */
export async function teamReps(db: Db, teamIds: readonly number[], options: { activeOnly?: boolean } = {}): Promise<RepRow[]> {
  if (teamIds.length === 0) return [];
  // One JSON value rather than a row per rep: PGlite hands rows over one at a time, which for
  // a 1,000-rep organisation costs more than the query (json_build_array: about a third of it).
  const [row] = await query<{ reps: string | null }>(
    db,
    sql`select json_agg(json_build_array(id, name, role, team_id, manager_id, active) order by name)::text as reps
        from users where role = 'rep' and team_id in (${idList(teamIds)}) ${options.activeOnly ? sql`and active` : sql``}`,
  );
  if (!row?.reps) return [];
  return (JSON.parse(row.reps) as [number, string, RepRow["role"], number | null, number | null, boolean][]).map(([id, name, role, team_id, manager_id, active]) =>
    toRep({ id, name, role, team_id, manager_id, active }),
  );
}

/** Open stages in pipeline order. */
export async function stageOrder(db: Db): Promise<string[]> {
  const rows = await query<{ name: string }>(db, sql`select name from stages where closes is null order by position`);
  return rows.map((r) => r.name);
}

const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string | Date));
const money = (cents: unknown): number | null => (cents === null || cents === undefined ? null : Number(cents) / 100);

/** Every opportunity owned by these people, with its stage and account profile: one query. */
export async function loadOpportunities(db: Db, ownerIds: readonly number[]): Promise<LoadedOpportunity[]> {
  if (ownerIds.length === 0) return [];
  const rows = await query<{
    id: string;
    owner_id: number;
    outcome: "open" | "won" | "lost";
    stage: string;
    value_cents: string | null;
    cost_cents: string | null;
    created_on: string | null;
    engaged_at: string | null;
    closed_at: string | null;
    account_id: number | null;
    sector: string | null;
    employees: number | null;
    location: string | null;
  }>(
    db,
    sql`select o.id::text as id, o.owner_id, o.outcome, s.name as stage, o.value_cents::text as value_cents,
               o.cost_cents::text as cost_cents, o.created_on, o.engaged_at, o.closed_at, o.account_id,
               a.sector, a.employees, a.location
        from opportunities o join stages s on s.id = o.stage_id left join accounts a on a.id = o.account_id
        where o.owner_id in (${idList(ownerIds)})`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    ownerId: Number(r.owner_id),
    outcome: r.outcome,
    stage: r.stage,
    furthestStage: null,
    value: money(r.value_cents),
    cost: money(r.cost_cents),
    createdOn: toDate(r.created_on),
    engagedAt: toDate(r.engaged_at),
    closedAt: toDate(r.closed_at),
    accountId: r.account_id === null ? null : Number(r.account_id),
    // The account's location stands for its region in the ideal customer profile.
    account: r.account_id === null ? null : { sector: r.sector, employees: r.employees === null ? null : Number(r.employees), region: r.location },
  }));
}

/**
 * Activity counts of these reps per UTC day in `[from, to)` (day granularity: a day is in
 * when its midnight is), as facts stamped at the day's midnight with their `count`;
 * `proactiveOnly` leaves out the reactive counts (targets read only the proactive ones).
 */
export async function loadDailyActivity(
  db: Db,
  repIds: readonly number[],
  window: { start: Date; end: Date },
  options: { proactiveOnly?: boolean } = {},
): Promise<ActivityFacts[]> {
  if (repIds.length === 0) return [];
  const rows = await query<{ rep_id: number; day: string; kind: ActivityKind; proactive: boolean; n: number }>(
    db,
    sql`select rep_id, to_char(day, 'YYYY-MM-DD') as day, kind, proactive, count as n from activity_daily
        where rep_id in (${idList(repIds)}) and day >= ${isoDay(window.start)}::date and day < ${dayCeil(window.end)}::date and count > 0
              ${options.proactiveOnly ? sql`and proactive` : sql``}`,
  );
  return rows
    .map((r) => ({ repId: Number(r.rep_id), kind: r.kind, proactive: r.proactive, at: new Date(`${r.day}T00:00:00Z`), count: Number(r.n) }))
    .filter((a) => a.at.getTime() < window.end.getTime());
}

/** The first day whose midnight is at or after `end` (so `day < it` keeps midnights before `end`). */
function dayCeil(end: Date): string {
  const midnight = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
  return isoDay(new Date(midnight === end.getTime() ? midnight : midnight + 86_400_000));
}

/**
 * Each rep's quota for the period in major units: the quota of that period, else (for a
 * quarter) the sum of its months' quotas when there are any. Reps without either are absent.
 */
export async function loadQuotas(db: Db, repIds: readonly number[], period: Period): Promise<Map<number, number>> {
  if (repIds.length === 0) return new Map();
  const labels = [period.label];
  if (period.kind === "quarter") {
    for (let m = 0; m < 3; m++) {
      const d = new Date(Date.UTC(period.start.getUTCFullYear(), period.start.getUTCMonth() + m, 1));
      labels.push(d.toISOString().slice(0, 7));
    }
  }
  const rows = await query<{ rep_id: number; period: string; cents: string }>(
    db,
    sql`select rep_id, period, amount_cents::text as cents from quotas
        where rep_id in (${idList(repIds)}) and period in (${sql.join(labels.map((l) => sql`${l}`), sql`, `)})`,
  );
  const exact = new Map<number, number>();
  const months = new Map<number, number>();
  for (const r of rows) {
    const amount = Number(r.cents) / 100;
    if (r.period === period.label) exact.set(Number(r.rep_id), amount);
    else months.set(Number(r.rep_id), (months.get(Number(r.rep_id)) ?? 0) + amount);
  }
  for (const [rep, amount] of months) if (!exact.has(rep)) exact.set(rep, amount);
  return exact;
}

/** `period` parsed, or the month holding `now`. */
export function periodOrCurrent(label: string | undefined, now: Date): Period {
  if (label) return parsePeriod(label);
  return parsePeriod(now.toISOString().slice(0, 7));
}
