/**
 * Words and numbers for the lead feed ("Vocalise it", D1): each decision's finalists, the
 * counts behind the winner's numbers, the lead in one line, and how re-routes link up. Pure.
 */
import type { Decision, DecisionCandidate, RoutingPolicy } from "../api/routingTypes.js";
import { formatMoney } from "./format.js";

export const POLICY_LABELS: Record<RoutingPolicy, string> = {
  equilibrium: "Equilibrium",
  "milk-round": "Milk round",
  "top-performer": "Top performer",
};

/** Scores with two decimals, as the reasons print them: 0.884388 → "0.88"; null → "—". */
export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "—" : value.toFixed(2);
}

/** Points without trailing zeros, to 0.01: 31 → "31", 7.5 → "7.5", 19.416 → "19.42". */
export function formatPoints(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return String(Math.round(value * 100) / 100);
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 101st, 111th. */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  return `${n}${({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th"}`;
}

/** The winner (rank 1) and runner-up (rank 2) as the decision saw them. */
export function finalists(decision: Decision): { winner: DecisionCandidate | null; runnerUp: DecisionCandidate | null } {
  const ranked = (rank: number) => decision.candidates.find((c) => c.rank === rank) ?? null;
  return { winner: ranked(1), runnerUp: ranked(2) };
}

export interface ScoreDuel {
  /** What decided: the blended score S (equilibrium) or merit m (top-performer). */
  measure: "S" | "m";
  winner: { name: string; value: number };
  runnerUp: { name: string; value: number } | null;
  margin: number | null;
}

/** The two numbers to draw side by side; null when no score decided (milk round, nobody eligible). */
export function scoreDuel(decision: Decision): ScoreDuel | null {
  if (decision.policy === "milk-round") return null;
  const measure = decision.policy === "equilibrium" ? "S" : "m";
  const { winner, runnerUp } = finalists(decision);
  const value = (c: DecisionCandidate | null) => (c === null ? null : c[measure]);
  const winnerValue = value(winner);
  if (winner === null || winnerValue === null) return null;
  const runnerUpValue = value(runnerUp);
  return {
    measure,
    winner: { name: winner.rep, value: winnerValue },
    runnerUp: runnerUp !== null && runnerUpValue !== null ? { name: runnerUp.rep, value: runnerUpValue } : null,
    margin: decision.margin,
  };
}

/** "won 8 of 12 GTX Pro deals", with the same fall-backs as the stored reason. */
export function recordText(counts: NonNullable<DecisionCandidate["counts"]>, similarity: string): string {
  if (counts.closedSimilar > 0) return `won ${counts.winsSimilar} of ${counts.closedSimilar} ${similarity} deals`;
  if (counts.closedAll > 0) return `no ${similarity} deals closed yet, won ${counts.winsAll} of ${counts.closedAll} overall`;
  return "no closed deals yet";
}

/** The record in a few words: "won 10 of 15 GTX Pro", "won 13 of 20 overall", "no closed deals". */
export function shortRecord(counts: NonNullable<DecisionCandidate["counts"]>, similarity: string): string {
  if (counts.closedSimilar > 0) return `won ${counts.winsSimilar} of ${counts.closedSimilar} ${similarity}`;
  if (counts.closedAll > 0) return `won ${counts.winsAll} of ${counts.closedAll} overall`;
  return "no closed deals";
}

/** "31 proactive points in 14 days, 2nd of 4". */
export function activityText(candidate: DecisionCandidate, basis: NonNullable<Decision["basis"]>): string {
  const points = `${formatPoints(candidate.a)} proactive points in ${basis.activityWindowDays} days`;
  const rank = candidate.counts?.pointsRank;
  return rank === null || rank === undefined ? points : `${points}, ${ordinal(rank)} of ${basis.eligibleCount}`;
}

/** "target 38.25 points (75th percentile of the team)" or "(set by the manager)". */
export function targetText(T: number | null, source: NonNullable<Decision["basis"]>["targetSource"]): string | null {
  if (T === null) return null;
  const from = source === "manager" ? "set by the manager" : "75th percentile of the team";
  return `target ${formatPoints(T)} points (${from})`;
}

export interface ExclusionGroup {
  /** The constraint in short: "language pt not covered", "inactive", "out of office until …". */
  label: string;
  reps: { repId: number; rep: string; excluded: string }[];
}

/**
 * Excluded reps grouped by the constraint, so a lead in a language nobody speaks reads as one
 * line, not six: "region EMEA not in [NA]" and "region EMEA not in [APAC]" are both "region
 * EMEA not covered". First-seen order; the exact constraint stays with each rep.
 */
export function groupExclusions(candidates: readonly DecisionCandidate[]): ExclusionGroup[] {
  const groups = new Map<string, ExclusionGroup>();
  for (const c of candidates) {
    if (c.excluded === null) continue;
    const label = c.excluded.replace(/ not in \[.*\]$/, " not covered");
    const group = groups.get(label) ?? { label, reps: [] };
    group.reps.push({ repId: c.repId, rep: c.rep, excluded: c.excluded });
    groups.set(label, group);
  }
  return [...groups.values()];
}

/** The lead in one line: "GTX Pro · Enterprise · EMEA · $12.3k · web form". */
export function leadSummary(info: Decision["leadInfo"]): string {
  if (!info) return "";
  const parts = [info.product, info.segment, info.region, info.value === null ? null : formatMoney(info.value), info.source];
  return parts.filter((p): p is string => p !== null && p !== "").join(" · ");
}

/** Each re-routed decision's id → the SLA re-route that replaced it (among the loaded ones). */
export function reroutesByOriginal(decisions: readonly Decision[]): Map<number, Decision> {
  const map = new Map<number, Decision>();
  for (const d of decisions) if (d.kind === "sla-reroute" && d.previousDecisionId !== null) map.set(d.previousDecisionId, d);
  return map;
}

/** The next page appended to the loaded ones: newest first, each decision once. */
export function appendFeedPage(loaded: readonly Decision[], page: readonly Decision[]): Decision[] {
  const seen = new Set(loaded.map((d) => d.id));
  return [...loaded, ...page.filter((d) => !seen.has(d.id))].sort((a, b) => b.id - a.id);
}

/** "Jun 18, 9:43 AM" in the viewer's zone (or the given one). */
export function formatDecisionTime(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone });
}
