/**
 * Routing one lead in the store. A new lead of a team goes the optimistic way first
 * (optimistic.ts: one read, `routeLead`, one write that stores only if nothing read has changed).
 * Otherwise, or when that stored nothing: ONE transaction that locks the team's routing state,
 * loads candidates and aggregates, calls the pure `routeLead`, and stores the decision with the
 * lead's assignment and an audit row. A lead whose external id is already decided gets its
 * first decision back and nothing new is assigned (the unique index on leads.external_id
 * settles races between teams; the team lock settles them within one).
 */
import { eq } from "drizzle-orm";
import { routeLead, type RoutingPolicy } from "../../domain/routing/index.js";
import type { DecisionJson } from "../../schemas/routing.js";
import { query, sql, type Db } from "../db.js";
import { leads } from "../schema.js";
import { decisionJson, initialDecisionOf, storeDecision } from "./decisions.js";
import { leadInput, loadRoutingInputs, type LeadRecord } from "./inputs.js";
import { currentRoutingSettings } from "./settings.js";
import { routingCacheFor, type RoutingCache } from "./cache.js";
import { pruneRoutingChanges, withTeamCounts, type TeamCounts } from "./counts-cache.js";
import { lastRotationAssignee, lockKeysFor, lockTeams, teamKey } from "./state.js";
import { routeNewLeadOptimistically } from "./optimistic.js";

/** A lead to route, references resolved. */
export interface NewLead {
  externalId: string;
  arrivedAt: Date;
  teamId: number | null;
  productId: number | null;
  /** The product's name (what reasons and similarity use). */
  product: string | null;
  segment: string | null;
  region: string | null;
  language: string | null;
  accountId: number | null;
  source: string | null;
  valueCents: number | null;
}

export interface RouteOptions {
  actorId?: number | null;
  /**
   * Adds the milliseconds each phase of the decision took to this map (the bench's breakdown):
   * `start` (BEGIN), `lead` (a team's new lead: look it up, lock the team and insert it in one
   * call; otherwise `lock` takes the look-up and the lock, `lead` the insert), `settings`, the
   * read of members and counts (`fetch`: the call that brings the kept counts up to date;
   * `count`: every member's counts in memory; `read`: the rest, the candidates; `build` when
   * snapshot rows had to be built), `decide` (routeLead), `pack` (the explanation's stored form,
   * optimistic path; the locked path's `store` includes it), `store` (the write statement),
   * `answer` (the decision JSON) and `commit`.
   */
  timings?: Map<string, number>;
  /** Route with this policy instead of the team's (the CLI's --policy); the settings version is still recorded. */
  policy?: RoutingPolicy;
  /**
   * Test seam: runs after an optimistic decision is made and before it is stored (optimistic.ts),
   * so a test can change what it read in between.
   */
  beforeStore?: () => Promise<void>;
}

/** Accumulates elapsed time per phase into `timings` (a no-op without one). */
export function phaseClock(timings: Map<string, number> | undefined) {
  let last = performance.now();
  return (phase: string) => {
    if (!timings) return;
    const now = performance.now();
    timings.set(phase, (timings.get(phase) ?? 0) + now - last);
    last = now;
  };
}

export interface RouteResult {
  decision: DecisionJson;
  /** False when the lead had been decided before (the first decision is returned). */
  created: boolean;
}

class DuplicateLead extends Error {}

export async function findLeadRecord(db: Db, where: { id: number } | { externalId: string }): Promise<LeadRecord | undefined> {
  const rows = await query<Record<string, unknown>>(
    db,
    sql`select l.id, l.external_id, l.team_id, l.arrived_at, l.product_id, p.name as product, l.segment, l.region, l.language, l.value_cents
        from leads l left join products p on p.id = l.product_id
        where ${"id" in where ? sql`l.id = ${where.id}` : sql`l.external_id = ${where.externalId}`}`,
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    id: Number(r.id),
    externalId: String(r.external_id),
    teamId: r.team_id === null ? null : Number(r.team_id),
    arrivedAt: r.arrived_at instanceof Date ? r.arrived_at : new Date(String(r.arrived_at)),
    productId: r.product_id === null ? null : Number(r.product_id),
    product: (r.product as string | null) ?? null,
    segment: (r.segment as string | null) ?? null,
    region: (r.region as string | null) ?? null,
    language: (r.language as string | null) ?? null,
    valueCents: r.value_cents === null ? null : Number(r.value_cents),
  };
}

