/**
 * A new lead of a team, routed in two statements instead of a five-statement transaction
 * (docs/ROUTING.md, "One decision, two statements"): a round trip costs more than most of a
 * decision's steps, and BEGIN and COMMIT were two of them.
 *
 * 1. One read, outside any transaction and without the team lock (routing_read_new_lead): the
 *    lead's external id looked up, a new lead id drawn, and the team's kept counts brought up to
 *    date (counts-cache.ts), all in one database snapshot S.
 * 2. `routeLead` in memory.
 * 3. One write (routing_store_new_lead), its own transaction: it takes the team lock, then checks
 *    that nothing the decision read has changed since S (the change log, the members and
 *    settings versions), and only then inserts the lead and stores the decision.
 *
 * Under the lock, "nothing changed since S" makes the counts read at S the counts the locked path
 * would read at that moment, so the decision is the one it would make. When something did change
 * (another process routed a lead of the team, a rep logged work in between), or the read finds
 * what it cannot decide without writing (rows to build, a lead that exists, milk-round's
 * rotation, merit from raw rows), nothing is stored and the caller routes the lead the locked way.
 */
import { packExplanation, routeLead } from "../../domain/routing/index.js";
import { queryPrepared, sql, type Db } from "../db.js";
import type { RoutingCache } from "./cache.js";
import type { TeamCounts } from "./counts-cache.js";
import { decisionJson, storedRow } from "./decisions.js";
import { leadInput, loadRoutingInputs, meritFilter } from "./inputs.js";
import type { NewLead, RouteOptions, RouteResult } from "./route.js";
import { currentRoutingSettings } from "./settings.js";

/** What routing_store_new_lead answers instead of a decision id (it wrote nothing). */
const LEAD_EXISTS = 0;
const INSERTED_MEANWHILE = -1;
const SOMETHING_CHANGED = -2;

export type OptimisticOutcome = { result: RouteResult } | { fallback: "locked" } | { fallback: "duplicate" };

/**
 * Routes `lead` (a team's) the optimistic way with the team's kept `counts`; `{ fallback }` when
 * the locked path must route it instead ("duplicate": another team's request inserted the
 * external id meanwhile). Stores nothing unless it answers a result.
 */
export async function routeNewLeadOptimistically(
  db: Db,
  lead: NewLead & { teamId: number },
  counts: TeamCounts,
  cache: RoutingCache,
  options: RouteOptions,
  clock: (phase: string) => void,
): Promise<OptimisticOutcome> {
  const locked = { fallback: "locked" } as const;
  const settings = cache.settings.get(lead.teamId) ?? (await currentRoutingSettings(db, lead.teamId));
  const policy = options.policy ?? settings.policy;
  // The lead before it has an id (the read draws one).
  const unsaved = { ...lead, id: 0 };
  // Milk-round reads its rotation under the lock; merit from raw rows is a second read.
  if (policy === "milk-round" || !meritFilter(unsaved, settings.params)) return locked;
  clock("settings");
  const inputs = await loadRoutingInputs(db, {
    teamId: lead.teamId,
    lead: unsaved,
    params: settings.params,
    now: lead.arrivedAt,
    cache,
    counts,
    clock,
    probe: { externalId: lead.externalId },
    noBuild: true,
  });
  const probe = inputs.probe;
  if (inputs.incomplete || !probe || probe.known || probe.leadId === null || inputs.membersVersion === null || inputs.settingsVersion !== settings.version) {
    return locked;
  }
  cache.settings.set(lead.teamId, settings);
  const decision = routeLead(
    leadInput({ ...lead, id: probe.leadId }, settings.params),
    inputs.candidates,
    { policy, version: settings.version, params: settings.params },
    { now: lead.arrivedAt, teamHistory: inputs.teamHistory, lastRotationAssigneeId: null },
  );
  clock("decide");
  // Only tests pass one: no extra await on every decision.
  if (options.beforeStore) await options.beforeStore();
  const packed = packExplanation(decision.explanation);
  clock("pack");
  const [row] = await queryPrepared<{ id: number | string }>(
    db,
    "routing_store_new_lead",
    sql`select routing_store_new_lead(${probe.snapshot}::text, ${inputs.membersVersion}::bigint, ${settings.version}::int, ${probe.leadId}::bigint, ${lead.teamId}::int,
                                      ${lead.externalId}::text, ${lead.arrivedAt.toISOString()}::timestamptz, ${lead.productId}::int, ${lead.segment}::text,
                                      ${lead.region}::text, ${lead.language}::text, ${lead.accountId}::int, ${lead.source}::text, ${lead.valueCents}::bigint,
                                      ${decision.policy}::text, ${decision.assigneeId}::int, ${decision.runnerUpId}::int, ${decision.margin}::float8,
                                      ${decision.reason}::text, ${packed}::bytea, ${options.actorId ?? null}::int) as id`,
  );
  const id = Number(row!.id);
  clock("store");
  if (id === INSERTED_MEANWHILE) return { fallback: "duplicate" };
  if (id === LEAD_EXISTS || id === SOMETHING_CHANGED) return locked;
  const answer = decisionJson(storedRow(decision, id, { teamId: lead.teamId, kind: "initial" }), true);
  clock("answer");
  return { result: { decision: answer, created: true } };
}
