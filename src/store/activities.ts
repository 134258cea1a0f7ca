/**
 * Activities one at a time and field visits (D7): resolve what the form names (account by
 * name, opportunity and lead by external id), check every reference before writing, then
 * write one row, so a refused request changes nothing. The activity_daily aggregate follows
 * by trigger.
 */
import { sql } from "drizzle-orm";
import type { Activity } from "../schemas/activity.js";
import type { ActivityKind } from "./schema.js";
import { query, type Db } from "./db.js";

export class ActivityInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly code: "validation" | "not_found" | "conflict" = "validation",
  ) {
    super(`${field}: ${reason}`);
  }
}

export interface NewActivity {
  repId: number;
  kind: ActivityKind;
  proactive: boolean;
  at: Date;
  durationMinutes?: number | null;
  account?: string;
  accountId?: number;
  opportunity?: string;
  opportunityId?: number;
  lead?: string;
  outcome?: string | null;
  externalId?: string;
  latitude?: number;
  longitude?: number;
}

async function resolveOne(db: Db, statement: ReturnType<typeof sql>, field: string, what: string, value: string | number): Promise<number> {
  const [row] = await query<{ id: string }>(db, statement);
  if (!row) throw new ActivityInputError(field, `unknown ${what} ${typeof value === "string" ? `"${value}"` : value}`);
  return Number(row.id);
}

async function resolveRefs(db: Db, a: NewActivity) {
  const accountId =
    a.accountId !== undefined
      ? await resolveOne(db, sql`select id::text as id from accounts where id = ${a.accountId}`, "accountId", "account id", a.accountId)
      : a.account !== undefined
        ? await resolveOne(db, sql`select id::text as id from accounts where name = ${a.account}`, "account", "account", a.account)
        : null;
  const opportunity =
    a.opportunityId !== undefined
      ? await query<{ id: string; account_id: number | null }>(db, sql`select id::text as id, account_id from opportunities where id = ${a.opportunityId}`)
      : a.opportunity !== undefined
        ? await query<{ id: string; account_id: number | null }>(db, sql`select id::text as id, account_id from opportunities where external_id = ${a.opportunity}`)
        : [];
  if ((a.opportunityId !== undefined || a.opportunity !== undefined) && opportunity.length === 0) {
    const field = a.opportunityId !== undefined ? "opportunityId" : "opportunity";
    throw new ActivityInputError(field, `unknown opportunity ${a.opportunityId ?? `"${a.opportunity}"`}`);
  }
  const leadId =
    a.lead !== undefined ? await resolveOne(db, sql`select id::text as id from leads where external_id = ${a.lead}`, "lead", "lead", a.lead) : null;
  const opp = opportunity[0];
  // An activity on an opportunity is on its account too (follow-ups match on either).
  return {
    accountId: accountId ?? (opp?.account_id == null ? null : Number(opp.account_id)),
    opportunityId: opp ? Number(opp.id) : null,
    leadId,
  };
}

/** Inserts one activity after checking its references; returns it as stored. */
export async function insertActivity(db: Db, a: NewActivity): Promise<Activity> {
  const refs = await resolveRefs(db, a);
  if (a.externalId !== undefined) {
    const [taken] = await query(db, sql`select 1 as x from activities where external_id = ${a.externalId}`);
    if (taken) throw new ActivityInputError("externalId", `an activity with externalId "${a.externalId}" already exists`, "conflict");
  }
  const [row] = await query<{ id: string }>(
    db,
    sql`insert into activities (external_id, rep_id, kind, proactive, at, duration_minutes, account_id, opportunity_id, lead_id, outcome, latitude, longitude)
        values (${a.externalId ?? null}, ${a.repId}, ${a.kind}, ${a.proactive}, ${a.at.toISOString()}::timestamptz, ${a.durationMinutes ?? null},
                ${refs.accountId}, ${refs.opportunityId}, ${refs.leadId}, ${a.outcome ?? null}, ${a.latitude ?? null}, ${a.longitude ?? null})
        returning id::text as id`,
  );
  return (await findActivity(db, Number(row!.id)))!;
}

type ActivityRow = {
  id: string;
  external_id: string | null;
  rep_id: number;
  rep_name: string;
  team_id: number | null;
  kind: ActivityKind;
  proactive: boolean;
  at: string | Date;
  duration_minutes: number | null;
  account_id: number | null;
  account_name: string | null;
  opportunity_id: string | null;
  opportunity_external_id: string | null;
  lead_id: string | null;
  outcome: string | null;
  latitude: number | null;
  longitude: number | null;
  check_out_at: string | Date | null;
};