/**
 * Decides `lead` at `now` and stores the decision; the caller holds the team lock. With
 * `cache`, the team's settings and member list come from it when the versions read with the
 * counts say they are current (cache.ts).
 */
export async function decideAndStore(
  tx: Db,
  lead: LeadRecord,
  options: {
    now: Date;
    kind: "initial" | "sla-reroute";
    previousDecisionId?: number | null;
    exclude?: ReadonlyMap<number, string>;
    policy?: RoutingPolicy;
    actorId: number | null;
    cache?: RoutingCache;
    /** The team's cached snapshot rows, from `withTeamCounts` around the caller's transaction. */
    counts?: TeamCounts;
    clock?: (phase: string) => void;
  },
): Promise<DecisionJson> {
  const { cache, counts } = options;
  const clock = options.clock ?? (() => {});
  const key = teamKey(lead.teamId);
  let settings = cache?.settings.get(key) ?? (await currentRoutingSettings(tx, lead.teamId));
  clock("settings");
  const load = () =>
    loadRoutingInputs(tx, { teamId: lead.teamId, lead, params: settings.params, now: options.now, exclude: options.exclude, cache, counts, clock });
  let inputs = await load();
  if (inputs.settingsVersion !== null && inputs.settingsVersion !== settings.version) {
    // New settings since they were cached (or since they were read a moment ago): decide with them.
    settings = await currentRoutingSettings(tx, lead.teamId);
    inputs = await load();
  }
  if (cache) {
    if (inputs.settingsVersion === settings.version) cache.settings.set(key, settings);
    else cache.settings.delete(key);
  }
  const policy = options.policy ?? settings.policy;
  const last = policy === "milk-round" ? await lastRotationAssignee(tx, lead.teamId) : null;
  const decision = routeLead(
    leadInput(lead, settings.params),
    inputs.candidates,
    { policy, version: settings.version, params: settings.params },
    { now: options.now, teamHistory: inputs.teamHistory, lastRotationAssigneeId: last },
  );
  clock("decide");
  const row = await storeDecision(tx, decision, {
    teamId: lead.teamId,
    kind: options.kind,
    previousDecisionId: options.previousDecisionId,
    actorId: options.actorId,
  });
  clock("store");
  const answer = decisionJson(row, true);
  clock("answer");
  return answer;
}

/**
 * routing_begin_lead (drizzle/0014_routing_begin_lead.sql): the new lead's id; 0 if the external
 * id existed already, -1 if a concurrent transaction inserted it.
 */
async function beginTeamLead(tx: Db, lead: NewLead): Promise<number> {
  const [row] = await query<{ id: number | string }>(
    tx,
    sql`select routing_begin_lead(${lead.teamId}::int, ${lead.externalId}::text, ${lead.arrivedAt.toISOString()}::timestamptz, ${lead.productId}::int,
                                  ${lead.segment}::text, ${lead.region}::text, ${lead.language}::text, ${lead.accountId}::int, ${lead.source}::text,
                                  ${lead.valueCents}::bigint) as id`,
  );
  return Number(row!.id);
}

/**
 * Routes one lead at its `arrivedAt` (see the module comment): a new lead of a team the
 * optimistic way first (optimistic.ts), then, if that stored nothing, in one locked transaction.
 */
export async function routeLeadInStore(db: Db, lead: NewLead, options: RouteOptions = {}): Promise<RouteResult> {
  const cache = routingCacheFor(db);
  const clock = phaseClock(options.timings);
  const teamId = lead.teamId;
  if (teamId !== null) {
    const outcome = await withTeamCounts(db, teamId, (counts) => routeNewLeadOptimistically(db, { ...lead, teamId }, counts, cache, options, clock));
    if ("result" in outcome) {
      await pruneRoutingChanges(db);
      return outcome.result;
    }
    if (outcome.fallback === "duplicate") return decidedElsewhere(db, lead, options);
  }
  return routeLocked(db, lead, options, cache, clock);
}

/**
 * A concurrent request (for another team key) inserted the same external id and has committed
 * by now: ON CONFLICT waited for it. Its decision is the first one.
 */
