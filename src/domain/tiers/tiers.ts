/**
 * A/B/C performer tiers (D2), by a documented, configurable rule over attainment and
 * proactive activity.
 *
 * Percentile rank of a rep's value among the n reps (mid-rank):
 *   pct = (#values below + ½ · (#values equal − 1)) / (n − 1)        for n ≥ 2; 0.5 for n = 1
 * so the lowest value is 0, the highest 1, and tied values share a percentile. A rep with no
 * attainment (no quota) ranks below every rep who has one.
 *
 * Score = (w_att · pct_attainment + w_act · pct_activity) / (w_att + w_act) (default: the mean).
 * Reps are ordered by score, highest first, ties broken by rep id ascending, so the result
 * never depends on input order. The rep in position i (0-based) of n occupies the slice
 * [i/n, (i+1)/n) of the ranking and is tiered by its middle (i + ½)/n:
 *   ≤ shareA → A;  ≤ shareA + shareB → B;  else C          (defaults 20% / 50% / 30%)
 * For n = 10 that is exactly 2 A, 5 B, 3 C. A lone rep sits at the middle (0.5) and is B:
 * there is nobody to be better or worse than. Two reps sit at 0.25 and 0.75: B and C.
 */
import { z } from "zod";

export const TIERS = ["A", "B", "C"] as const;
export type Tier = (typeof TIERS)[number];

export const tierConfigSchema = z
  .object({
    weights: z
      .object({ attainment: z.number().min(0).default(1), activity: z.number().min(0).default(1) })
      .refine((w) => w.attainment + w.activity > 0, "at least one weight must be positive")
      .default({ attainment: 1, activity: 1 }),
    shares: z
      .object({ a: z.number().min(0).max(1).default(0.2), b: z.number().min(0).max(1).default(0.5) })
      .refine((s) => s.a + s.b <= 1, "shares of A and B must not exceed 1")
      .default({ a: 0.2, b: 0.5 }),
  })
  .default(() => ({ weights: { attainment: 1, activity: 1 }, shares: { a: 0.2, b: 0.5 } }));
export type TierConfig = z.infer<typeof tierConfigSchema>;
export type TierConfigInput = z.input<typeof tierConfigSchema>;

export interface TierInput {
  repId: number;
  /** Won ÷ quota for the period; null when the rep had no quota. */
  attainment: number | null;
  /** Proactive activities in the period. */
  proactiveActivities: number;
}

export interface TierResult extends TierInput {
  tier: Tier;
  /** 1 = best. */
  rank: number;
  score: number;
  attainmentPercentile: number;
  activityPercentile: number;
}

/** Mid-rank percentile of each value (see the header); null is below every number. */
export function percentileRanks(values: readonly (number | null)[]): number[] {
  const n = values.length;
  if (n === 1) return [0.5];
  const key = (v: number | null) => (v === null ? Number.NEGATIVE_INFINITY : v);
  const sorted = values.map(key).sort((x, y) => x - y);
  return values.map((v) => {
    const k = key(v);
    const below = lowerBound(sorted, k);
    const equal = lowerBound(sorted, k, true) - below;
    return (below + (equal - 1) / 2) / (n - 1);
  });
}

/** First index whose value is ≥ k (or > k when `after`), in an ascending array. */
function lowerBound(sorted: readonly number[], k: number, after = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v < k || (after && v === k)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The tier of position i (0-based) of n, by the middle of its slice of the ranking. */
export function tierAt(position: number, n: number, shares: TierConfig["shares"]): Tier {
  const middle = (position + 0.5) / n;
  const eps = 1e-9;
  if (middle <= shares.a + eps) return "A";
  if (middle <= shares.a + shares.b + eps) return "B";
  return "C";
}

export function assignTiers(reps: readonly TierInput[], configInput?: TierConfigInput): TierResult[] {
  const config = tierConfigSchema.parse(configInput);
  const ids = new Set(reps.map((r) => r.repId));
  if (ids.size !== reps.length) throw new RangeError("each rep may appear only once when assigning tiers");
  const att = percentileRanks(reps.map((r) => r.attainment));
  const act = percentileRanks(reps.map((r) => r.proactiveActivities));
  const { attainment: wAtt, activity: wAct } = config.weights;
  const scored = reps.map((r, i) => ({
    ...r,
    attainmentPercentile: att[i]!,
    activityPercentile: act[i]!,
    score: (wAtt * att[i]! + wAct * act[i]!) / (wAtt + wAct),
  }));
  scored.sort((x, y) => y.score - x.score || x.repId - y.repId);
  return scored.map((r, i) => ({ ...r, rank: i + 1, tier: tierAt(i, scored.length, config.shares) }));
}
