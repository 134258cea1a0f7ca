/**
 * The pacing status of a rep on one day, from the schedule (D4: warn early, while it can
 * still be recovered). The schedule is linear from the period start to the creation
 * deadline: by a share f of that span, a share f of the period's opportunities should exist.
 *
 *   plan      = min(new opportunities needed as measured at the period start,
 *                 opportunities created so far + new opportunities still needed)
 *   scheduled = plan × f
 *   shortfall = scheduled − created
 *
 * In order, the first rule that applies decides:
 *   1. nothing more is needed                                       → on-track
 *   2. more is needed but how many is unknown (no deal history)     → at-risk
 *   3. the creation deadline has passed with opportunities needed   → at-risk
 *   4. the rep never created this many in the weeks left, even at
 *      their best past weekly count (when they have one)            → at-risk
 *   5. shortfall ≥ minShortfall and created < atRiskBelow × scheduled → at-risk
 *   6. shortfall ≥ minShortfall and created < behindBelow × scheduled → behind
 *   7. otherwise                                                     → on-track
 * The minShortfall (default 1) keeps a rep from being flagged for a fraction of a deal.
 */
import { formatAmount, formatPercent } from "./format.js";
import type { PacingRule } from "./config.js";

export const PACING_STATUSES = ["on-track", "behind", "at-risk"] as const;
export type PacingStatus = (typeof PACING_STATUSES)[number];

export interface PacingFacts {
  needed: number | null;
  created: number;
  scheduled: number;
  weeksLeft: number;
  bestWeeklyCreated: number;
}

export function pacingStatus(facts: PacingFacts, rule: PacingRule): { status: PacingStatus; reason: string } {
  const { needed, created, scheduled, weeksLeft, bestWeeklyCreated } = facts;
  if (needed === 0) return { status: "on-track", reason: "no new opportunities are needed" };
  if (needed === null)
    return { status: "at-risk", reason: "a revenue gap remains and there is no deal history to say how to close it" };
  if (weeksLeft <= 0)
    return { status: "at-risk", reason: `the creation deadline has passed with ${formatAmount(needed)} opportunities still needed` };
  const reachable = bestWeeklyCreated * weeksLeft;
  if (bestWeeklyCreated > 0 && needed > reachable)
    return {
      status: "at-risk",
      reason: `${formatAmount(needed)} opportunities needed, but even at the rep's best ${formatAmount(bestWeeklyCreated)} a week only ${formatAmount(reachable)} fit in the ${formatAmount(weeksLeft)} weeks left`,
    };
  const shortfall = scheduled - created;
  const share = scheduled > 0 ? created / scheduled : 1;
  const against = `${formatAmount(created)} created against ${formatAmount(scheduled)} scheduled by now (${formatPercent(share)})`;
  if (shortfall >= rule.minShortfall && created < rule.atRiskBelow * scheduled)
    return { status: "at-risk", reason: `${against}, below ${formatPercent(rule.atRiskBelow)}` };
  if (shortfall >= rule.minShortfall && created < rule.behindBelow * scheduled)
    return { status: "behind", reason: `${against}, below ${formatPercent(rule.behindBelow)}` };
  return { status: "on-track", reason: against };
}
