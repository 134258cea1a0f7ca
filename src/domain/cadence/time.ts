/**
 * Calendar arithmetic of the cadence: UTC days and ISO weeks (Monday 00:00 UTC), and local
 * wall time in a time zone (a fixed `±HH:MM` offset, or an IANA name resolved with Intl).
 */
import { addDays, DAY_MS, FIRST_YEAR, inCalendar, LAST_YEAR } from "../periods.js";

export const WEEK_MS = 7 * DAY_MS;

/** Midnight UTC of a `YYYY-MM-DD` day. */
export function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** The first instant after a `YYYY-MM-DD` day (the day's end, exclusive). */
export function dayEnd(day: string): Date {
  return addDays(dayStart(day), 1);
}

export function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/** Monday 00:00 UTC of the ISO week containing `at`. */
export function isoWeekStart(at: Date): Date {
  const day = startOfUtcDay(at);
  const isoWeekday = ((day.getUTCDay() + 6) % 7) + 1;
  return addDays(day, 1 - isoWeekday);
}

/** The ISO week starts (Mondays, UTC) of every week overlapping `[from, to)`, in order. */
export function isoWeeksBetween(from: Date, to: Date): Date[] {
  const weeks: Date[] = [];
  for (let w = isoWeekStart(from); w.getTime() < to.getTime(); w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at `at`, in milliseconds (local = UTC + offset). */
export function zoneOffsetMs(timeZone: string, at: Date): number {
  if (timeZone === "UTC") return 0;
  const fixed = OFFSET.exec(timeZone);
  if (fixed) return (fixed[1] === "-" ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3])) * 60_000;
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(at)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return local - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant of a local wall time. Zones change offset at most once a day, so the offsets
 * 12 h either side are the only candidates. As RFC 5545 §3.3.5 says: a time skipped by a
 * DST gap is read with the offset before the gap (02:30 becomes 03:30), and a time that
 * occurs twice is the first of the two.
 */
export function zonedToUtc(day: string, time: string, timeZone: string): Date {
  const wall = dayStart(day).getTime() + (Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))) * 60_000;
  const before = zoneOffsetMs(timeZone, new Date(wall - DAY_MS / 2));
  const after = zoneOffsetMs(timeZone, new Date(wall + DAY_MS / 2));
  const valid = [wall - before, wall - after].filter((t) => zoneOffsetMs(timeZone, new Date(t)) === wall - t);
  return new Date(valid.length > 0 ? Math.min(...valid) : wall - before);
}

/** The local `YYYY-MM-DD` day and ISO weekday of an instant in a zone. */
export function localDay(at: Date, timeZone: string): { day: string; weekday: number } {
  const local = new Date(at.getTime() + zoneOffsetMs(timeZone, at));
  return { day: local.toISOString().slice(0, 10), weekday: ((local.getUTCDay() + 6) % 7) + 1 };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * ISO 8601 date or date-time, by the import's rules: a date alone is midnight UTC and a
 * date-time without an offset is UTC (never the host's zone). The instant, or why not.
 */
export function parseIsoInstant(text: string): Date | string {
  const m = ISO.exec(text);
  if (!m) return `"${text}" is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])`;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone = "Z"] = m;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (calendar.getUTCFullYear() !== year || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
    return `"${text}" is not a calendar date`;
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return `"${text}" has an impossible time of day`;
  let offset = 0;
  if (zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const [oh, om] = [Number(digits.slice(0, 2)), Number(digits.slice(2) || "0")];
    if (oh > 23 || om > 59) return `"${text}" has an impossible UTC offset`;
    offset = (zone.startsWith("-") ? -1 : 1) * (oh * 60 + om);
  }
  const ms = frac ? Math.round(Number(`0${frac}`) * 1000) : 0;
  const at = new Date(Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s), ms) - offset * 60_000);
  // The product's calendar (periods.ts): outside it, JavaScript and PostgreSQL disagree on the instant.
  if (year < FIRST_YEAR || year > LAST_YEAR || !inCalendar(at)) return `"${text}" is outside the calendar (years ${FIRST_YEAR} to ${LAST_YEAR}, UTC)`;
  return at;
}
