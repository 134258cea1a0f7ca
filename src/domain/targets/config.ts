/**
 * Tunable parameters of targets and pacing. Parsing `{}` yields every default (documented in
 * docs/TARGETS.md); unknown keys are dropped.
 */
import { z } from "zod";

const rate = z.number().min(0).max(1);
const days = (fallback: number) => z.number().int().positive().max(3660).default(fallback);

export const pacingRuleSchema = z
  .object({
    /** Behind when opportunities created < this share of the schedule to date. */
    behindBelow: rate.default(0.9),
    /** At risk when created < this share of the schedule to date. */
    atRiskBelow: rate.default(0.7),
    /** A shortfall smaller than this many opportunities is never flagged (no alarm for 0.4 of a deal). */
    minShortfall: z.number().min(0).default(1),
    /** Weeks of history searched for the rep's best weekly creation count. */
    bestRateWeeks: z.number().int().positive().max(520).default(52),
  })
  .refine((r) => r.atRiskBelow <= r.behindBelow, "atRiskBelow must not exceed behindBelow");
export type PacingRule = z.infer<typeof pacingRuleSchema>;

export const targetsConfigSchema = z.object({
  /** k in p_r = (wins + k·p_team) / (closed + k). */
  smoothingK: z.number().positive().max(1000).default(5),
  /** Window for win rate, average won deal and sales cycle: `[at − days, at)` by close date. */
  historyWindowDays: days(365),
  /** Below this many won deals the rep's own average deal and sales cycle give way to the team's. */
  minRepWonDeals: z.number().int().positive().default(3),
  /** Window for the rep's activity-to-opportunity conversion. */
  conversionWindowDays: days(90),
  /** Configured stage-to-win probabilities by stage name; they replace the historical rates. */
  stageWinRates: z.record(z.string(), rate).default({}),
  pacing: pacingRuleSchema.default(() => pacingRuleSchema.parse({})),
});
export type TargetsConfig = z.infer<typeof targetsConfigSchema>;
export type TargetsConfigInput = z.input<typeof targetsConfigSchema>;

export const DEFAULT_TARGETS_CONFIG: TargetsConfig = targetsConfigSchema.parse({});
