/**
 * The seven KPIs (D6) of a rep or a team for a period, from stored history and the domain's
 * formulas: pipeline by stage as of the period end, conversion, revenue and profit of deals
 * closed in the period, DEAL documents (meeting follow-ups), activity counts (aggregate),
 * desired opportunities (ICP fit of opportunities created in the period), the scorecard and
 * the tier. A team is the team and its sub-teams; money is in major units.
 */
import { sql } from "drizzle-orm";
import { inRange, isoDay, type Period } from "../domain/periods.js";
import { conversion, dealDocuments, desiredOpportunities, pipelineByStage, revenueAndProfit } from "../domain/scorecards/index.js";
import { createdAt, type ActivityFacts, type ActivityKind } from "../domain/targets/history.js";
import type { Kpis } from "../schemas/performance.js";
import { ACTIVITY_KIND_KEYS } from "../schemas/teams.js";
import { loadOpportunities, stageOrder, teamReps, teamSubtree, type RepRow } from "./activity-history.js";
import { query, type Db } from "./db.js";
import { activityCounts } from "./activity-counts.js";
import { repScorecards, teamLine } from "./scorecards.js";
import { effectiveSetting, loadSettings } from "./team-settings.js";
import { periodTiers } from "./tiers.js";
import { cadenceKpis } from "./cadence/report.js";

const FOLLOW_UP_MS = 24 * 3_600_000;

export type KpiScope = { kind: "rep"; rep: RepRow } | { kind: "team"; teamId: number; name: string };

/** Meetings in the period and follow-ups up to 24 h after its end: the only raw rows read. */
async function meetingsAndFollowUps(db: Db, repIds: readonly number[], period: Period): Promise<ActivityFacts[]> {
  if (repIds.length === 0) return [];
  const rows = await query<{ rep_id: number; kind: ActivityKind; proactive: boolean; at: string | Date; account_id: number | null; opportunity_id: string | null }>(
    db,
    sql`select rep_id, kind, proactive, at, account_id, opportunity_id::text as opportunity_id from activities
        where kind in ('meeting', 'follow-up') and rep_id = any(${`{${repIds.join(",")}}`}::int[])
          and at >= ${period.start.toISOString()}::timestamptz and at <= ${new Date(period.end.getTime() + FOLLOW_UP_MS).toISOString()}::timestamptz`,
  );
  return rows.map((r) => ({
    repId: Number(r.rep_id),
    kind: r.kind,
    proactive: r.proactive,
    at: new Date(r.at),
    accountId: r.account_id === null ? null : Number(r.account_id),
    opportunityId: r.opportunity_id === null ? null : Number(r.opportunity_id),
  }));
}

export async function kpis(db: Db, options: { scope: KpiScope; period: Period; now: Date }): Promise<Kpis> {
  const { scope, period, now } = options;
  const teamId = scope.kind === "team" ? scope.teamId : scope.rep.teamId;
  // The reps measured, and the peers a rep is tiered among (their own team).
  const reps = scope.kind === "team" ? await teamReps(db, await teamSubtree(db, scope.teamId)) : [scope.rep];
  let peerList = reps;
  if (scope.kind === "rep") {
    const team = scope.rep.teamId === null ? [] : await teamReps(db, [scope.rep.teamId]);
    peerList = team.some((p) => p.id === scope.rep.id) ? team : [...team, scope.rep];
  }
  const ids = reps.map((r) => r.id);

  const [settings, stages, opportunities, counts, followUpFacts] = await Promise.all([
    loadSettings(db, teamId === null ? [] : [teamId]),
    stageOrder(db),
    loadOpportunities(db, peerList.map((r) => r.id)),
    activityCounts(db, ids, period),
    meetingsAndFollowUps(db, ids, period),
  ]);
  const measured = new Set(ids);
  const mine = opportunities.filter((o) => measured.has(o.ownerId));

  const activities = Object.fromEntries(ACTIVITY_KIND_KEYS.map((k) => [k, { proactive: 0, reactive: 0 }])) as Kpis["activities"];
  for (const c of counts) activities[c.kind][c.proactive ? "proactive" : "reactive"] += c.count;

  const scorecardConfig = effectiveSetting(settings, teamId, "scorecard").effective;
  const { cards } = await repScorecards(db, reps, period, now, scorecardConfig);
  const tiers = await periodTiers(db, peerList, period, opportunities, effectiveSetting(settings, teamId, "tiers").effective);
  const tier =
    scope.kind === "rep"
      ? (tiers.find((t) => t.repId === scope.rep.id)?.tier ?? null)
      : { A: tiers.filter((t) => t.tier === "A").length, B: tiers.filter((t) => t.tier === "B").length, C: tiers.filter((t) => t.tier === "C").length };

  const conv = conversion(mine, period);
  const money = revenueAndProfit(mine, period);
  const created = mine.filter((o) => {
    const at = createdAt(o);
    return at !== null && inRange(at, period.start, period.end);
  });
  const deal = dealDocuments(followUpFacts, period);
  const cadence = await cadenceKpis(db, { repIds: ids, managerId: await measuredManager(db, scope), period, now, teamId });
  return {
    scope:
      scope.kind === "rep"
        ? { kind: "rep", id: scope.rep.id, name: scope.rep.name, reps: 1 }
        : { kind: "team", id: scope.teamId, name: scope.name, reps: reps.length },
    period: period.label,
    from: isoDay(period.start),
    to: isoDay(period.end),
    pipeline: pipelineByStage(mine, period.end, stages),
    conversion: conv.rate,
    won: conv.won,
    lost: conv.lost,
    revenue: money.revenue,
    cost: money.cost,
    profit: money.profit,
    wonWithoutCost: money.withoutCost,
    dealDocuments: deal,
    activities,
    desiredOpportunities: desiredOpportunities(created, effectiveSetting(settings, teamId, "icp").effective),
    scorecard: scope.kind === "rep" ? { lines: cards[0]!.lines, score: cards[0]!.score } : teamLine(cards, scorecardConfig),
    tier,
    ...cadence,
  };
}

/** Whose 1:1 adherence the KPIs carry: a manager's own, or a team's manager's. */
async function measuredManager(db: Db, scope: KpiScope): Promise<number | null> {
  if (scope.kind === "rep") return scope.rep.role === "rep" ? null : scope.rep.id;
  const [team] = await query<{ manager_id: number | null }>(db, sql`select manager_id from teams where id = ${scope.teamId}`);
  return team?.manager_id == null ? null : Number(team.manager_id);
}
