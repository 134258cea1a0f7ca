/**
 * Loads what `routeLead` needs for one lead at t from the maintained aggregates, in four
 * queries: the team's members (with open leads), merit counts, proactive activity and leads
 * received. Each window is exact: whole days from the daily aggregate, the boundary days from
 * raw rows (see windows.ts).
 */
import {
  ROUTING_ACTIVITY_KINDS,
  effectiveSimilarityKeys,
  sizeBandOf,
  type CandidateInput,
  type HistoryCounts,
  type LeadInput,
  type RoutingActivityKind,
  type RoutingParams,
} from "../../domain/routing/index.js";
import { query, sql, type Db } from "../db.js";
import { digitRange } from "./keys.js";
import { splitWindow, type SplitWindow } from "./windows.js";

/** A lead row as routing reads it (names resolved). */
export interface LeadRecord {
  id: number;
  externalId: string;
  teamId: number | null;
  arrivedAt: Date;
  productId: number | null;
  product: string | null;
  segment: string | null;
  region: string | null;
  language: string | null;
  valueCents: number | null;
}

export function leadInput(lead: LeadRecord, params: RoutingParams): LeadInput {
  return {
    id: lead.id,
    ref: lead.externalId,
    product: lead.product,
    segment: lead.segment,
    region: lead.region,
    language: lead.language,
    sizeBand: sizeBandOf(lead.valueCents, params.sizeBandEdgesCents),
  };
}

export const intArray = (ids: readonly number[]) => `{${ids.join(",")}}`;

interface MemberRow extends Record<string, unknown> {
  id: number;
  name: string;
  role: "rep" | "manager" | "admin";
  active: boolean;
  out_of_office_from: Date | string | null;
  out_of_office_to: Date | string | null;
  regions: string[];
  segments: string[];
  products: string[];
  languages: string[];
  capacity: number | null;
  open_leads: number | string | null;
}

const toDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

/** The team's members (org-wide: everyone), with their open-lead load. */
async function loadMembers(db: Db, teamId: number | null): Promise<MemberRow[]> {
  return query<MemberRow>(
    db,
    sql`select u.id, u.name, u.role, u.active, u.out_of_office_from, u.out_of_office_to, u.regions, u.segments,
               u.products, u.languages, u.capacity, coalesce(l.open_leads, 0) as open_leads
        from users u left join rep_lead_load l on l.rep_id = u.id
        where ${teamId === null ? sql`true` : sql`u.team_id = ${teamId}`}
        order by u.id`,
  );
}

/** The "similar" predicate over columns (product_id, segment, region, value_digits) of the lead. */
function similarPredicate(lead: LeadRecord, params: RoutingParams): { predicate: ReturnType<typeof sql>; exactBand: boolean } {
  const keys = effectiveSimilarityKeys(leadInput(lead, params), params.similarityKeys);
  const parts = [sql`true`];
  let exactBand = true;
  for (const key of keys) {
    if (key === "product") parts.push(sql`product_id = ${lead.productId ?? 0}`);
    if (key === "segment") parts.push(sql`segment = ${lead.segment}`);
    if (key === "region") parts.push(sql`region = ${lead.region}`);
    if (key === "sizeBand") {
      const range = digitRange(lead.valueCents!, params.sizeBandEdgesCents);
      if (range) parts.push(sql`value_digits between ${range.min} and ${range.max}`);
      else exactBand = false;
    }
  }
  return { predicate: sql.join(parts, sql` and `), exactBand };
}

interface MeritRow extends Record<string, unknown> {
  rep_id: number;
  wins_all: number | string;
  closed_all: number | string;
  wins_similar: number | string;
  closed_similar: number | string;
}

