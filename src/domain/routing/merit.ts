/**
 * Merit: a rep's smoothed win rate on opportunities similar to the lead (D1).
 *
 *   p_team = team wins / team closed in the window (0.5 when the team closed nothing)
 *   p_r    = (wins_all + k·p_team) / (closed_all + k)          the rep's overall rate
 *   m      = (wins_similar + k·p_r) / (closed_similar + k)     the rep's rate on this kind of lead
 *   M      = m / max m over eligible reps                      relative merit, in [0, 1]
 *
 * Each rate starts from k deals' worth of the level above, so a short record moves it little.
 */
import type { HistoryCounts, LeadInput, SimilarityKey } from "./types.js";
import { inWindow } from "./window.js";

/** The team's raw win rate, 0.5 when it closed nothing in the window. */
export function teamWinRate(team: { wins: number; closed: number }): number {
  return team.closed > 0 ? team.wins / team.closed : 0.5;
}

/** `(wins + k·prior) / (closed + k)`: a win rate pulled towards `prior` by k pseudo-deals. */
export function smoothedRate(wins: number, closed: number, k: number, prior: number): number {
  return (wins + k * prior) / (closed + k);
}

/** p_r and m for one rep. A rep with no history gets m = p_r = p_team. */
export function merit(history: HistoryCounts, k: number, pTeam: number): { pR: number; m: number } {
  const pR = smoothedRate(history.winsAll, history.closedAll, k, pTeam);
  return { pR, m: smoothedRate(history.winsSimilar, history.closedSimilar, k, pR) };
}

/**
 * M = m / max m. When every m is 0 (only possible with p_team = 0 and no wins) merit cannot
 * tell reps apart, so everyone gets M = 1 and activity decides.
 */
export function relativeMerit(m: number, maxM: number): number {
  return maxM > 0 ? m / maxM : 1;
}

/** Keys the lead has a value for: a key the lead leaves blank cannot narrow "similar". */
export function effectiveSimilarityKeys(lead: LeadInput, keys: readonly SimilarityKey[]): SimilarityKey[] {
  return keys.filter((key) => lead[key] !== null && lead[key] !== "");
}

/** Words for "similar deals", e.g. "GTX Pro" or "GTX Pro / EMEA"; "similar" when no key applies. */
export function similarityLabel(lead: LeadInput, keys: readonly SimilarityKey[]): string {
  const parts = effectiveSimilarityKeys(lead, keys).map((key) => lead[key] as string);
  return parts.length > 0 ? parts.join(" / ") : "similar";
}

/**
 * The band label of a deal value: edges are upper bounds in cents, labels in whole units,
 * e.g. edges [1e6, 1e7] give "0-10000", "10000-100000", "100000+".
 */
export function sizeBandOf(valueCents: number | null, edgesCents: readonly number[]): string | null {
  if (valueCents === null) return null;
  const whole = (cents: number) => String(Math.round(cents / 100));
  let lower = 0;
  for (const edge of edgesCents) {
    if (valueCents < edge) return `${whole(lower)}-${whole(edge)}`;
    lower = edge;
  }
  return `${whole(lower)}+`;
}

/** A closed opportunity as history: who owned it, how it ended, when, and its attributes. */
export interface ClosedOpportunity {
  ownerId: number;
  outcome: "won" | "lost";
  closedAt: Date;
  product: string | null;
  segment: string | null;
  region: string | null;
  sizeBand: string | null;
}

/**
 * Reference counting of merit history from raw closed opportunities (the store may count the
 * same thing from aggregates; tests compare against this). Only opportunities closed in
 * `[now − windowDays, now)` count; "similar" = equal on every effective similarity key.
 */
export function countHistory(options: {
  lead: LeadInput;
  keys: readonly SimilarityKey[];
  opportunities: readonly ClosedOpportunity[];
  now: Date;
  windowDays: number;
}): { byRep: Map<number, HistoryCounts>; team: { wins: number; closed: number } } {
  const keys = effectiveSimilarityKeys(options.lead, options.keys);
  const byRep = new Map<number, HistoryCounts>();
  const team = { wins: 0, closed: 0 };
  for (const opp of options.opportunities) {
    if (!inWindow(opp.closedAt, options.now, options.windowDays)) continue;
    const won = opp.outcome === "won" ? 1 : 0;
    const counts = byRep.get(opp.ownerId) ?? { winsSimilar: 0, closedSimilar: 0, winsAll: 0, closedAll: 0 };
    counts.winsAll += won;
    counts.closedAll += 1;
    if (keys.every((key) => opp[key] === options.lead[key])) {
      counts.winsSimilar += won;
      counts.closedSimilar += 1;
    }
    byRep.set(opp.ownerId, counts);
    team.wins += won;
    team.closed += 1;
  }
  return { byRep, team };
}
