/**
 * A rep's working time inside the demo window: weekdays, 08:00–18:00 local time, minus days
 * out of office, clipped to [windowStart, now]. Every generated timestamp is placed in it,
 * so the data looks like people at work (and nothing happens after `now`).
 */
import type { Random } from "./random.js";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const WORK_START_HOUR = 8;
export const WORK_END_HOUR = 18;

export interface WorkInterval {
  start: number;
  end: number;
}

export interface CalendarOptions {
  windowStart: number;
  now: number;
  utcOffsetHours: number;
  /** Out of office: days overlapping [from, to] are not worked. */
  away?: { from: number; to: number };
}

/** The demo window: `months` calendar months back from `now` (UTC). */
export function windowStartFor(now: Date, months: number): Date {
  const start = new Date(now.getTime());
  start.setUTCMonth(start.getUTCMonth() - months);
  return start;
}

export class WorkCalendar {
  private constructor(readonly intervals: readonly WorkInterval[]) {}

  static build(options: CalendarOptions): WorkCalendar {
    const offset = options.utcOffsetHours * HOUR;
    const intervals: WorkInterval[] = [];
    // Local midnights, expressed as UTC instants: local midnight = UTC midnight - offset.
    const firstLocalDay = Math.floor((options.windowStart + offset) / DAY) * DAY;
    for (let day = firstLocalDay; day - offset <= options.now; day += DAY) {
      const weekday = new Date(day).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      const dayStart = day - offset + WORK_START_HOUR * HOUR;
      const dayEnd = day - offset + WORK_END_HOUR * HOUR;
      if (options.away && dayStart <= options.away.to && dayEnd >= options.away.from) continue;
      const start = Math.max(dayStart, options.windowStart);
      const end = Math.min(dayEnd, options.now);
      if (end - start >= 15 * 60_000) intervals.push({ start, end });
    }
    return new WorkCalendar(intervals);
  }

  get days(): number {
    return this.intervals.length;
  }

  /** A random moment on the i-th working day. */
  momentOn(dayIndex: number, rng: Random): number {
    const day = this.intervals[dayIndex];
    if (!day) throw new RangeError(`no working day ${dayIndex}`);
    return Math.floor(day.start + rng.next() * (day.end - day.start));
  }

  /** Index of the first working day that ends after `ms` (days.length when none). */
  indexAfter(ms: number): number {
    let lo = 0;
    let hi = this.intervals.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.intervals[mid] as WorkInterval).end <= ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * `ms` itself when it falls in working time, else early on the next working day (the
   * first hour of it); null when no working time is left before `now`.
   */
  nextWorkingMoment(ms: number, rng: Random): number | null {
    const day = this.intervals[this.indexAfter(ms)];
    if (!day) return null;
    if (ms >= day.start) return ms;
    return Math.floor(day.start + rng.next() * Math.min(HOUR, day.end - day.start));
  }

  /** Like nextWorkingMoment, but falls back to the last working day rather than null. */
  clampToWork(ms: number, rng: Random): number {
    const next = this.nextWorkingMoment(ms, rng);
    if (next !== null) return next;
    const last = this.intervals[this.intervals.length - 1];
    if (!last) throw new RangeError("a calendar without working days");
    return Math.floor(last.start + rng.next() * (last.end - last.start));
  }
}
