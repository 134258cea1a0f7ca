/**
 * Targets, pacing alerts, scorecards, KPIs, tiers and manager leadership (D2, D4, D6): the
 * answers of the API and of the CLI's --json. Money is in major units (cents / 100). The
 * formulas are the domain's (docs/TARGETS.md); these schemas only describe their output.
 */
import { z } from "zod";
import { intIdParam } from "./ids.js";
import { icpSchema } from "../domain/scorecards/icp.js";
import { scorecardConfigSchema } from "../domain/scorecards/scorecard.js";
import { pacingRuleSchema, targetsConfigSchema } from "../domain/targets/config.js";
import { tierConfigSchema } from "../domain/tiers/tiers.js";
import { cadenceConfigSchema } from "../domain/cadence/schemas.js";
import { dayInputSchema, instantInputSchema, monthInputSchema, periodLabelSchema } from "../domain/periods.js";
import { ACTIVITY_KIND_KEYS } from "./teams.js";

const int = z.number().int();
const nullableNumber = z.number().nullable();

export const periodQuerySchema = z.object({ period: periodLabelSchema.optional() });

export const targetsQuerySchema = z.object({
  period: periodLabelSchema.optional(),
  /** An ISO date or date-time inside the period (default: now, capped to the period). */
  at: z.union([dayInputSchema, instantInputSchema]).optional(),
});

export const targetsSchema = z.object({
  repId: int,
  repName: z.string(),
  period: z.string(),
  at: z.string(),
  quota: z.number(),
  won: z.number(),
  expectedFromPipeline: z.number(),
  gap: z.number(),
  winRate: z.number(),
  averageWonDeal: nullableNumber,
  newOpportunitiesNeeded: nullableNumber,
  salesCycleDays: nullableNumber,
  creationDeadline: z.string(),
  deadlineClamped: z.boolean(),
  weeksToDeadline: z.number(),
  weeklyOpportunitiesNeeded: nullableNumber,
  activityToOpportunityRate: nullableNumber,
  weeklyProactiveActivitiesNeeded: nullableNumber,
  opportunitiesCreated: int,
  proactiveActivities: z.number(),
  plannedOpportunities: nullableNumber,
  scheduledOpportunities: nullableNumber,
  scheduledProactiveActivities: nullableNumber,
  status: z.enum(["on-track", "behind", "at-risk"]),
  statusReason: z.string(),
  working: z.object({ inputs: z.record(z.string(), z.unknown()), lines: z.array(z.string()) }),
});
export type TargetsResponse = z.infer<typeof targetsSchema>;

/** Each active rep's pacing status in a team (and its sub-teams), as their own targets give it. */
export const teamPacingSchema = z.object({
  teamId: int,
  period: z.string(),
  at: z.string(),
  reps: z.array(
    z.object({
      repId: int,
      name: z.string(),
      /** The period's quota in major units; null: no quota, so nothing to pace (status null). */
      quota: nullableNumber,
      status: targetsSchema.shape.status.nullable(),
      statusReason: z.string(),
    }),
  ),
});
export type TeamPacing = z.infer<typeof teamPacingSchema>;

export const pacingAlertSchema = z.object({
  id: int,
  repId: int,
  repName: z.string(),
  period: z.string(),
  status: z.enum(["behind", "at-risk"]),
  day: z.iso.date(),
  reason: z.string(),
  details: z.record(z.string(), z.unknown()).nullable(),
  raisedAt: z.iso.datetime(),
  visibleToManagerAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
});
export const pacingAlertListSchema = z.object({ alerts: z.array(pacingAlertSchema) });
export type PacingAlert = z.infer<typeof pacingAlertSchema>;

export const pacingRunSchema = z.object({
  at: z.iso.datetime(),
  /** Rep-periods judged (a rep with a monthly and a quarterly quota counts twice). */
  checked: int,
  raised: int,
  resolved: int,
  /** Alerts whose manager was notified in this run (they reached the manager's view). */
  escalated: int,
  statuses: z.object({ "on-track": int, behind: int, "at-risk": int }),
});
export type PacingRun = z.infer<typeof pacingRunSchema>;

const metric = z.enum(["outreach", "meetings", "visits", "proposals", "nextSteps"]);
const scorecardLineSchema = z.object({ metric, actual: z.number(), target: z.number(), attainment: z.number(), weight: z.number() });
export const repScorecardSchema = z.object({ repId: int, name: z.string(), lines: z.array(scorecardLineSchema), score: z.number() });

export const teamScorecardSchema = z.object({
  teamId: int,
  period: z.string(),
  from: z.iso.date(),
  /** Exclusive: the period end, or now for the current period (targets scaled to the days so far). */
  to: z.string(),
  proactiveOnly: z.boolean(),
  reps: z.array(repScorecardSchema),
  team: z.object({ lines: z.array(scorecardLineSchema), score: z.number() }),
});
export type TeamScorecard = z.infer<typeof teamScorecardSchema>;

const count = z.number().int().nonnegative();
const kindCounts = z.object(
  Object.fromEntries(ACTIVITY_KIND_KEYS.map((k) => [k, z.object({ proactive: count, reactive: count })])) as Record<
    (typeof ACTIVITY_KIND_KEYS)[number],
    z.ZodObject<{ proactive: typeof count; reactive: typeof count }>
  >,
);

