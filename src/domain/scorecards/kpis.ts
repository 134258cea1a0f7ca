/**
 * The outcome KPIs a sales team is measured on (D6): conversion, revenue, profit and the
 * pipeline by stage. A deal belongs to the period it closed in, `[start, end)`.
 */
import { inRange, type Period } from "../periods.js";
import { isOpenAt, stageAt, type OpportunityFacts } from "../targets/history.js";

function closedIn(opps: readonly OpportunityFacts[], period: Period): OpportunityFacts[] {
  return opps.filter((o) => o.outcome !== "open" && o.closedAt !== null && inRange(o.closedAt, period.start, period.end));
}

/** Won ÷ (won + lost) among deals closed in the period; null when none closed. */
export function conversion(opps: readonly OpportunityFacts[], period: Period): { won: number; lost: number; rate: number | null } {
  const closed = closedIn(opps, period);
  const won = closed.filter((o) => o.outcome === "won").length;
  const lost = closed.length - won;
  return { won, lost, rate: closed.length > 0 ? won / closed.length : null };
}

/**
 * Revenue = Σ value of deals won in the period; profit = revenue − Σ cost of those deals.
 * A won deal with no recorded cost adds nothing to cost and is counted in `withoutCost`, so a
 * reader can tell a high margin from a missing one.
 */
export function revenueAndProfit(
  opps: readonly OpportunityFacts[],
  period: Period,
): { revenue: number; cost: number; profit: number; wonDeals: number; withoutCost: number } {
  const won = closedIn(opps, period).filter((o) => o.outcome === "won");
  const revenue = won.reduce((s, o) => s + (o.value ?? 0), 0);
  const cost = won.reduce((s, o) => s + (o.cost ?? 0), 0);
  const withoutCost = won.filter((o) => o.cost === null || o.cost === undefined).length;
  return { revenue, cost, profit: revenue - cost, wonDeals: won.length, withoutCost };
}

export interface StagePipeline {
  stage: string;
  count: number;
  /** Σ value; deals with no value add 0 and are counted in `withoutValue`. */
  value: number;
  withoutValue: number;
}

/**
 * Open deals per stage as of the instant `at` (reconstructed from dates, see `isOpenAt`), in
 * stage order; stages outside `stageOrder` follow in name order.
 */
export function pipelineByStage(opps: readonly OpportunityFacts[], at: Date, stageOrder: readonly string[]): StagePipeline[] {
  const byStage = new Map<string, StagePipeline>(stageOrder.map((stage) => [stage, { stage, count: 0, value: 0, withoutValue: 0 }]));
  for (const opp of opps) {
    if (!isOpenAt(opp, at)) continue;
    const stage = stageAt(opp, stageOrder);
    const entry = byStage.get(stage) ?? { stage, count: 0, value: 0, withoutValue: 0 };
    entry.count += 1;
    entry.value += opp.value ?? 0;
    if (opp.value === null) entry.withoutValue += 1;
    byStage.set(stage, entry);
  }
  const known = stageOrder.map((s) => byStage.get(s)!);
  const others = [...byStage.values()].filter((e) => !stageOrder.includes(e.stage)).sort((a, b) => a.stage.localeCompare(b.stage));
  return [...known, ...others];
}
