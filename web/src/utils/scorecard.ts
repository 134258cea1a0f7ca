/**
 * The team scorecard table: one row per rep joining the scorecard's lines with the rep's tier
 * and pacing, and sorting it by any column.
 */
import type { PacingAlert, PacingStatus, RepScorecard, ScorecardLine, ScorecardMetric, Tier, TierHistory } from "../api/activityTypes.js";

export const SCORECARD_METRICS: readonly ScorecardMetric[] = ["outreach", "meetings", "visits", "proposals", "nextSteps"];

export const METRIC_LABELS: Record<ScorecardMetric, string> = {
  outreach: "Outreach",
  meetings: "Meetings",
  visits: "Visits",
  proposals: "Proposals",
  nextSteps: "Next steps",
};

/** A rep's pacing: loading, not loaded (an error), no quota for the period (nothing to pace), or the judged status. */
export type RepPacing =
  | { state: "loading" }
  | { state: "error"; reason: string }
  | { state: "none"; reason: string }
  | { state: "ready"; status: PacingStatus; since: string | null; reason: string };

export interface ScorecardRow {
  repId: number;
  name: string;
  lines: Partial<Record<ScorecardMetric, ScorecardLine>>;
  score: number;
  tier: Tier | null;
  pacing: RepPacing;
}

/** `missing`: the pacing of a rep `pacing` does not hold (still loading, or not loaded). */
export function scorecardRows(
  reps: readonly RepScorecard[],
  tiers: ReadonlyMap<number, Tier>,
  pacing: ReadonlyMap<number, RepPacing>,
  missing: RepPacing = { state: "loading" },
): ScorecardRow[] {
  return reps.map((rep) => ({
    repId: rep.repId,
    name: rep.name,
    lines: Object.fromEntries(rep.lines.map((line) => [line.metric, line])),
    score: rep.score,
    tier: tiers.get(rep.repId) ?? null,
    pacing: pacing.get(rep.repId) ?? missing,
  }));
}

/** Each rep's tier in one month of the history (absent: not tiered that month). */
export function tiersInMonth(history: TierHistory | undefined, month: string): Map<number, Tier> {
  const found = history?.months.find((m) => m.period === month);
  return new Map((found?.tiers ?? []).map((t) => [t.repId, t.tier]));
}

/**
 * The day a rep's current pacing status began, from their alerts for the period: the open
 * alert's day while behind or at risk, the last resolution's day once back on track; null
 * when the alerts don't say (never off track, or an alert still inside the manager's grace).
 */
export function pacingSince(status: PacingStatus, alerts: readonly PacingAlert[], repId: number, period: string): string | null {
  const mine = alerts.filter((a) => a.repId === repId && a.period === period);
  if (status === "on-track") {
    const resolved = mine.map((a) => a.resolvedAt).filter((at): at is string => at !== null).sort();
    return resolved.at(-1)?.slice(0, 10) ?? null;
  }
  const open = mine.filter((a) => a.resolvedAt === null && a.status === status).sort((a, b) => a.day.localeCompare(b.day));
  return open[0]?.day ?? null;
}

export type ScorecardSortKey = "name" | ScorecardMetric | "score" | "tier" | "pacing";
export interface ScorecardSort {
  key: ScorecardSortKey;
  direction: "asc" | "desc";
}

const PACING_ORDER: Record<PacingStatus, number> = { "at-risk": 0, behind: 1, "on-track": 2 };
const TIER_ORDER: Record<Tier, number> = { A: 0, B: 1, C: 2 };

/** Higher is better for every column, so "desc" puts the best first (the worst for pacing: at risk first). */
function sortValue(row: ScorecardRow, key: ScorecardSortKey): number | string | null {
  switch (key) {
    case "name":
      return row.name.toLocaleLowerCase("en-US");
    case "score":
      return row.score;
    case "tier":
      return row.tier === null ? null : -TIER_ORDER[row.tier];
    case "pacing":
      return row.pacing.state === "ready" ? PACING_ORDER[row.pacing.status] : null;
    default: {
      const line = row.lines[key];
      return line ? line.attainment : null;
    }
  }
}

/** A sorted copy; nulls last whichever the direction, ties by name. */
export function sortScorecard(rows: readonly ScorecardRow[], sort: ScorecardSort): ScorecardRow[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) {
      return (va < vb ? -1 : 1) * sign;
    }
    return a.name.localeCompare(b.name, "en-US") || a.repId - b.repId;
  });
}

/** Same column: flip; a new column: names A→Z, pacing worst first, the rest best first. */
export function nextScorecardSort(current: ScorecardSort, key: ScorecardSortKey): ScorecardSort {
  if (current.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: key === "name" || key === "pacing" ? "asc" : "desc" };
}
