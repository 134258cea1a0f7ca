/** Sorting the team table by any of its columns. */
import type { RepSummary } from "../api/types.js";
import { repProactiveShare } from "./teamStats.js";

export const REP_SORT_KEYS = ["name", "pipelineCount", "pipelineValue", "activities", "proactiveShare", "trend"] as const;
export type RepSortKey = (typeof REP_SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";
export interface RepSort {
  key: RepSortKey;
  direction: SortDirection;
}

/** The value a column sorts on; null sorts last whichever the direction. */
function sortValue(rep: RepSummary, key: RepSortKey): number | string | null {
  switch (key) {
    case "name":
      return rep.name.toLocaleLowerCase("en-US");
    case "pipelineCount":
      return rep.openPipeline.count;
    case "pipelineValue":
      return rep.openPipeline.value;
    case "activities":
      return rep.activity30d.total;
    case "proactiveShare":
      return repProactiveShare(rep);
    case "trend":
      return rep.weekly.reduce((sum, week) => sum + week.proactive, 0);
  }
}

/** A sorted copy; ties fall back to the name so the order is stable and predictable. */
export function sortReps(reps: readonly RepSummary[], sort: RepSort): RepSummary[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...reps].sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) {
      return (va < vb ? -1 : 1) * sign;
    }
    return a.name.localeCompare(b.name, "en-US") || a.id - b.id;
  });
}

/** Clicking a header: the same column flips direction; a new one starts at its natural order. */
export function nextSort(current: RepSort, key: RepSortKey): RepSort {
  if (current.key === key) return { key, direction: current.direction === "asc" ? "desc" : "asc" };
  return { key, direction: key === "name" ? "asc" : "desc" };
}