async function decidedElsewhere(db: Db, lead: NewLead, options: RouteOptions): Promise<RouteResult> {
  const [row] = await db.select({ id: leads.id }).from(leads).where(eq(leads.externalId, lead.externalId));
  const decided = row ? await initialDecisionOf(db, Number(row.id)) : undefined;
  if (decided) return { decision: decisionJson(decided), created: false };
  return routeLeadInStore(db, lead, options);
}

/** The locked path: one transaction that holds the team lock from the look-up to the commit. */
async function routeLocked(db: Db, lead: NewLead, options: RouteOptions, cache: RoutingCache, clock: (phase: string) => void): Promise<RouteResult> {
  try {
    const result = await withTeamCounts(db, teamKey(lead.teamId), (counts) => db.transaction(async (raw) => {
      const tx = raw as unknown as Db;
      const firstDecision = async (leadId: number) => {
        const row = await initialDecisionOf(tx, leadId);
        return row ? { decision: decisionJson(row), created: false } : undefined;
      };
      clock("start");
      const decide = (record: LeadRecord, teamCounts: TeamCounts | undefined) =>
        decideAndStore(tx, record, { now: record.arrivedAt, kind: "initial", policy: options.policy, actorId: options.actorId ?? null, cache, counts: teamCounts, clock });
      if (lead.teamId !== null) {
        // The usual case, a new lead of a team: look it up, lock the team and insert it in one call.
        const begun = await beginTeamLead(tx, lead);
        if (begun === -1) throw new DuplicateLead();
        if (begun > 0) {
          clock("lead");
          return { decision: await decide({ ...lead, id: begun }, counts), created: true };
        }
        // It existed before: the general path below.
      }
      const existing = await findLeadRecord(tx, { externalId: lead.externalId });
      if (existing) {
        const done = await firstDecision(existing.id);
        if (done) return done;
      }
      const teamId = existing ? existing.teamId : lead.teamId;
      await lockTeams(tx, await lockKeysFor(tx, teamId));
      clock("lock");
      let record: LeadRecord;
      if (existing) {
        // Another request may have decided it while we waited for the lock.
        const done = await firstDecision(existing.id);
        if (done) return done;
        record = existing;
      } else {
        const [inserted] = await tx
          .insert(leads)
          .values({
            externalId: lead.externalId,
            teamId: lead.teamId,
            arrivedAt: lead.arrivedAt,
            productId: lead.productId,
            segment: lead.segment,
            region: lead.region,
            language: lead.language,
            accountId: lead.accountId,
            source: lead.source,
            valueCents: lead.valueCents,
          })
          .onConflictDoNothing({ target: leads.externalId })
          .returning({ id: leads.id });
        if (!inserted) throw new DuplicateLead();
        record = { ...lead, id: Number(inserted.id) };
      }
      clock("lead");
      // A lead posted again for another team is decided under its first team's key.
      return { decision: await decide(record, teamId === lead.teamId ? counts : undefined), created: true };
    }));
    clock("commit");
    await pruneRoutingChanges(db);
    return result;
  } catch (err) {
    if (!(err instanceof DuplicateLead)) throw err;
    return decidedElsewhere(db, lead, options);
  }
}

/**
 * Builds (and commits) the snapshot rows the decisions of `leads` will read, latest lead first
 * (so no build prunes rows an earlier lead needs), each in a short transaction of its own. A
 * long transaction that then routes them (the CLI's --dry-run) reads rows that exist instead
 * of building them under the snapshot lock, which it would hold — and with it every writer on
 * a shared PostgreSQL — until it ends. Assigns and stores nothing else.
 */
export async function prepareRoutingSnapshots(db: Db, leads: readonly NewLead[]): Promise<void> {
  const cache = routingCacheFor(db);
  const seen = new Set<string>();
  for (const lead of [...leads].sort((x, y) => y.arrivedAt.getTime() - x.arrivedAt.getTime())) {
    const key = JSON.stringify([lead.teamId, lead.arrivedAt.toISOString().slice(0, 10), lead.productId, lead.segment, lead.region, lead.valueCents]);
    if (seen.has(key)) continue;
    seen.add(key);
    await db.transaction(async (raw) => {
      const tx = raw as unknown as Db;
      const settings = await currentRoutingSettings(tx, lead.teamId);
      await loadRoutingInputs(tx, { teamId: lead.teamId, lead: { ...lead, id: 0 }, params: settings.params, now: lead.arrivedAt, cache });
    });
  }
}
