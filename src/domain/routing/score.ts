/**
 * The equilibrium score and the one ranking rule every policy and "what would win it" share.
 *
 *   S = M^w · A^(1−w)     0 < w < 1 (default 0.5: the geometric mean of merit and activity)
 *
 * Because both factors are multiplied, strength in only one of them is not enough: a rep with
 * M = 0 or A = 0 scores 0. The ranking makes that explicit (reps with both above 0 come first,
 * whatever floating point does), then higher S, then fewer leads received in the last 30 days,
 * then the lower rep id.
 */

export function equilibriumScore(M: number, A: number, w: number): number {
  return M ** w * A ** (1 - w);
}

/** What ranking needs to know about a rep. `positive` = both factors above 0. */
export interface Contender {
  id: number;
  S: number;
  positive: boolean;
  leadsLast30Days: number;
}

/** Negative when x ranks before y. Total and deterministic for distinct ids. */
export function compareContenders(x: Contender, y: Contender): number {
  if (x.positive !== y.positive) return x.positive ? -1 : 1;
  if (x.S !== y.S) return y.S - x.S;
  if (x.leadsLast30Days !== y.leadsLast30Days) return x.leadsLast30Days - y.leadsLast30Days;
  return x.id - y.id;
}
