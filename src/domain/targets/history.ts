/**
 * The loaded history the activity-management formulas read: opportunities and activities as
 * plain facts, and the windowed measures taken from them. Every window ends at the instant
 * `at`, exclusive, so a figure "as of" a date never sees that date's future.
 *
 * The domain keeps its own activity-kind type (routing's copy, which a test ties to the store).
 */
import { percentileInc } from "../routing/activity.js";
import type { RoutingActivityKind } from "../routing/types.js";
import { DAY_MS, inRange } from "../periods.js";

export type ActivityKind = RoutingActivityKind;

/** One opportunity as the formulas need it. Amounts are in whatever unit the caller uses. */
export interface OpportunityFacts {
  id: number | string;
  ownerId: number;
  outcome: "open" | "won" | "lost";
  /** The current stage's name (Won / Lost once closed). */
  stage: string;
  /**
   * For a closed deal, the furthest open stage it reached; null or absent = unknown. Won deals
   * are taken to have passed through every stage whatever this says.
   */
  furthestStage?: string | null;
  value: number | null;
  cost?: number | null;
  createdOn: Date | null;
  engagedAt: Date | null;
  closedAt: Date | null;
  accountId?: number | null;
}

/** One logged activity, or a daily aggregate row (`count` of them at the day's midnight). */
export interface ActivityFacts {
  repId: number;
  kind: ActivityKind;
  proactive: boolean;
  at: Date;
  /** How many activities this row stands for; 1 when absent. */
  count?: number;
  accountId?: number | null;
  opportunityId?: number | null;
}

export interface Window {
  start: Date;
  end: Date;
}

/** `[at − days, at)`. */
export function lookback(at: Date, days: number): Window {
  return { start: new Date(at.getTime() - days * DAY_MS), end: at };
}

function within(date: Date | null, window: Window): date is Date {
  return date !== null && inRange(date, window.start, window.end);
}

/**
 * When an opportunity became one: its creation date, else its engagement date (exports such
 * as the sample carry only the engage date), else unknown.
 */
export function createdAt(opp: OpportunityFacts): Date | null {
  return opp.createdOn ?? opp.engagedAt;
}

/**
 * Open at instant `at`: begun before `at` (an unknown start counts as long ago) and not
 * closed before `at`. Reconstructs the pipeline of any past day from dates alone.
 */
export function isOpenAt(opp: OpportunityFacts, at: Date): boolean {
  const began = createdAt(opp);
  if (began !== null && began.getTime() >= at.getTime()) return false;
  if (opp.outcome === "open") return true;
  return opp.closedAt !== null && opp.closedAt.getTime() >= at.getTime();
}

/**
 * The stage of an opportunity open at `at`: its current stage while still open; for a deal
 * closed since, the furthest stage it reached (won: the last open stage; lost and unknown:
 * the first).
 */
export function stageAt(opp: OpportunityFacts, stageOrder: readonly string[]): string {
  if (opp.outcome === "open") return opp.stage;
  if (opp.outcome === "won") return stageOrder[stageOrder.length - 1] ?? opp.stage;
  return opp.furthestStage ?? stageOrder[0] ?? opp.stage;
}

export interface ClosedCounts {
  wins: number;
  closed: number;
}

/** Wins and closed deals by close date in the window, optionally for one owner. */
export function closedCounts(opps: readonly OpportunityFacts[], window: Window, ownerId?: number): ClosedCounts {
  let wins = 0;
  let closed = 0;
  for (const opp of opps) {
    if (opp.outcome === "open" || (ownerId !== undefined && opp.ownerId !== ownerId)) continue;
    if (!within(opp.closedAt, window)) continue;
    closed += 1;
    if (opp.outcome === "won") wins += 1;
  }
  return { wins, closed };
}

/** Won deals closed in the window, optionally for one owner. */
export function wonIn(opps: readonly OpportunityFacts[], window: Window, ownerId?: number): OpportunityFacts[] {
  return opps.filter(
    (opp) => opp.outcome === "won" && (ownerId === undefined || opp.ownerId === ownerId) && within(opp.closedAt, window),
  );
}

/** Σ value of the given deals; a deal with no value adds 0. */
export function totalValue(opps: readonly OpportunityFacts[]): number {
  return opps.reduce((sum, opp) => sum + (opp.value ?? 0), 0);
}

/** Mean value of the deals that have one; null when none has. */
export function meanValue(opps: readonly OpportunityFacts[]): { mean: number | null; count: number } {
  const values = opps.flatMap((opp) => (opp.value === null ? [] : [opp.value]));
  return { mean: values.length > 0 ? values.reduce((s, v) => s + v, 0) / values.length : null, count: values.length };
}

/** Median of the values (mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  return percentileInc(values, 0.5);
}

/** Sales cycle in days, engage to close, of each won deal that has both dates. */
export function salesCycles(won: readonly OpportunityFacts[]): number[] {
  return won.flatMap((opp) =>
    opp.engagedAt !== null && opp.closedAt !== null ? [(opp.closedAt.getTime() - opp.engagedAt.getTime()) / DAY_MS] : [],
  );
}

/** Opportunities of one owner created in the window (see `createdAt`). */
export function createdCount(opps: readonly OpportunityFacts[], ownerId: number, window: Window): number {
  let n = 0;
  for (const opp of opps) if (opp.ownerId === ownerId && within(createdAt(opp), window)) n += 1;
  return n;
}

/**
 * Proactive activities of one rep in the window. `opportunity-created` rows are an outcome,
 * not an effort, so they are not counted as activity.
 */
export function proactiveActivityCount(activities: readonly ActivityFacts[], repId: number, window: Window): number {
  let n = 0;
  for (const a of activities) {
    if (a.repId !== repId || !a.proactive || a.kind === "opportunity-created") continue;
    if (inRange(a.at, window.start, window.end)) n += a.count ?? 1;
  }
  return n;
}

/**
 * The rep's best count of opportunities created in one week, over the `weeks` weeks before
 * `at` (week i is `[at − 7(i+1) d, at − 7i d)`, so no calendar alignment is assumed).
 */
export function bestWeeklyCreated(opps: readonly OpportunityFacts[], ownerId: number, at: Date, weeks: number): number {
  const counts = new Array<number>(weeks).fill(0);
  const weekMs = 7 * DAY_MS;
  for (const opp of opps) {
    if (opp.ownerId !== ownerId) continue;
    const began = createdAt(opp);
    if (began === null) continue;
    const age = at.getTime() - began.getTime();
    if (age <= 0) continue;
    const week = Math.floor((age - 1) / weekMs);
    if (week < weeks) counts[week]! += 1;
  }
  return Math.max(0, ...counts);
}