/** Raw closed opportunities of `reps` in `ranges`, with the aggregate's key columns. */
function rawClosed(repIds: string, ranges: ReturnType<typeof sql>) {
  return sql`select o.owner_id as rep_id, coalesce(o.product_id, 0) as product_id, routing_account_segment(a.employees) as segment,
                    coalesce(t.region, '') as region, routing_value_digits(o.value_cents) as value_digits, o.value_cents,
                    (o.outcome = 'won')::int as wins, 1 as closed
             from opportunities o
             left join accounts a on a.id = o.account_id
             left join users u on u.id = o.owner_id
             left join teams t on t.id = u.team_id
             where o.owner_id = any(${repIds}::int[]) and o.outcome in ('won', 'lost') and (${ranges})`;
}

function rawRanges(column: ReturnType<typeof sql>, w: SplitWindow) {
  return sql`(${column} >= ${w.start.toISOString()}::timestamptz and ${column} < ${w.fromMidnight.toISOString()}::timestamptz)
          or (${column} >= ${w.toMidnight.toISOString()}::timestamptz and ${column} < ${w.end.toISOString()}::timestamptz)`;
}

/** Merit counts per member over `[t − meritWindowDays, t)`. */
async function loadMerit(db: Db, memberIds: number[], lead: LeadRecord, params: RoutingParams, now: Date): Promise<Map<number, HistoryCounts>> {
  const w = splitWindow(now, params.meritWindowDays);
  const ids = intArray(memberIds);
  const { predicate, exactBand } = similarPredicate(lead, params);
  let source;
  if (exactBand) {
    source = sql`select rep_id, product_id, segment, region, value_digits, null::bigint as value_cents, wins, closed
                 from opportunity_close_daily
                 where rep_id = any(${ids}::int[]) and day >= ${w.fromDay}::date and day < ${w.toDay}::date
                 union all ${rawClosed(ids, rawRanges(sql`o.closed_at`, w))}`;
  } else {
    // Size bands whose edges are not powers of ten cannot be read from the digit counts:
    // count the whole window from raw rows (the index on (owner_id, closed_at) keeps it bounded).
    source = rawClosed(ids, sql`o.closed_at >= ${w.start.toISOString()}::timestamptz and o.closed_at < ${now.toISOString()}::timestamptz`);
  }
  const band = exactBand ? sql`true` : bandPredicate(lead, params);
  const rows = await query<MeritRow>(
    db,
    sql`select rep_id, sum(wins) as wins_all, sum(closed) as closed_all,
               coalesce(sum(wins) filter (where ${predicate} and ${band}), 0) as wins_similar,
               coalesce(sum(closed) filter (where ${predicate} and ${band}), 0) as closed_similar
        from (${source}) x group by rep_id`,
  );
  return new Map(
    rows.map((r) => [
      Number(r.rep_id),
      { winsAll: Number(r.wins_all), closedAll: Number(r.closed_all), winsSimilar: Number(r.wins_similar), closedSimilar: Number(r.closed_similar) },
    ]),
  );
}

function bandPredicate(lead: LeadRecord, params: RoutingParams) {
  if (!params.similarityKeys.includes("sizeBand") || lead.valueCents === null) return sql`true`;
  let lower = 0;
  for (const edge of params.sizeBandEdgesCents) {
    if (lead.valueCents < edge) return sql`value_cents >= ${lower} and value_cents < ${edge}`;
    lower = edge;
  }
  return sql`value_cents >= ${lower}`;
}

/** Proactive activity counts per rep and kind over `[t − activityWindowDays, t)`. */
async function loadActivity(db: Db, repIds: number[], params: RoutingParams, now: Date) {
  const w = splitWindow(now, params.activityWindowDays);
  const ids = intArray(repIds);
  const rows = await query<{ rep_id: number; kind: RoutingActivityKind; n: number | string }>(
    db,
    sql`select rep_id, kind, sum(n) as n from (
          select rep_id, kind, count as n from activity_daily
          where rep_id = any(${ids}::int[]) and proactive and day >= ${w.fromDay}::date and day < ${w.toDay}::date
          union all
          select rep_id, kind, 1 from activities
          where rep_id = any(${ids}::int[]) and proactive and (${rawRanges(sql`at`, w)})
        ) x group by rep_id, kind`,
  );
  const byRep = new Map<number, Partial<Record<RoutingActivityKind, number>>>();
  for (const r of rows) {
    const counts = byRep.get(Number(r.rep_id)) ?? {};
    if ((ROUTING_ACTIVITY_KINDS as readonly string[]).includes(r.kind)) counts[r.kind] = Number(r.n);
    byRep.set(Number(r.rep_id), counts);
  }
  return byRep;
}

