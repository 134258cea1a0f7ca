/**
 * The reverse funnel (D4), the arithmetic alone:
 *
 *   gap    = max(0, quota − won − expected from pipeline)
 *   needed = ⌈gap / (win rate × average won deal)⌉
 *
 * e.g. 120,000 − 30,000 − 20,000 = 70,000; 70,000 / (0.25 × 10,000) = 28.
 */
import { formatAmount, formatPercent } from "./format.js";

export interface FunnelInput {
  quota: number;
  won: number;
  expectedFromPipeline: number;
  winRate: number;
  /** Null when no won deal with a value exists anywhere. */
  averageWonDeal: number | null;
}

export interface FunnelResult {
  gap: number;
  /** Null when it cannot be computed (no deals, or a win rate of 0) while a gap remains. */
  newOpportunitiesNeeded: number | null;
  lines: string[];
}

/**
 * ⌈x⌉, except that a quotient within floating-point noise of a whole number is that number
 * (0.1 × 3 is 0.30000000000000004, and 3 / it must still need 10, not 11).
 */
export function ceilCount(x: number): number {
  const nearest = Math.round(x);
  return Math.abs(x - nearest) <= 1e-9 * Math.max(1, Math.abs(x)) ? nearest : Math.ceil(x);
}

export function reverseFunnel(input: FunnelInput): FunnelResult {
  const { quota, won, expectedFromPipeline, winRate, averageWonDeal } = input;
  const raw = quota - won - expectedFromPipeline;
  const gap = Math.max(0, raw);
  const lines = [
    `Gap: ${formatAmount(quota)} quota − ${formatAmount(won)} won − ${formatAmount(expectedFromPipeline)} expected from pipeline = ${formatAmount(raw)}` +
      (raw < 0 ? ", so the gap is 0" : ""),
  ];
  if (gap === 0) {
    lines.push("New opportunities needed: 0, quota is covered by won deals and the expected pipeline");
    return { gap, newOpportunitiesNeeded: 0, lines };
  }
  if (averageWonDeal === null) {
    lines.push("New opportunities needed: unknown, no won deal with a value exists for the rep or the team");
    return { gap, newOpportunitiesNeeded: null, lines };
  }
  const perOpportunity = winRate * averageWonDeal;
  if (!(perOpportunity > 0)) {
    lines.push(
      `New opportunities needed: unknown, a new opportunity is expected to bring ${formatPercent(winRate)} × ${formatAmount(averageWonDeal)} = 0`,
    );
    return { gap, newOpportunitiesNeeded: null, lines };
  }
  const quotient = gap / perOpportunity;
  const needed = ceilCount(quotient);
  lines.push(
    `New opportunities needed: ${formatAmount(gap)} ÷ (${formatPercent(winRate)} win rate × ${formatAmount(averageWonDeal)} average won deal) = ${formatAmount(quotient)}` +
      (formatAmount(needed) === formatAmount(quotient) ? "" : `, rounded up to ${formatAmount(needed)}`),
  );
  return { gap, newOpportunitiesNeeded: needed, lines };
}
