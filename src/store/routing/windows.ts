/**
 * A window `[t − days, t)` split for reading maintained daily aggregates exactly: whole UTC
 * days come from the aggregate, and the two partial boundary days from raw rows through an
 * index on (rep, time). When t is midnight UTC both partial ranges are empty.
 */
import { windowStart } from "../../domain/routing/index.js";

const DAY_MS = 86_400_000;

export interface SplitWindow {
  /** Whole days `[fromDay, toDay)` as YYYY-MM-DD. */
  fromDay: string;
  toDay: string;
  /** Raw ranges `[start, fromMidnight)` and `[toMidnight, end)`. */
  start: Date;
  fromMidnight: Date;
  toMidnight: Date;
  end: Date;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function splitWindow(now: Date, days: number): SplitWindow {
  const start = windowStart(now, days);
  const fromMidnight = new Date(Math.ceil(start.getTime() / DAY_MS) * DAY_MS);
  const toMidnight = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  return { fromDay: isoDay(fromMidnight), toDay: isoDay(toMidnight), start, fromMidnight, toMidnight, end: now };
}
