/**
 * Loads what `routeLead` needs for one lead at t: the team's members (with open leads), then
 * every window count of every member in one read of the routing snapshots (snapshots.ts):
 * proactive activity, leads received and merit, each exact to the millisecond.
 */
import {
  effectiveSimilarityKeys,
  sizeBandOf,
  type CandidateInput,
  type HistoryCounts,
  type LeadInput,
  type RoutingParams,
} from "../../domain/routing/index.js";
import { query, sql, type Db } from "../db.js";
import { digitRange } from "./keys.js";
import type { MemberRow, RoutingCache } from "./cache.js";
import { readCachedWindowCounts, type TeamCounts } from "./counts-cache.js";
import { intArray, readWindowCounts, type MeritFilter, type SnapshotCounts, type WindowCounts } from "./snapshots.js";

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

const toDate = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

/** The team's members (org-wide: everyone) and the members version they were read at. */
async function loadMembers(db: Db, teamId: number | null): Promise<MemberRow[]> {
  return query<MemberRow>(
    db,
    sql`select u.id, u.name, u.role, u.active, u.out_of_office_from, u.out_of_office_to, u.regions, u.segments,
               u.products, u.languages, u.capacity,
               (select version from routing_cache_version where name = 'members') as members_version
        from users u
        where ${teamId === null ? sql`true` : sql`u.team_id = ${teamId}`}
        order by u.id`,
  );
}

const INT_MAX = 2_147_483_647;

/**
 * The lead's similarity filter as the merit snapshots key it, or null when it cannot be read
 * from them: a size band whose edges are not powers of ten is not a range of digit counts.
 */
export function meritFilter(lead: LeadRecord, params: RoutingParams): MeritFilter | null {
  const keys = effectiveSimilarityKeys(leadInput(lead, params), params.similarityKeys);
  const filter: MeritFilter = { sig: "", product: null, segment: null, region: null, digitsMin: null, digitsMax: null };
  const parts: string[] = [];
  for (const key of keys) {
    if (key === "product") {
      filter.product = lead.productId ?? 0;
      parts.push(`product=${filter.product}`);
    }
    if (key === "segment") {
      filter.segment = lead.segment;
      parts.push(`segment=${filter.segment}`);
    }
    if (key === "region") {
      filter.region = lead.region;
      parts.push(`region=${filter.region}`);
    }
    if (key === "sizeBand") {
      const range = digitRange(lead.valueCents!, params.sizeBandEdgesCents);
      if (!range) return null;
      filter.digitsMin = range.min;
      filter.digitsMax = Math.min(range.max, INT_MAX);
      parts.push(`digits=${filter.digitsMin}-${filter.digitsMax}`);
    }
  }
  // JSON keeps the signature unambiguous whatever the values contain.
  filter.sig = parts.length ? JSON.stringify(parts) : "";
  return filter;
}

interface MeritRow extends Record<string, unknown> {
  rep_id: number;
  wins_all: number | string;
  closed_all: number | string;
  wins_similar: number | string;
  closed_similar: number | string;
}

/**
 * Merit counts per member over `[t − meritWindowDays, t)` from raw closed opportunities: only
 * for size bands whose edges are not powers of ten (the index on (owner_id, closed_at) keeps
 * it to the window; correct, slower).
 */
