/**
 * Activity scorecards (D6.5): per rep and period, the key selling activities against targets,
 * and one weighted score the manager configures.
 *
 *   target_i = round(weekly target_i × days covered / 7)
 *   score    = Σ w_i · min(1, actual_i / target_i) / Σ w_i        (a target of 0 counts as met)
 *
 * Each metric's contribution is capped at its target, so overdoing one activity cannot hide
 * the lack of another; the score lies in [0, 1] and never falls when a count rises.
 */
import { z } from "zod";
import { DAY_MS, daysBetween, inRange, isoDay, type Period } from "../periods.js";
import type { ActivityFacts, ActivityKind } from "../targets/history.js";

export const SCORECARD_METRICS = ["outreach", "meetings", "visits", "proposals", "nextSteps"] as const;
export type ScorecardMetric = (typeof SCORECARD_METRICS)[number];

/** Which activity kinds each metric counts. */
export const METRIC_KINDS: Record<ScorecardMetric, readonly ActivityKind[]> = {
  outreach: ["call", "email"],
  meetings: ["meeting"],
  visits: ["visit"],
  proposals: ["proposal"],
  nextSteps: ["next-step"],
};

const perMetric = (defaults: Record<ScorecardMetric, number>) =>
  z.object({
    outreach: z.number().min(0).default(defaults.outreach),
    meetings: z.number().min(0).default(defaults.meetings),
    visits: z.number().min(0).default(defaults.visits),
    proposals: z.number().min(0).default(defaults.proposals),
    nextSteps: z.number().min(0).default(defaults.nextSteps),
  });

export const DEFAULT_SCORECARD_WEIGHTS = { outreach: 1, meetings: 2, visits: 1, proposals: 2, nextSteps: 1 };
export const DEFAULT_WEEKLY_TARGETS = { outreach: 50, meetings: 5, visits: 2, proposals: 2, nextSteps: 5 };

/** The manager's scorecard settings; parsing `{}` yields the defaults above. */
export const scorecardConfigSchema = z.object({
  weights: perMetric(DEFAULT_SCORECARD_WEIGHTS)
    .refine((w) => SCORECARD_METRICS.some((m) => w[m] > 0), "at least one weight must be positive")
    .default(() => ({ ...DEFAULT_SCORECARD_WEIGHTS })),
  /** Targets per week, scaled to the days the scorecard covers. */
  weeklyTargets: perMetric(DEFAULT_WEEKLY_TARGETS).default(() => ({ ...DEFAULT_WEEKLY_TARGETS })),
  /** Count only proactive (hunting) activities; by default every activity counts. */
  proactiveOnly: z.boolean().default(false),
});
export type ScorecardConfig = z.infer<typeof scorecardConfigSchema>;
export type ScorecardConfigInput = z.input<typeof scorecardConfigSchema>;

export type MetricCounts = Record<ScorecardMetric, number>;

export interface ScorecardLine {
  metric: ScorecardMetric;
  actual: number;
  target: number;
  /** min(1, actual / target); 1 when the target is 0. */
  attainment: number;
  weight: number;
}

export interface Scorecard {
  repId: number;
  period: string;
  from: string;
  /** Exclusive. */
  to: string;
  lines: ScorecardLine[];
  score: number;
}

/** The weighted score alone, for given counts and targets. */
export function scorecardScore(actual: MetricCounts, targets: MetricCounts, weights: MetricCounts): number {
  let sum = 0;
  let weightSum = 0;
  for (const metric of SCORECARD_METRICS) {
    sum += weights[metric] * metricAttainment(actual[metric], targets[metric]);
    weightSum += weights[metric];
  }
  return weightSum > 0 ? sum / weightSum : 0;
}

function metricAttainment(actual: number, target: number): number {
  return target > 0 ? Math.min(1, actual / target) : 1;
}

/** Counts per metric of one rep's activities in `[start, end)`. */
export function countMetrics(
  activities: readonly ActivityFacts[],
  repId: number,
  window: { start: Date; end: Date },
  proactiveOnly = false,
): MetricCounts {
  const counts: MetricCounts = { outreach: 0, meetings: 0, visits: 0, proposals: 0, nextSteps: 0 };
  const metricOf = new Map<ActivityKind, ScorecardMetric>();
  for (const metric of SCORECARD_METRICS) for (const kind of METRIC_KINDS[metric]) metricOf.set(kind, metric);
  for (const a of activities) {
    if (a.repId !== repId || (proactiveOnly && !a.proactive)) continue;
    const metric = metricOf.get(a.kind);
    if (metric !== undefined && inRange(a.at, window.start, window.end)) counts[metric] += a.count ?? 1;
  }
  return counts;
}

/**
 * One rep's scorecard for a period. With `at` inside the period it covers `[start, at)` and
 * the targets shrink to those days, so a mid-month scorecard is judged on the month so far.
 */
export function scorecard(options: {
  repId: number;
  period: Period;
  activities: readonly ActivityFacts[];
  at?: Date;
  config?: ScorecardConfigInput;
}): Scorecard {
  const config = scorecardConfigSchema.parse(options.config ?? {});
  const { repId, period } = options;
  const end = options.at && options.at.getTime() < period.end.getTime() ? options.at : period.end;
  if (end.getTime() < period.start.getTime()) throw new RangeError(`${end.toISOString()} is before the period ${period.label}`);
  const weeks = daysBetween(period.start, end) / 7;
  const actual = countMetrics(options.activities, repId, { start: period.start, end }, config.proactiveOnly);
  const targets = Object.fromEntries(
    SCORECARD_METRICS.map((m) => [m, Math.round(config.weeklyTargets[m] * weeks)]),
  ) as MetricCounts;
  return {
    repId,
    period: period.label,
    from: isoDay(period.start),
    to: end.getTime() % DAY_MS === 0 ? isoDay(end) : end.toISOString(),
    lines: SCORECARD_METRICS.map((metric) => ({
      metric,
      actual: actual[metric],
      target: targets[metric],
      attainment: metricAttainment(actual[metric], targets[metric]),
      weight: config.weights[metric],
    })),
    score: scorecardScore(actual, targets, config.weights),
  };
}
