/**
 * Read models over stored decisions: a team's lead feed (public to the team on purpose) and,
 * for one rep, what would have won them each of the team's recent leads.
 */
import { desc, eq, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { pointsNeededToWin, renderPointsNeeded } from "../../domain/routing/index.js";
import type { DecisionJson, FeedQuery, NextLead } from "../../schemas/routing.js";
import type { Db } from "../db.js";
import { leads, products, routingDecisions, users } from "../schema.js";
import { decisionColumns, decisionJson, storedExplanationOf, type DecisionRow } from "./decisions.js";

const previousDecision = alias(routingDecisions, "previous_decision");
const previousAssignee = alias(users, "previous_assignee");

/** Which candidates a feed decision lists (FeedQuery.candidates). */
type CandidateChoice = FeedQuery["candidates"];

/**
 * The decision JSON plus what the feed's page shows beside the sentence: the counts behind
 * each rep's numbers and the windows and blend they were computed with. With "summary", only
 * the candidates a card shows (winner, runner-up, excluded reps): at 1,000 reps, 25 decisions
 * with every candidate are 6.8 MB of JSON, and the card's full table asks for its decision alone.
 */
function feedDecisionJson(row: DecisionRow, choice: CandidateChoice): DecisionJson {
  const e = storedExplanationOf(row);
  const json = decisionJson({ ...row, explanation: e }, true);
  const byId = new Map(e.candidates.map((c) => [c.id, c]));
  const listed = choice === "all" ? json.candidates : json.candidates.filter((c) => c.rank === 1 || c.rank === 2 || c.excluded !== null);
  return {
    ...json,
    candidateCount: json.candidates.length,
    candidates: listed.map((c) => {
      const x = byId.get(c.repId)!;
      return {
        ...c,
        counts: {
          winsSimilar: x.winsSimilar,
          closedSimilar: x.closedSimilar,
          winsAll: x.winsAll,
          closedAll: x.closedAll,
          pointsRank: x.pointsRank,
          leadsRecent: x.leadsLast30Days,
          openLeads: x.openLeads,
        },
      };
    }),
    basis: {
      similarity: e.similarity.label,
      pTeam: e.team.pTeam,
      targetSource: e.targetSource,
      eligibleCount: e.eligibleCount,
      meritWeight: e.params.meritWeight,
      smoothingK: e.params.smoothingK,
      meritWindowDays: e.params.meritWindowDays,
      activityWindowDays: e.params.activityWindowDays,
      recentLeadsWindowDays: e.params.recentLeadsWindowDays,
    },
  };
}

/** Decisions of the team (and organisation-wide ones given to its members), newest first. */
export async function teamLeadFeed(db: Db, teamId: number, options: { limit: number; before?: number; candidates?: CandidateChoice }): Promise<DecisionJson[]> {
  return feedDecisions(db, teamId, options.before === undefined ? sql`` : sql`and ${routingDecisions.id} < ${options.before}`, options.limit, options.candidates ?? "all");
}

/** One decision of the team's feed with every candidate (undefined if the feed does not hold it). */
export async function teamFeedDecision(db: Db, teamId: number, decisionId: number): Promise<DecisionJson | undefined> {
  const [decision] = await feedDecisions(db, teamId, sql`and ${routingDecisions.id} = ${decisionId}`, 1, "all");
  return decision;
}

async function feedDecisions(db: Db, teamId: number, and: SQL, limit: number, choice: CandidateChoice): Promise<DecisionJson[]> {
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
      previousAssignee: previousAssignee.name,
    })
    .from(routingDecisions)
    .innerJoin(leads, eq(leads.id, routingDecisions.leadId))
    .leftJoin(products, eq(products.id, leads.productId))
    .leftJoin(previousDecision, eq(previousDecision.id, routingDecisions.previousDecisionId))
    .leftJoin(previousAssignee, eq(previousAssignee.id, previousDecision.assigneeId))
    .where(
      sql`(${routingDecisions.teamId} = ${teamId}
           or (${routingDecisions.teamId} is null and ${routingDecisions.assigneeId} in (select id from users where team_id = ${teamId})))
          ${and}`,
    )
    .orderBy(desc(routingDecisions.id))
    .limit(limit);
  return rows.map((r) => ({
    ...feedDecisionJson(r, choice),
    ...(r.kind === "sla-reroute" ? { previousAssignee: r.previousAssignee ?? null } : {}),
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
  const explanations = rows.map(storedExplanationOf);
  const newest = explanations[0]?.params ?? null;
  const decided = rows.map((row, i) => {
    const e = explanations[i]!;
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
      product: e.lead.product,
      reason: result.kind === "excluded" || result.kind === "not-applicable" ? result.reason : null,
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
