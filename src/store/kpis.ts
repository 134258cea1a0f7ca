/**
 * The seven KPIs (D6) of a rep or a team for a period, from stored history and the domain's
 * formulas: pipeline by stage as of the period end, conversion, revenue and profit of deals
 * closed in the period, DEAL documents (meeting follow-ups, aggregate), activity counts (aggregate),
 * desired opportunities (ICP fit of opportunities created in the period), the scorecard and
 * the tier. A team is the team and its sub-teams; money is in major units.
 */
import { sql } from "drizzle-orm";
import { inRange, isoDay, type Period } from "../domain/periods.js";
import { conversion, desiredOpportunities, pipelineByStage, revenueAndProfit, type DealDocuments } from "../domain/scorecards/index.js";
import { createdAt } from "../domain/targets/history.js";
import type { Kpis } from "../schemas/performance.js";
import { ACTIVITY_KIND_KEYS } from "../schemas/teams.js";
import { loadOpportunities, stageOrder, teamReps, teamSubtree, type RepRow } from "./activity-history.js";
import { query, type Db } from "./db.js";
import { activityCounts } from "./activity-counts.js";
import { repScorecards, teamLine } from "./scorecards.js";
import { effectiveSetting, loadSettings } from "./team-settings.js";
import { periodTiers } from "./tiers.js";
import { cadenceKpis } from "./cadence/report.js";

const HOUR_MS = 3_600_000;

export type KpiScope = { kind: "rep"; rep: RepRow } | { kind: "team"; teamId: number; name: string };

/**
 * DEAL documents (D6.4) of these reps for meetings in `[start, end)`, in one query over the
 * `meeting_follow_ups` aggregate: one row per meeting with the delay to its first follow-up,
 * kept by the triggers of drizzle/0012 to the rule of the domain's `dealDocuments` (the
 * reference formula; test/activity/deal-documents-store.test.ts proves they agree). No raw
 * activity row is read.
 */
export async function storedDealDocuments(db: Db, repIds: readonly number[], period: Period): Promise<DealDocuments> {
  if (repIds.length === 0) return { meetings: 0, followedUp: 0, share: null, medianDelayHours: null };
  const [row] = await query<{ meetings: number; followed_up: number; median_ms: number | string | null }>(
    db,
    sql`select count(*)::int as meetings, count(delay_ms)::int as followed_up,
               percentile_cont(0.5) within group (order by delay_ms) as median_ms
        from meeting_follow_ups
        where rep_id = any(${`{${repIds.join(",")}}`}::int[])
          and at >= ${period.start.toISOString()}::timestamptz and at < ${period.end.toISOString()}::timestamptz`,
  );
  const meetings = Number(row?.meetings ?? 0);
  const followedUp = Number(row?.followed_up ?? 0);
  return {
    meetings,
    followedUp,
    share: meetings > 0 ? followedUp / meetings : null,
    medianDelayHours: row?.median_ms == null ? null : Number(row.median_ms) / HOUR_MS,
  };
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

  const [settings, stages, opportunities, counts, deal] = await Promise.all([
    loadSettings(db, teamId === null ? [] : [teamId]),
    stageOrder(db),
    loadOpportunities(db, peerList.map((r) => r.id)),
    activityCounts(db, ids, period),
    storedDealDocuments(db, ids, period),
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