async function loadMeritFromRawRows(db: Db, memberIds: readonly number[], lead: LeadRecord, params: RoutingParams, now: Date): Promise<Map<number, HistoryCounts>> {
  const keys = effectiveSimilarityKeys(leadInput(lead, params), params.similarityKeys);
  const parts = [sql`true`];
  for (const key of keys) {
    if (key === "product") parts.push(sql`product_id = ${lead.productId ?? 0}`);
    if (key === "segment") parts.push(sql`segment = ${lead.segment}`);
    if (key === "region") parts.push(sql`region = ${lead.region}`);
    if (key === "sizeBand") parts.push(bandPredicate(lead, params));
  }
  const predicate = sql.join(parts, sql` and `);
  const start = new Date(now.getTime() - params.meritWindowDays * 86_400_000);
  const rows = await query<MeritRow>(
    db,
    sql`select rep_id, sum(wins) as wins_all, sum(closed) as closed_all,
               coalesce(sum(wins) filter (where ${predicate}), 0) as wins_similar,
               coalesce(sum(closed) filter (where ${predicate}), 0) as closed_similar
        from (select o.owner_id as rep_id, coalesce(o.product_id, 0) as product_id, routing_account_segment(a.employees) as segment,
                     coalesce(t.region, '') as region, o.value_cents, (o.outcome = 'won')::int as wins, 1 as closed
              from opportunities o
              left join accounts a on a.id = o.account_id
              left join users u on u.id = o.owner_id
              left join teams t on t.id = u.team_id
              where o.owner_id = any(${intArray(memberIds)}::int[]) and o.outcome in ('won', 'lost')
                and o.closed_at >= ${start.toISOString()}::timestamptz and o.closed_at < ${now.toISOString()}::timestamptz) x
        group by rep_id`,
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

const NO_HISTORY: HistoryCounts = { winsSimilar: 0, closedSimilar: 0, winsAll: 0, closedAll: 0 };

const historyOf = (c: SnapshotCounts): HistoryCounts => ({ winsAll: c.winsAll, closedAll: c.closedAll, winsSimilar: c.winsSimilar, closedSimilar: c.closedSimilar });

function candidateOf(r: MemberRow, c: SnapshotCounts | undefined, history: HistoryCounts, exclusion: string | null): CandidateInput {
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
    openLeads: c?.openLeads ?? 0,
    leadsLast30Days: c?.received ?? 0,
    history,
    // The snapshot's own per-kind record (every kind, zeros included; routeLead never mutates it).
    proactiveActivity: c?.activity ?? {},
    exclusion,
  };
}

/**
 * The ids of a member list and of its reps. A cached list is the same array from one decision to
 * the next, and so are these (counts-cache.ts keeps what it derives from them by that identity).
 */
const idsByList = new WeakMap<MemberRow[], { memberIds: readonly number[]; repIds: ReadonlySet<number> }>();
function idsOf(members: MemberRow[]): { memberIds: readonly number[]; repIds: ReadonlySet<number> } {
  let known = idsByList.get(members);
  if (!known) {
    known = { memberIds: members.map((m) => Number(m.id)), repIds: new Set(members.filter((m) => m.role === "rep").map((r) => Number(r.id))) };
    idsByList.set(members, known);
  }
  return known;
}

/**
 * The candidates last built from a member list (the same array from one decision to the next
 * while it is cached), position by position, and the counts each was built from.
 */
const built = new WeakMap<MemberRow[], { counts: (SnapshotCounts | undefined)[]; candidates: (CandidateInput | undefined)[] }>();

export interface RoutingInputs {
  candidates: CandidateInput[];
  teamHistory: { wins: number; closed: number };
  /** The team's newest routing settings version, read with the counts (null when the team has no members). */
  settingsVersion: number | null;
  /**
   * routing_cache_version 'members' when the member list was read, if the counts were read at the
   * same version (null otherwise, or when the team has no members).
   */
  membersVersion: number | null;
  /** The read's `probe` answer (WindowCounts.probe). */
  probe?: WindowCounts["probe"];
  /** True when snapshot rows were missing and `noBuild` kept them from being built: no candidates. */
  incomplete?: boolean;
}

/**
 * Candidates (the team's reps; org-wide: all reps) and the team's merit history at `now`.
 * `exclude` maps rep ids to a reason that excludes them (SLA re-routes). With `cache`, the
 * member list is reused while routing_cache_version says it is current (checked in the same
 * query as the counts; see cache.ts).
 */
export async function loadRoutingInputs(
  db: Db,
  options: {
    teamId: number | null;
    lead: LeadRecord;
    params: RoutingParams;
    now: Date;
    exclude?: ReadonlyMap<number, string>;
    cache?: RoutingCache;
    /**
     * The team's cached snapshot rows (counts-cache.ts): only inside `withTeamCounts`, in a
     * transaction that commits, or outside one with `noBuild` (optimistic.ts).
     */
    counts?: TeamCounts;
    clock?: (phase: string) => void;
    /** With `counts`: see WindowCountsRequest (the optimistic path, outside a transaction). */
    probe?: { externalId: string };
    noBuild?: boolean;
  },
): Promise<RoutingInputs> {
  const { lead, params, now, cache } = options;
  const teamKey = options.teamId ?? 0;
  const filter = meritFilter(lead, params);
  let members: MemberRow[];
  let ids: ReturnType<typeof idsOf>;
  let read: WindowCounts;
  let listVersion: number | null;
  for (let cached = cache?.members.get(teamKey); ; cached = undefined) {
    members = cached?.rows ?? (await loadMembers(db, options.teamId));
    ids = idsOf(members);
    const request = {
      teamKey,
      ...ids,
      now,
      windows: { activityDays: params.activityWindowDays, recentLeadsDays: params.recentLeadsWindowDays, meritDays: params.meritWindowDays },
      filter,
      clock: options.clock,
      probe: options.probe,
      noBuild: options.noBuild,
    };
    read = !ids.memberIds.length
      ? { counts: [], membersVersion: null, settingsVersion: null }
      : options.counts
        ? await readCachedWindowCounts(db, options.counts, request)
        : await readWindowCounts(db, request);
    const version = members[0] ? Number(members[0].members_version) : null;
    listVersion = version;
    if (cached && read.membersVersion !== cached.version) {
      // users changed since the list was cached: read it again, and the counts with it.
      cache!.members.delete(teamKey);
      continue;
    }
    // Cache a list only when the count query saw the same version (no change in between).
    if (cache && !cached && version !== null && read.membersVersion === version) cache.members.set(teamKey, { version, rows: members });
    break;
  }
  if (read.incomplete) return { candidates: [], teamHistory: { wins: 0, closed: 0 }, settingsVersion: null, membersVersion: null, incomplete: true };
  const { counts } = read;
  const teamHistory = { wins: 0, closed: 0 };
  let rawMerit: Map<number, HistoryCounts> | null = null;
  if (filter) {
    for (const c of counts) {
      if (!c) continue;
      teamHistory.wins += c.winsAll;
      teamHistory.closed += c.closedAll;
    }
  } else if (members.length) {
    rawMerit = await loadMeritFromRawRows(db, ids.memberIds, lead, params, now);
    for (const h of rawMerit.values()) {
      teamHistory.wins += h.winsAll;
      teamHistory.closed += h.closedAll;
    }
  }
  const candidates: CandidateInput[] = [];
  let last = built.get(members);
  if (!last) built.set(members, (last = { counts: [], candidates: [] }));
  for (let i = 0; i < members.length; i++) {
    const r = members[i]!;
    if (r.role !== "rep") continue;
    const id = ids.memberIds[i]!;
    const c = counts[i];
    const exclusion = options.exclude?.get(id) ?? null;
    // The same counts object (kept by the counts cache while nothing moved) of the same member
    // row: the candidate built from them last time is still right (routeLead never mutates it).
    const known = c && !rawMerit && last.counts[i] === c ? last.candidates[i] : undefined;
    if (known && known.exclusion === exclusion) {
      candidates.push(known);
      continue;
    }
    const candidate = candidateOf(r, c, rawMerit ? (rawMerit.get(id) ?? NO_HISTORY) : c ? historyOf(c) : NO_HISTORY, exclusion);
    if (c && !rawMerit) {
      last.counts[i] = c;
      last.candidates[i] = candidate;
    }
    candidates.push(candidate);
  }
  options.clock?.("read");
  return { candidates, teamHistory, settingsVersion: read.settingsVersion, membersVersion: listVersion === read.membersVersion ? listVersion : null, probe: read.probe };
}