export const kpisSchema = z.object({
  scope: z.object({ kind: z.enum(["rep", "team"]), id: int, name: z.string(), reps: int }),
  period: z.string(),
  from: z.iso.date(),
  /** Exclusive. */
  to: z.iso.date(),
  pipeline: z.array(z.object({ stage: z.string(), count: int, value: z.number(), withoutValue: int })),
  conversion: nullableNumber,
  won: int,
  lost: int,
  revenue: z.number(),
  cost: z.number(),
  profit: z.number(),
  /** Won deals with no recorded cost (their cost counts as 0: the margin is overstated). */
  wonWithoutCost: int,
  dealDocuments: z.object({ meetings: int, followedUp: int, share: nullableNumber, medianDelayHours: nullableNumber }),
  activities: kindCounts,
  desiredOpportunities: z.object({ total: int, fitting: int, share: nullableNumber }),
  scorecard: z.object({ lines: z.array(scorecardLineSchema), score: z.number() }),
  /** A rep's tier among their team's reps for the period; for a team, how many reps per tier. */
  tier: z.union([z.enum(["A", "B", "C"]), z.null(), z.object({ A: int, B: int, C: int })]),
  /** The cadence (D5, docs/CADENCE.md): preemptive updates ÷ updates posted in the period; null without updates. */
  preemptiveRatio: nullableNumber,
  updates: int,
  /** Requests for information asked in the period. */
  requests: int,
  /** Promises due in the period, judged as of now. */
  promisesKept: int,
  promisesBroken: int,
  promisesOpen: int,
  /** A manager's 1:1s held on time ÷ scheduled in the period (a team: its manager's); null for reps. */
  cadenceAdherence: nullableNumber,
});
export type Kpis = z.infer<typeof kpisSchema>;

export const tiersQuerySchema = z.object({
  months: z.coerce.number().int().min(1).max(36).default(12),
  /** The last month shown, YYYY-MM (default: the current month). */
  to: monthInputSchema.optional(),
});

const tierResultSchema = z.object({
  repId: int,
  name: z.string(),
  tier: z.enum(["A", "B", "C"]),
  rank: int,
  score: z.number(),
  attainment: nullableNumber,
  proactiveActivities: z.number(),
  attainmentPercentile: z.number(),
  activityPercentile: z.number(),
});
export const tierHistorySchema = z.object({
  teamId: int,
  months: z.array(z.object({ period: z.string(), tiers: z.array(tierResultSchema) })),
  movements: z.array(
    z.object({
      repId: int,
      name: z.string(),
      period: z.string(),
      previousPeriod: z.string(),
      from: z.enum(["A", "B", "C"]),
      to: z.enum(["A", "B", "C"]),
      direction: z.enum(["up", "down"]),
    }),
  ),
});
export type TierHistoryResponse = z.infer<typeof tierHistorySchema>;

export const leadershipSchema = z.object({
  period: z.string(),
  /** How many managers are ranked (a manager sees only their own rows, with their rank). */
  managers: int,
  rows: z.array(
    z.object({
      rank: int,
      managerId: int,
      managerName: z.string(),
      teamId: int,
      teamName: z.string(),
      reps: int,
      target: z.number(),
      won: z.number(),
      /** won ÷ target; null without a target. */
      attainment: nullableNumber,
      /** The manager's 1:1 cadence in the period (D3): adherence, streak, and the drop warning. */
      cadence: z.object({
        scheduled: int,
        onTime: int,
        /** On time ÷ scheduled; null without a 1:1 due. */
        rate: nullableNumber,
        currentStreak: int,
        flagged: z.boolean(),
        reason: z.string(),
      }),
    }),
  ),
});
export type Leadership = z.infer<typeof leadershipSchema>;

/** Team settings: each key validated by the domain's own schema. */
/** The pacing rule's thresholds (docs/TARGETS.md), plus the manager's grace period. */
export const pacingSettingSchema = pacingRuleSchema.safeExtend({
  /** Days a manager waits before seeing a rep's new alert (the rep sees it at once). */
  graceDays: z.number().min(0).max(60).default(2),
});
export const SETTING_SCHEMAS = {
  stageWinRates: targetsConfigSchema.shape.stageWinRates.unwrap(),
  scorecard: scorecardConfigSchema,
  icp: icpSchema.unwrap(),
  pacing: pacingSettingSchema,
  tiers: tierConfigSchema.unwrap(),
  /** Stale deals (docs/CADENCE.md): days per phase or stage, and the grace before the manager sees them. */
  stale: cadenceConfigSchema.unwrap().shape.stale.unwrap(),
  /** The rest of the cadence: 1:1 adherence thresholds, the maverick discount line, the discovery stage. */
  cadence: cadenceConfigSchema.unwrap().omit({ stale: true }),
} as const;
export const SETTING_KEYS = ["stageWinRates", "scorecard", "icp", "pacing", "tiers", "stale", "cadence"] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];
export const settingKeySchema = z.enum(SETTING_KEYS);

export const settingParamsSchema = z.object({ teamId: intIdParam, key: settingKeySchema });
export const settingResponseSchema = z.object({
  teamId: int,
  key: settingKeySchema,
  /** As stored for the team; null when the team has none of its own. */
  value: z.unknown(),
  /** What applies: the team's value, else the organisation default, else the built-in defaults. */
  effective: z.unknown(),
  source: z.enum(["team", "organisation", "default"]),
});
export type SettingResponse = z.infer<typeof settingResponseSchema>;
