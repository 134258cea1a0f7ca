/** Team-level numbers computed from the reps' summaries the API returns. */
import type { RepSummary, WeekActivity } from "../api/types.js";
import { shareOf } from "./format.js";

export interface TeamTotals {
  openCount: number;
  openValue: number;
  activityTotal: number;
  proactive: number;
  reactive: number;
  /** Proactive activities / all activities in the last 30 days; null when there were none. */
  proactiveShare: number | null;
  outOfOffice: number;
}

export function teamTotals(reps: readonly RepSummary[]): TeamTotals {
  let openCount = 0;
  let openValue = 0;
  let activityTotal = 0;
  let proactive = 0;
  let reactive = 0;
  let outOfOffice = 0;
  for (const rep of reps) {
    openCount += rep.openPipeline.count;
    openValue += rep.openPipeline.value;
    activityTotal += rep.activity30d.total;
    proactive += rep.activity30d.proactive;
    reactive += rep.activity30d.reactive;
    if (rep.outOfOffice) outOfOffice += 1;
  }
  return { openCount, openValue, activityTotal, proactive, reactive, proactiveShare: shareOf(proactive, activityTotal), outOfOffice };
}

/** The team's weeks: each rep's weekly counts summed by week, oldest first. */
export function weeklyTotals(reps: readonly RepSummary[]): WeekActivity[] {
  const byWeek = new Map<string, WeekActivity>();
  for (const rep of reps) {
    for (const week of rep.weekly) {
      const total = byWeek.get(week.weekStart) ?? { weekStart: week.weekStart, proactive: 0, reactive: 0 };
      total.proactive += week.proactive;
      total.reactive += week.reactive;
      byWeek.set(week.weekStart, total);
    }
  }
  return [...byWeek.values()].sort((a, b) => a.weekStart.localeCompare(b.weekStart));
}

export function repProactiveShare(rep: RepSummary): number | null {
  return shareOf(rep.activity30d.proactive, rep.activity30d.total);
}