const SELECT = sql`select a.id::text as id, a.external_id, a.rep_id, u.name as rep_name, u.team_id, a.kind, a.proactive, a.at, a.duration_minutes,
         a.account_id, ac.name as account_name, a.opportunity_id::text as opportunity_id, o.external_id as opportunity_external_id,
         a.lead_id::text as lead_id, a.outcome, a.latitude, a.longitude, a.check_out_at
  from activities a join users u on u.id = a.rep_id
  left join accounts ac on ac.id = a.account_id left join opportunities o on o.id = a.opportunity_id`;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toActivity(r: ActivityRow): Activity & { teamId: number | null } {
  return {
    id: Number(r.id),
    externalId: r.external_id,
    repId: Number(r.rep_id),
    repName: r.rep_name,
    teamId: num(r.team_id),
    kind: r.kind,
    proactive: r.proactive,
    at: new Date(r.at).toISOString(),
    durationMinutes: num(r.duration_minutes),
    accountId: num(r.account_id),
    accountName: r.account_name,
    opportunityId: num(r.opportunity_id),
    opportunityExternalId: r.opportunity_external_id,
    leadId: num(r.lead_id),
    outcome: r.outcome,
    latitude: num(r.latitude),
    longitude: num(r.longitude),
    checkOutAt: r.check_out_at === null ? null : new Date(r.check_out_at).toISOString(),
  };
}

export async function findActivity(db: Db, id: number): Promise<(Activity & { teamId: number | null }) | undefined> {
  const [row] = await query<ActivityRow>(db, sql`${SELECT} where a.id = ${id}`);
  return row && toActivity(row);
}

/** A rep's activities in `[from, to)`, newest first. */
export async function listActivities(db: Db, options: { repId: number; from?: Date; to?: Date; limit: number }): Promise<Activity[]> {
  const rows = await query<ActivityRow>(
    db,
    sql`${SELECT} where a.rep_id = ${options.repId}
        ${options.from ? sql`and a.at >= ${options.from.toISOString()}::timestamptz` : sql``}
        ${options.to ? sql`and a.at < ${options.to.toISOString()}::timestamptz` : sql``}
        order by a.at desc, a.id desc limit ${options.limit}`,
  );
  return rows.map((r) => {
    const { teamId: _team, ...activity } = toActivity(r);
    return activity;
  });
}

/** Checks a visit out: sets check_out_at, the minutes on site and the outcome. */
export async function checkOutVisit(
  db: Db,
  options: { id: number; at: Date; outcome: string; latitude?: number; longitude?: number },
): Promise<Activity & { teamId: number | null }> {
  const visit = await findActivity(db, options.id);
  if (!visit || visit.kind !== "visit") throw new ActivityInputError("id", `no visit ${options.id}`, "not_found");
  if (visit.checkOutAt !== null) throw new ActivityInputError("id", `visit ${options.id} was checked out at ${visit.checkOutAt}`, "conflict");
  const checkIn = new Date(visit.at);
  if (options.at < checkIn) throw new ActivityInputError("at", `check-out ${options.at.toISOString()} is before the check-in ${visit.at}`);
  const minutes = Math.round((options.at.getTime() - checkIn.getTime()) / 60_000);
  // The place is where the rep checked in; a check-out position fills it only when that is missing.
  await query(
    db,
    sql`update activities set check_out_at = ${options.at.toISOString()}::timestamptz, duration_minutes = ${minutes}, outcome = ${options.outcome},
          latitude = coalesce(latitude, ${options.latitude ?? null}), longitude = coalesce(longitude, ${options.longitude ?? null})
        where id = ${options.id} and check_out_at is null`,
  );
  return (await findActivity(db, options.id))!;
}

const ON_SITE_HOURS = 12;

/**
 * Visits of these reps in `[from, to)`: per rep the count, visits per week, median minutes on
 * site (checked-out visits) and distinct accounts; and who is on site at `now` (checked in
 * within the last 12 hours, not checked out). Reads only rows of kind visit.
 */
export async function visitStats(db: Db, options: { repIds: readonly number[]; from: Date; to: Date; now: Date }) {
  const { repIds, from, to, now } = options;
  if (repIds.length === 0) return { perRep: new Map<number, { visits: number; median: number | null; accounts: number }>(), onSite: [] };
  const ids = sql.join(repIds.map((id) => sql`${id}`), sql`, `);
  const [stats, onSite] = await Promise.all([
    query<{ rep_id: number; visits: number; median: number | null; accounts: number }>(
      db,
      sql`select rep_id, count(*)::int as visits,
                 percentile_cont(0.5) within group (order by duration_minutes) filter (where check_out_at is not null)::float8 as median,
                 count(distinct account_id)::int as accounts
          from activities where kind = 'visit' and rep_id in (${ids})
            and at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz
          group by rep_id`,
    ),
    query<ActivityRow>(
      db,
      sql`${SELECT} where a.kind = 'visit' and a.rep_id in (${ids}) and a.check_out_at is null
            and a.at <= ${now.toISOString()}::timestamptz and a.at > ${new Date(now.getTime() - ON_SITE_HOURS * 3_600_000).toISOString()}::timestamptz
          order by a.at desc`,
    ),
  ]);
  const perRep = new Map(stats.map((s) => [Number(s.rep_id), { visits: Number(s.visits), median: s.median === null ? null : Number(s.median), accounts: Number(s.accounts) }]));
  return {
    perRep,
    onSite: onSite.map((r) => {
      const { teamId: _team, ...activity } = toActivity(r);
      return activity;
    }),
  };
}
