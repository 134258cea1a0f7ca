/**
 * Stored decisions: reading them back as the shared decision JSON, and writing one (the
 * decision row, the lead's assignment, the rotation state and the audit row) inside the
 * caller's transaction.
 */
import { eq } from "drizzle-orm";
import { decisionExplanationSchema, type DecisionExplanation, type RoutingDecision } from "../../domain/routing/index.js";
import type { DecisionJson } from "../../schemas/routing.js";
import { sql, type Db } from "../db.js";
import { auditLog, leads, routingDecisions } from "../schema.js";
import { setLastRotationAssignee } from "./state.js";

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
  explanation: unknown;
  decidedAt: Date;
}

/** The shared decision JSON of a stored row; `trusted` skips re-validating an explanation just computed. */
export function decisionJson(row: DecisionRow, trusted = false): DecisionJson {
  const e: DecisionExplanation = trusted ? (row.explanation as DecisionExplanation) : decisionExplanationSchema.parse(row.explanation);
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

/** Writes a decision and its consequences; returns the stored row. Runs inside the caller's transaction. */
export async function storeDecision(
  db: Db,
  decision: RoutingDecision,
  options: { teamId: number | null; kind: "initial" | "sla-reroute"; previousDecisionId?: number | null; actorId: number | null },
): Promise<DecisionRow> {
  const [row] = await db
    .insert(routingDecisions)
    .values({
      leadId: decision.leadId,
      teamId: options.teamId,
      policy: decision.policy,
      settingsVersion: decision.settingsVersion,
      assigneeId: decision.assigneeId,
      runnerUpId: decision.runnerUpId,
      margin: decision.margin,
      reason: decision.reason,
      explanation: decision.explanation,
      kind: options.kind,
      previousDecisionId: options.previousDecisionId ?? null,
      decidedAt: decision.decidedAt,
    })
    // Not the explanation: it is in hand, and reading a large JSON back costs as much as writing it.
    .returning({ id: routingDecisions.id, createdAt: routingDecisions.createdAt });
  await db
    .update(leads)
    .set({
      assigneeId: decision.assigneeId,
      assignedAt: decision.assigneeId === null ? null : decision.decidedAt,
      status: decision.assigneeId === null ? "unassigned" : "assigned",
      updatedAt: sql`now()`,
    })
    .where(eq(leads.id, decision.leadId));
  if (decision.policy === "milk-round" && decision.assigneeId !== null) {
    await setLastRotationAssignee(db, options.teamId, decision.assigneeId);
  }
  await db.insert(auditLog).values({
    actorId: options.actorId,
    action: options.kind === "initial" ? "route" : "sla-reroute",
    entity: "lead",
    entityId: String(decision.leadId),
    after: { decisionId: Number(row!.id), assigneeId: decision.assigneeId, policy: decision.policy, settingsVersion: decision.settingsVersion },
  });
  return {
    id: Number(row!.id),
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
