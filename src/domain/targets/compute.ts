/**
 * `computeTargets`: for one rep, one period and an instant `at` in it, how many opportunities
 * the rep must still create, by when, at which weekly pace of opportunities and proactive
 * activities, and whether they are on pace — each step shown with its numbers.
 * Formulas in plain words: docs/TARGETS.md.
 */
import { addDays, daysBetween, isoDay } from "../periods.js";
import { targetsConfigSchema } from "./config.js";
import { formatAmount, formatPercent, plural } from "./format.js";
import { bestWeeklyCreated, createdCount, lookback, median, proactiveActivityCount, salesCycles, wonIn } from "./history.js";
import { measureFunnel } from "./measure.js";
import { pacingStatus } from "./pacing-rule.js";
import type { Source, TargetsInput, TargetsResult } from "./types.js";

export type { Source, TargetsInput, TargetsResult, TargetsWorking } from "./types.js";

export function computeTargets(input: TargetsInput): TargetsResult {
  const config = targetsConfigSchema.parse(input.config ?? {});
  const { repId, period, at, quota, opportunities: opps } = input;
  if (at.getTime() < period.start.getTime() || at.getTime() > period.end.getTime()) {
    throw new RangeError(`${at.toISOString()} is outside the period ${period.label} (${isoDay(period.start)} to ${isoDay(period.end)})`);
  }
  const m = measureFunnel(input, config, at);
  const { funnel, history, rep, team, winRate, averageWonDeal } = m;
  const lines = [...m.lines];
  const needed = funnel.newOpportunitiesNeeded;

  // Creation deadline: one median sales cycle before the period end, never before its start.
  const repCycles = salesCycles(m.repWon);
  const useRepCycle = repCycles.length >= config.minRepWonDeals;
  const cycles = useRepCycle ? repCycles : salesCycles(wonIn(opps, history));
  const salesCycleDays = median(cycles);
  const salesCycleSource: Source = useRepCycle ? "rep" : cycles.length > 0 ? "team" : "none";
  let deadline = period.end;
  let deadlineClamped = false;
  if (salesCycleDays === null) {
    lines.push(`Creation deadline: ${isoDay(period.end)}, the period end (no won deal with engage and close dates to measure a sales cycle)`);
  } else {
    deadline = addDays(period.end, -Math.ceil(salesCycleDays));
    const cycleWords = `the ${salesCycleSource === "rep" ? "rep's" : "team's"} median sales cycle of ${formatAmount(salesCycleDays)} days over ${plural(cycles.length, "won deal", "won deals")}`;
    if (deadline.getTime() < period.start.getTime()) {
      deadline = period.start;
      deadlineClamped = true;
      lines.push(
        `Creation deadline: ${isoDay(period.start)}, the period start: ${cycleWords} is longer than the period, so the opportunities were due before it began`,
      );
    } else {
      lines.push(`Creation deadline: ${isoDay(period.end)} − ${Math.ceil(salesCycleDays)} days (${cycleWords}) = ${isoDay(deadline)}`);
    }
  }

  const weeksToDeadline = Math.max(0, daysBetween(at, deadline) / 7);
  let weeklyOpportunitiesNeeded: number | null = null;
  if (needed === 0) weeklyOpportunitiesNeeded = 0;
  else if (needed !== null && weeksToDeadline > 0) weeklyOpportunitiesNeeded = needed / weeksToDeadline;
  lines.push(
    needed === null
      ? "Weekly opportunities needed: unknown"
      : needed === 0
        ? "Weekly opportunities needed: 0"
        : weeksToDeadline > 0
          ? `Weekly opportunities needed: ${formatAmount(needed)} ÷ ${formatAmount(weeksToDeadline)} weeks to the deadline = ${formatAmount(weeklyOpportunitiesNeeded!)} a week`
          : `Weekly opportunities needed: the deadline has passed, all ${formatAmount(needed)} are overdue`,
  );

  // Weekly proactive activities: through the rep's own conversion of activities into opportunities.
  const conversionWindow = lookback(at, config.conversionWindowDays);
  const createdInWindow = createdCount(opps, repId, conversionWindow);
  const activitiesInWindow = proactiveActivityCount(input.activities, repId, conversionWindow);
  const activityToOpportunityRate = activitiesInWindow > 0 ? createdInWindow / activitiesInWindow : null;
  let weeklyProactiveActivitiesNeeded: number | null = null;
  if (weeklyOpportunitiesNeeded === 0) weeklyProactiveActivitiesNeeded = 0;
  else if (weeklyOpportunitiesNeeded !== null && activityToOpportunityRate)
    weeklyProactiveActivitiesNeeded = weeklyOpportunitiesNeeded / activityToOpportunityRate;
  lines.push(
    activityToOpportunityRate === null
      ? `Conversion: no proactive activity logged in the ${config.conversionWindowDays} days before ${isoDay(at)}, so the activities needed are unknown`
      : `Conversion: ${createdInWindow} opportunities created ÷ ${activitiesInWindow} proactive activities over ${config.conversionWindowDays} days = ${formatAmount(activityToOpportunityRate)} per activity` +
          (weeklyProactiveActivitiesNeeded === null || weeklyOpportunitiesNeeded === 0
            ? ""
            : `, so ${formatAmount(weeklyOpportunitiesNeeded!)} ÷ ${formatAmount(activityToOpportunityRate)} = ${formatAmount(weeklyProactiveActivitiesNeeded)} proactive activities a week`),
  );

  // Pacing: created so far against the linear schedule from period start to the deadline.
  const soFar = { start: period.start, end: at };
  const opportunitiesCreated = createdCount(opps, repId, soFar);
  const proactiveActivities = proactiveActivityCount(input.activities, repId, soFar);
  const span = daysBetween(period.start, deadline);
  const f = span > 0 ? Math.min(1, Math.max(0, daysBetween(period.start, at) / span)) : 1;
  // The plan: what the rep needed at the period start, lowered when wins or new pipeline
  // value have since cut the requirement (created + still needed).
  const neededAtStart = at.getTime() === period.start.getTime() ? needed : measureFunnel(input, config, period.start).funnel.newOpportunitiesNeeded;
  const plannedOpportunities =
    needed === null ? null : Math.min(opportunitiesCreated + needed, neededAtStart ?? Number.POSITIVE_INFINITY);
  const scheduledOpportunities = plannedOpportunities === null ? null : plannedOpportunities * f;
  const scheduledProactiveActivities =
    scheduledOpportunities !== null && activityToOpportunityRate ? scheduledOpportunities / activityToOpportunityRate : null;
  const best = bestWeeklyCreated(opps, repId, at, config.pacing.bestRateWeeks);
  const { status, reason } = pacingStatus(
    { needed, created: opportunitiesCreated, scheduled: scheduledOpportunities ?? 0, weeksLeft: weeksToDeadline, bestWeeklyCreated: best },
    config.pacing,
  );
  lines.push(
    scheduledOpportunities === null
      ? `Pacing: ${opportunitiesCreated} opportunities and ${proactiveActivities} proactive activities so far`
      : `Pacing: plan = min(${neededAtStart ?? "unknown"} needed at the period start, ${opportunitiesCreated} created + ${needed} still needed) = ${formatAmount(plannedOpportunities!)}; ` +
          `schedule = ${formatAmount(plannedOpportunities!)} × ${formatPercent(f)} of the time to the deadline = ${formatAmount(scheduledOpportunities)} by now; ` +
          `${opportunitiesCreated} created and ${proactiveActivities} proactive activities so far` +
          (scheduledProactiveActivities === null ? "" : ` against ${formatAmount(scheduledProactiveActivities)} scheduled`),
  );
  lines.push(`Status: ${status}, ${reason}`);

  return {
    repId,
    period: period.label,
    at: at.toISOString(),
    quota,
    won: m.won,
    expectedFromPipeline: m.expectedFromPipeline,
    gap: funnel.gap,
    winRate,
    averageWonDeal,
    newOpportunitiesNeeded: needed,
    salesCycleDays,
    creationDeadline: isoDay(deadline),
    deadlineClamped,
    weeksToDeadline,
    weeklyOpportunitiesNeeded,
    activityToOpportunityRate,
    weeklyProactiveActivitiesNeeded,
    opportunitiesCreated,
    proactiveActivities,
    plannedOpportunities,
    scheduledOpportunities,
    scheduledProactiveActivities,
    status,
    statusReason: reason,
    working: {
      inputs: {
        repId,
        period: period.label,
        periodStart: isoDay(period.start),
        periodEnd: isoDay(period.end),
        at: at.toISOString(),
        quota,
        wonDeals: m.wonDeals.length,
        openOpportunities: m.open.length,
        openWithoutValue: m.openWithoutValue,
        stageWinRates: m.rates,
        repWins: rep.wins,
        repClosed: rep.closed,
        teamWins: team.wins,
        teamClosed: team.closed,
        pTeam: m.pTeam,
        smoothingK: m.k,
        historyWindowDays: config.historyWindowDays,
        averageWonDealSource: m.averageWonDealSource,
        wonDealsWithValue: m.useRep ? m.repMean.count : m.teamMean.count,
        salesCycleSource,
        salesCyclesMeasured: cycles.length,
        conversionWindowDays: config.conversionWindowDays,
        opportunitiesCreatedInWindow: createdInWindow,
        proactiveActivitiesInWindow: activitiesInWindow,
        bestWeeklyCreated: best,
        neededAtPeriodStart: neededAtStart,
      },
      lines,
    },
  };
}
