/**
 * Stale deals (D5: nudge the rep first). An open opportunity with no update and no activity
 * for N days is stale; N is set per stage, else per phase (defaults: early 14, late 7 days).
 *
 *   lastTouch            = the latest update or activity on the deal, else its creation
 *   staleSince           = lastTouch + N days           (stale from that instant on)
 *   nudgeRepAt           = staleSince                   (the rep hears first…)
 *   escalateToManagerAt  = staleSince + graceDays       (…the manager only after the grace, default 3)
 */
import { addDays, daysBetween } from "../periods.js";
import { compareIds } from "./order.js";
import { cadenceConfigSchema, type CadenceConfig, type CadenceConfigInput, type EntityId } from "./schemas.js";

export interface StaleCandidate {
  id: EntityId;
  externalId: string;
  ownerId: number;
  stage: string;
  phase: "early" | "late" | "closed";
  outcome: "open" | "won" | "lost";
  /** When the deal was created: the clock starts here when nothing ever touched it. */
  createdAt: Date;
}

export interface StaleDeal {
  id: EntityId;
  externalId: string;
  ownerId: number;
  stage: string;
  thresholdDays: number;
  lastTouchAt: Date | null;
  staleSince: Date;
  nudgeRepAt: Date;
  escalateToManagerAt: Date;
  /** True once the grace period is over: the deal is in the manager's view. */
  escalated: boolean;
  daysSinceTouch: number;
}

/** The latest touch per opportunity external id, ignoring touches after `now`. */
export function lastTouchByOpportunity(
  touches: Iterable<{ opportunity: string | null; at: Date }>,
  now: Date,
): Map<string, Date> {
  const latest = new Map<string, Date>();
  for (const t of touches) {
    if (t.opportunity === null || t.at.getTime() > now.getTime()) continue;
    const seen = latest.get(t.opportunity);
    if (!seen || seen.getTime() < t.at.getTime()) latest.set(t.opportunity, t.at);
  }
  return latest;
}

/** Days without a touch before a deal in `stage` (of `phase`) is stale: the stage's own setting, else its phase's. */
export function staleThresholdDays(stage: string, phase: "early" | "late", config: CadenceConfigInput = {}): number {
  return thresholdOf(stage, phase, cadenceConfigSchema.parse(config).stale);
}

function thresholdOf(stage: string, phase: "early" | "late", stale: CadenceConfig["stale"]): number {
  return Object.hasOwn(stale.byStage, stage) ? stale.byStage[stage]! : phase === "early" ? stale.earlyDays : stale.lateDays;
}

/**
 * The open deals stale at `now`, oldest staleness first (then by external id). Closed deals
 * and deals touched after `now` are never stale.
 */
export function staleDeals(
  opps: readonly StaleCandidate[],
  lastTouchByOpp: ReadonlyMap<string, Date>,
  config: CadenceConfigInput,
  now: Date,
): StaleDeal[] {
  const parsed = cadenceConfigSchema.parse(config);
  const stale: StaleDeal[] = [];
  for (const opp of opps) {
    if (opp.outcome !== "open" || opp.phase === "closed") continue;
    const touched = lastTouchByOpp.get(opp.externalId) ?? null;
    const from = touched !== null && touched.getTime() > opp.createdAt.getTime() ? touched : opp.createdAt;
    const thresholdDays = thresholdOf(opp.stage, opp.phase, parsed.stale);
    const staleSince = addDays(from, thresholdDays);
    if (now.getTime() < staleSince.getTime()) continue;
    const escalateToManagerAt = addDays(staleSince, parsed.stale.graceDays);
    stale.push({
      id: opp.id,
      externalId: opp.externalId,
      ownerId: opp.ownerId,
      stage: opp.stage,
      thresholdDays,
      lastTouchAt: touched,
      staleSince,
      nudgeRepAt: staleSince,
      escalateToManagerAt,
      escalated: now.getTime() >= escalateToManagerAt.getTime(),
      daysSinceTouch: daysBetween(from, now),
    });
  }
  return stale.sort((a, b) => a.staleSince.getTime() - b.staleSince.getTime() || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : compareIds(a.id, b.id)));
}

/** What the manager sees: only the stale deals past their grace period. */
export function managerStaleView(stale: readonly StaleDeal[]): StaleDeal[] {
  return stale.filter((d) => d.escalated);
}
