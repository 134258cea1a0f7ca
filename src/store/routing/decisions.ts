/**
 * Stored decisions: reading them back as the shared decision JSON, and writing one (the
 * decision row, the lead's assignment, the rotation state and the audit row) inside the
 * caller's transaction.
 */
import { eq } from "drizzle-orm";
import { decodeExplanation, packExplanation, type DecisionExplanation, type RoutingDecision } from "../../domain/routing/index.js";
import type { DecisionJson } from "../../schemas/routing.js";
import { query, sql, type Db } from "../db.js";
import { routingDecisions } from "../schema.js";
import { teamKey } from "./state.js";

export interface DecisionRow {
  id: number;
  leadId: number;
  teamId: number | null;
  kind: string;
  previousDecisionId: number | null;
  policy: string;
  settingsVersion: number | null;
  assigneeId: number | null;
  margin: number | null;
  reason: string;
  /**
   * The JSON column as stored (rows written before the packed form; read it with
   * `storedExplanationOf`), or the explanation just stored.
   */
  explanation: unknown;
  /** The packed explanation as stored (null in older rows; absent when `explanation` is the one just stored). */
  explanationPacked?: Uint8Array | null;
  decidedAt: Date;
}

/**
 * The shared decision JSON of a stored row; `trusted` means `row.explanation` is already a
 * `DecisionExplanation` (just computed, or decoded by the caller), not the stored form.
 */
export function decisionJson(row: DecisionRow, trusted = false): DecisionJson {
  const e: DecisionExplanation = trusted ? (row.explanation as DecisionExplanation) : storedExplanationOf(row);
  return {
    id: Number(row.id),
    lead: e.lead.ref,
    leadId: Number(row.leadId),
    teamId: row.teamId,
    kind: row.kind === "sla-reroute" ? "sla-reroute" : "initial",
    previousDecisionId: row.previousDecisionId === null ? null : Number(row.previousDecisionId),
    policy: e.policy,
    assignee: e.winner?.name ?? null,
    assigneeId: e.winner?.id ?? null,
    runnerUp: e.runnerUp?.name ?? null,
    margin: e.margin,
    reason: row.reason,
    T: e.T,
    settingsVersion: e.settingsVersion,
    decidedAt: new Date(e.decidedAt).toISOString(),
    candidates: e.candidates.map((c) => ({ rep: c.name, repId: c.id, rank: c.rank, m: c.m, M: c.M, a: c.a, A: c.A, S: c.S, excluded: c.excluded })),
  };
}

/** The explanation of a stored row, whichever column holds it. */
export function storedExplanationOf(row: Pick<DecisionRow, "explanation" | "explanationPacked">): DecisionExplanation {
  return decodeExplanation(row.explanationPacked ?? row.explanation);
}

const columns = {
  id: routingDecisions.id,
  leadId: routingDecisions.leadId,
  teamId: routingDecisions.teamId,
  kind: routingDecisions.kind,
  previousDecisionId: routingDecisions.previousDecisionId,
  policy: routingDecisions.policy,
  settingsVersion: routingDecisions.settingsVersion,
  assigneeId: routingDecisions.assigneeId,
  margin: routingDecisions.margin,
  reason: routingDecisions.reason,
  explanation: routingDecisions.explanation,
  explanationPacked: routingDecisions.explanationPacked,
  decidedAt: routingDecisions.decidedAt,
};
export const decisionColumns = columns;

export async function initialDecisionOf(db: Db, leadId: number): Promise<DecisionRow | undefined> {
  const rows = await db.select(columns).from(routingDecisions).where(sql`${routingDecisions.leadId} = ${leadId} and ${routingDecisions.kind} = 'initial'`);
  return rows[0];
}

export async function findDecision(db: Db, id: number): Promise<DecisionRow | undefined> {
  const rows = await db.select(columns).from(routingDecisions).where(eq(routingDecisions.id, id));
  return rows[0];
}

/**
 * Writes a decision and its consequences — the decision row, the lead's assignment, the
 * rotation (milk-round) and the audit row — in ONE call of routing_store_decision
 * (drizzle/0015_routing_store_decision.sql); returns the stored row (with the explanation as
 * decided, not its stored form). Runs inside the caller's transaction.
 */
export async function storeDecision(
  db: Db,
  decision: RoutingDecision,
  options: { teamId: number | null; kind: "initial" | "sla-reroute"; previousDecisionId?: number | null; actorId: number | null },
): Promise<DecisionRow> {
  const rotate = decision.policy === "milk-round" && decision.assigneeId !== null;
  const [row] = await query<{ id: number | string }>(
    db,
    sql`select routing_store_decision(${decision.leadId}::bigint, ${options.teamId}::int, ${teamKey(options.teamId)}::int, ${decision.policy}::text,
                                      ${decision.settingsVersion}::int, ${decision.assigneeId}::int, ${decision.runnerUpId}::int, ${decision.margin}::float8,
                                      ${decision.reason}::text, ${packExplanation(decision.explanation)}::bytea, ${options.kind}::text,
                                      ${options.previousDecisionId ?? null}::bigint, ${decision.decidedAt.toISOString()}::timestamptz,
                                      ${options.actorId}::int, ${rotate}::boolean) as id`,
  );
  return storedRow(decision, Number(row!.id), options);
}

/** The row of `decision` stored as `id` (its explanation as decided, not its stored form). */
export function storedRow(
  decision: RoutingDecision,
  id: number,
  options: { teamId: number | null; kind: "initial" | "sla-reroute"; previousDecisionId?: number | null },
): DecisionRow {
  return {
    id,
    leadId: decision.leadId,
    teamId: options.teamId,
    kind: options.kind,
    previousDecisionId: options.previousDecisionId ?? null,
    policy: decision.policy,
    settingsVersion: decision.settingsVersion,
    assigneeId: decision.assigneeId,
    margin: decision.margin,
    reason: decision.reason,
    explanation: decision.explanation,
    decidedAt: decision.decidedAt,
  };
}
