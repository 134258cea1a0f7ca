/**
 * Pacing over time: the status of each day of a span, so an alert can fire on the first day
 * a rep falls behind. Day d is judged as of its end (the next midnight UTC, capped at the
 * period end), with the pipeline reconstructed from dates (see `isOpenAt`).
 */
import { addDays, DAY_MS, isoDay } from "../periods.js";
import { computeTargets, type TargetsInput } from "./compute.js";
import type { PacingStatus } from "./pacing-rule.js";

export interface PacingDay {
  day: string;
  status: PacingStatus;
  reason: string;
  opportunitiesCreated: number;
  scheduledOpportunities: number | null;
  /** True when the status differs from the day before (false on the first day). */
  changed: boolean;
  /** The first day of the current run of this status within the span. */
  since: string;
}

/**
 * The status per UTC day from `from` (default: the period start) to `to`, both inclusive.
 * Days must lie in the period.
 */
export function pacingHistory(input: Omit<TargetsInput, "at">, days: { from?: Date; to: Date }): PacingDay[] {
  const { period } = input;
  const first = startOfDay(days.from ?? period.start);
  const last = startOfDay(days.to);
  if (first.getTime() < period.start.getTime() || last.getTime() >= period.end.getTime()) {
    throw new RangeError(`pacing days must lie in ${period.label} (${isoDay(period.start)} to ${isoDay(addDays(period.end, -1))})`);
  }
  const result: PacingDay[] = [];
  for (let day = first; day.getTime() <= last.getTime(); day = addDays(day, 1)) {
    const endOfDay = new Date(Math.min(addDays(day, 1).getTime(), period.end.getTime()));
    const t = computeTargets({ ...input, at: endOfDay });
    const previous = result[result.length - 1];
    const changed = previous !== undefined && previous.status !== t.status;
    result.push({
      day: isoDay(day),
      status: t.status,
      reason: t.statusReason,
      opportunitiesCreated: t.opportunitiesCreated,
      scheduledOpportunities: t.scheduledOpportunities,
      changed,
      since: previous === undefined || changed ? isoDay(day) : previous.since,
    });
  }
  return result;
}

/**
 * The first day the rep fell behind: the first day of the span whose status is behind or
 * at-risk (every day before it was on-track). Null when the rep never fell behind.
 */
export function firstDayBehind(history: readonly Pick<PacingDay, "day" | "status">[]): string | null {
  return history.find((day) => day.status !== "on-track")?.day ?? null;
}

function startOfDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}
