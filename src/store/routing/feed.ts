/**
 * Read models over stored decisions: a team's lead feed (public to the team on purpose) and,
 * for one rep, what would have won them each of the team's recent leads.
 */
import { desc, eq, sql } from "drizzle-orm";
import { decisionExplanationSchema, pointsNeededToWin, renderPointsNeeded } from "../../domain/routing/index.js";
import type { DecisionJson, NextLead } from "../../schemas/routing.js";
import type { Db } from "../db.js";
import { leads, products, routingDecisions } from "../schema.js";
import { decisionColumns, decisionJson } from "./decisions.js";

/** Decisions of the team (and organisation-wide ones given to its members), newest first. */
export async function teamLeadFeed(db: Db, teamId: number, options: { limit: number; before?: number }): Promise<DecisionJson[]> {
  const rows = await db
    .select({
      ...decisionColumns,
      product: products.name,
      segment: leads.segment,
      region: leads.region,
      language: leads.language,
      source: leads.source,
      valueCents: leads.valueCents,
      arrivedAt: leads.arrivedAt,
    })
    .from(routingDecisions)
    .innerJoin(leads, eq(leads.id, routingDecisions.leadId))
    .leftJoin(products, eq(products.id, leads.productId))
    .where(
      sql`(${routingDecisions.teamId} = ${teamId}
           or (${routingDecisions.teamId} is null and ${routingDecisions.assigneeId} in (select id from users where team_id = ${teamId})))
          ${options.before === undefined ? sql`` : sql`and ${routingDecisions.id} < ${options.before}`}`,
    )
    .orderBy(desc(routingDecisions.id))
    .limit(options.limit);
  return rows.map((r) => ({
    ...decisionJson(r),
    leadInfo: {
      product: r.product,
      segment: r.segment,
      region: r.region,
      language: r.language,
      source: r.source,
      value: r.valueCents === null ? null : r.valueCents / 100,
      arrivedAt: r.arrivedAt.toISOString(),
    },
  }));
}

export const NEXT_LEAD_DECISIONS = 20;

/** For each of the team's last 20 decisions: what would have won `rep` the lead. */
export async function nextLeadFor(db: Db, rep: { id: number; name: string; teamId: number | null }): Promise<NextLead> {
  if (rep.teamId === null) return { repId: rep.id, rep: rep.name, leads: [] };
  const rows = await db
    .select(decisionColumns)
    .from(routingDecisions)
    .where(sql`${routingDecisions.teamId} = ${rep.teamId}`)
    .orderBy(desc(routingDecisions.id))
    .limit(NEXT_LEAD_DECISIONS);
  const newest = rows[0] ? decisionExplanationSchema.parse(rows[0].explanation).params : null;
  const decided = rows.map((row) => {
    const e = decisionExplanationSchema.parse(row.explanation);
    const result = pointsNeededToWin(e, rep.id);
    const outcome = result.kind === "unknown-rep" ? ("not-a-candidate" as const) : result.kind;
    return {
      decisionId: Number(row.id),
      lead: e.lead.ref,
      decidedAt: new Date(e.decidedAt).toISOString(),
      assignee: e.winner?.name ?? null,
      outcome,
      pointsNeeded: result.kind === "points" ? result.points : null,
      message: renderPointsNeeded(result, e.params.activityWindowDays),
    };
  });
  return {
    repId: rep.id,
    rep: rep.name,
    leads: decided,
    activityWeights: newest?.activityWeights ?? null,
    activityWindowDays: newest?.activityWindowDays ?? null,
  };
}
