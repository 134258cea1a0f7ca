/**
 * Activity: proactive hunting work in the activity window, counted up to the team's target.
 *
 *   a = Σ weight(kind) · count(kind) over proactive activities   (reactive ones count 0)
 *   T = the manager's target, or else PERCENTILE.INC(eligible reps' a, 0.75)
 *   A = min(1, a / T), and A = 1 for everyone when T = 0
 *
 * The cap is the point: past the target, more dialling buys nothing and merit decides.
 */
import type { RoutingActivityKind } from "./types.js";
import { ROUTING_ACTIVITY_KINDS } from "./types.js";
import { inWindow } from "./window.js";

/** Points in hundredths, so sums of weights like 0.5 are exact and comparisons reproducible. */
export function pointsInHundredths(
  counts: Partial<Record<RoutingActivityKind, number>>,
  weights: Record<RoutingActivityKind, number>,
): number {
  return pointsWithWeightsInHundredths(counts, weightsInHundredths(weights));
}

/** Each kind's weight in hundredths, in ROUTING_ACTIVITY_KINDS order (once per decision, not per rep). */
export function weightsInHundredths(weights: Record<RoutingActivityKind, number>): number[] {
  return ROUTING_ACTIVITY_KINDS.map((kind) => Math.round(weights[kind] * 100));
}

/**
 * `pointsInHundredths` with the weights already in hundredths. The kinds are spelled out in
 * ROUTING_ACTIVITY_KINDS order (a property read by a name from the list cost more than the
 * rest at 1,000 reps); every term is a whole number, so the sum is exact in any order.
 */
export function pointsWithWeightsInHundredths(counts: Partial<Record<RoutingActivityKind, number>>, hundredths: readonly number[]): number {
  return (
    hundredths[0]! * (counts.call ?? 0) +
    hundredths[1]! * (counts.email ?? 0) +
    hundredths[2]! * (counts.meeting ?? 0) +
    hundredths[3]! * (counts.visit ?? 0) +
    hundredths[4]! * (counts.proposal ?? 0) +
    hundredths[5]! * (counts["follow-up"] ?? 0) +
    hundredths[6]! * (counts["next-step"] ?? 0) +
    hundredths[7]! * (counts["opportunity-created"] ?? 0)
  );
}

/** Proactive points a of one rep. */
export function proactivePoints(
  counts: Partial<Record<RoutingActivityKind, number>>,
  weights: Record<RoutingActivityKind, number>,
): number {
  return pointsInHundredths(counts, weights) / 100;
}

/**
 * Spreadsheets' PERCENTILE.INC: sort v₀…vₙ₋₁, take position p = q·(n − 1) and interpolate
 * linearly between v⌊p⌋ and v⌈p⌉. Null for no values; the single value when n = 1.
 */
export function percentileInc(values: readonly number[], q: number): number | null {
  return values.length === 0 ? null : percentileIncOfSorted(Float64Array.from(values).sort(), q);
}

/** `percentileInc` of values already sorted ascending (at least one). */
export function percentileIncOfSorted(sorted: Float64Array, q: number): number {
  const p = q * (sorted.length - 1);
  const lo = Math.floor(p);
  const hi = Math.ceil(p);
  return sorted[lo]! + (p - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * T: the manager's target when set, else the 75th percentile of the eligible reps' points
 * (given sorted ascending: routeLead sorts them once for T and for each rep's points rank).
 */
export function activityTarget(
  managerTarget: number | null,
  sortedEligiblePoints: Float64Array,
): { T: number | null; source: "manager" | "percentile" } {
  if (managerTarget !== null) return { T: managerTarget, source: "manager" };
  if (sortedEligiblePoints.length === 0) return { T: null, source: "percentile" };
  return { T: percentileIncOfSorted(sortedEligiblePoints, 0.75), source: "percentile" };
}

/** A = min(1, a / T); a target of 0 asks nothing, so everyone is at A = 1. */
export function activityScore(a: number, T: number): number {
  return T === 0 ? 1 : Math.min(1, a / T);
}

/** A logged activity, as far as routing cares. */
export interface ActivityRecord {
  repId: number;
  kind: RoutingActivityKind;
  proactive: boolean;
  at: Date;
}

/**
 * Reference counting of proactive activity per rep and kind in `[now − windowDays, now)`
 * (the store may count from `activity_daily`; tests compare against this).
 */
export function countProactive(
  activities: readonly ActivityRecord[],
  now: Date,
  windowDays: number,
): Map<number, Partial<Record<RoutingActivityKind, number>>> {
  const byRep = new Map<number, Partial<Record<RoutingActivityKind, number>>>();
  for (const activity of activities) {
    if (!activity.proactive || !inWindow(activity.at, now, windowDays)) continue;
    const counts = byRep.get(activity.repId) ?? {};
    counts[activity.kind] = (counts[activity.kind] ?? 0) + 1;
    byRep.set(activity.repId, counts);
  }
  return byRep;
}