/** Leads each rep received over `[t − recentLeadsWindowDays, t)`. */
async function loadReceived(db: Db, repIds: number[], params: RoutingParams, now: Date): Promise<Map<number, number>> {
  const w = splitWindow(now, params.recentLeadsWindowDays);
  const ids = intArray(repIds);
  const rows = await query<{ rep_id: number; n: number | string }>(
    db,
    sql`select rep_id, sum(n) as n from (
          select rep_id, received as n from lead_received_daily
          where rep_id = any(${ids}::int[]) and day >= ${w.fromDay}::date and day < ${w.toDay}::date
          union all
          select assignee_id, 1 from routing_decisions
          where assignee_id = any(${ids}::int[]) and (${rawRanges(sql`decided_at`, w)})
        ) x group by rep_id`,
  );
  return new Map(rows.map((r) => [Number(r.rep_id), Number(r.n)]));
}

const NO_HISTORY: HistoryCounts = { winsSimilar: 0, closedSimilar: 0, winsAll: 0, closedAll: 0 };

export interface RoutingInputs {
  candidates: CandidateInput[];
  teamHistory: { wins: number; closed: number };
}

/**
 * Candidates (the team's reps; org-wide: all reps) and the team's merit history at `now`.
 * `exclude` maps rep ids to a reason that excludes them (SLA re-routes).
 */
export async function loadRoutingInputs(
  db: Db,
  options: { teamId: number | null; lead: LeadRecord; params: RoutingParams; now: Date; exclude?: ReadonlyMap<number, string> },
): Promise<RoutingInputs> {
  const { lead, params, now } = options;
  const members = await loadMembers(db, options.teamId);
  const reps = members.filter((m) => m.role === "rep");
  const repIds = reps.map((r) => Number(r.id));
  const memberIds = members.map((m) => Number(m.id));
  // Sequential: a transaction is one connection, so parallel queries would only queue.
  const merit = memberIds.length ? await loadMerit(db, memberIds, lead, params, now) : new Map<number, HistoryCounts>();
  const activity = repIds.length ? await loadActivity(db, repIds, params, now) : new Map<number, Partial<Record<RoutingActivityKind, number>>>();
  const received = repIds.length ? await loadReceived(db, repIds, params, now) : new Map<number, number>();
  const teamHistory = { wins: 0, closed: 0 };
  for (const counts of merit.values()) {
    teamHistory.wins += counts.winsAll;
    teamHistory.closed += counts.closedAll;
  }
  const candidates = reps.map((r): CandidateInput => {
    const id = Number(r.id);
    return {
      id,
      name: r.name,
      role: r.role,
      active: r.active,
      outOfOfficeFrom: toDate(r.out_of_office_from),
      outOfOfficeTo: toDate(r.out_of_office_to),
      regions: r.regions,
      segments: r.segments,
      products: r.products,
      languages: r.languages,
      capacity: r.capacity === null ? null : Number(r.capacity),
      openLeads: Number(r.open_leads ?? 0),
      leadsLast30Days: received.get(id) ?? 0,
      history: merit.get(id) ?? NO_HISTORY,
      proactiveActivity: activity.get(id) ?? {},
      exclusion: options.exclude?.get(id) ?? null,
    };
  });
  return { candidates, teamHistory };
}
