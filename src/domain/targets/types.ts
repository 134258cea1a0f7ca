/**
 * Inputs and outputs of `computeTargets`. The result is plain JSON-serialisable data: the
 * CLI's `--json` prints it as is.
 */
import type { Period } from "../periods.js";
import type { TargetsConfigInput } from "./config.js";
import type { ActivityFacts, OpportunityFacts } from "./history.js";
import type { PacingStatus } from "./pacing-rule.js";
import type { StageRate } from "./stage-rates.js";

export interface TargetsInput {
  repId: number;
  period: Period;
  /** The instant "as of"; must lie in `[period.start, period.end]`. Windows end here, exclusive. */
  at: Date;
  /** The rep's quota for the period, in the same unit as opportunity values. */
  quota: number;
  /** The team's opportunities (the rep's included): open ones and closed history. */
  opportunities: readonly OpportunityFacts[];
  /** The rep's activities (rows of other reps are ignored). */
  activities: readonly ActivityFacts[];
  /** Open stages in pipeline order, e.g. ["Prospecting", "Engaging"]. */
  stageOrder: readonly string[];
  config?: TargetsConfigInput;
}

export type Source = "rep" | "team" | "none";

export interface TargetsWorking {
  inputs: {
    repId: number;
    period: string;
    periodStart: string;
    periodEnd: string;
    at: string;
    quota: number;
    wonDeals: number;
    openOpportunities: number;
    openWithoutValue: number;
    stageWinRates: StageRate[];
    repWins: number;
    repClosed: number;
    teamWins: number;
    teamClosed: number;
    pTeam: number;
    smoothingK: number;
    historyWindowDays: number;
    averageWonDealSource: Source;
    wonDealsWithValue: number;
    salesCycleSource: Source;
    salesCyclesMeasured: number;
    conversionWindowDays: number;
    opportunitiesCreatedInWindow: number;
    proactiveActivitiesInWindow: number;
    bestWeeklyCreated: number;
    /** New opportunities needed as measured at the period start (the pacing plan's ceiling). */
    neededAtPeriodStart: number | null;
  };
  lines: string[];
}

export interface TargetsResult {
  repId: number;
  period: string;
  at: string;
  quota: number;
  won: number;
  expectedFromPipeline: number;
  gap: number;
  winRate: number;
  averageWonDeal: number | null;
  newOpportunitiesNeeded: number | null;
  /** Median engage-to-close days of won deals (rep's, else team's); null when none. */
  salesCycleDays: number | null;
  /** YYYY-MM-DD: new opportunities must exist before this day starts. */
  creationDeadline: string;
  /** True when a sales cycle before the period end falls before its start. */
  deadlineClamped: boolean;
  weeksToDeadline: number;
  weeklyOpportunitiesNeeded: number | null;
  /** Opportunities created per proactive activity over the conversion window; null without activities. */
  activityToOpportunityRate: number | null;
  weeklyProactiveActivitiesNeeded: number | null;
  opportunitiesCreated: number;
  proactiveActivities: number;
  /** Opportunities to create in the period: min(needed at its start, created + still needed). */
  plannedOpportunities: number | null;
  /** The linear schedule's count by `at`: plan × elapsed share of [period start, deadline]. */
  scheduledOpportunities: number | null;
  scheduledProactiveActivities: number | null;
  status: PacingStatus;
  statusReason: string;
  working: TargetsWorking;
}
