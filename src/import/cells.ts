/**
 * Parsers for one CSV cell (already trimmed and passed through the mapping's `values`).
 * Each returns the typed value or throws `CellError` with a reason a user can act on.
 * Pure and zod-free so the hot import path stays cheap; `fields.ts` wraps them in zod.
 */

import { FIRST_YEAR, LAST_YEAR } from "../domain/periods.js";

export class CellError extends Error {}

const outsideCalendar = (year: number) => year < FIRST_YEAR || year > LAST_YEAR;
const CALENDAR = `years ${FIRST_YEAR} to ${LAST_YEAR}`;

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * ISO 8601 date or date-time. A date alone is midnight UTC; a date-time without an offset is
 * read as UTC too (exports rarely say, and the server's zone must not change the data).
 */
export function parseDate(text: string): Date {
  const m = ISO_DATE.exec(text);
  if (!m) throw new CellError(`"${text}" is not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])`);
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", zone = "Z"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = frac ? Math.round(Number(`0${frac}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new CellError(`"${text}" is not a calendar date`);
  }
  if (hour > 23 || minute > 59 || second > 59) throw new CellError(`"${text}" has an impossible time of day`);
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2) || "0");
    if (oh > 23 || om > 59) throw new CellError(`"${text}" has an impossible UTC offset`);
    offsetMinutes = sign * (oh * 60 + om);
  }
  const at = new Date(utc - offsetMinutes * 60_000);
  // The product's calendar (src/domain/periods.ts): outside it, neither JavaScript nor PostgreSQL keep the instant safely.
  if (outsideCalendar(year) || outsideCalendar(at.getUTCFullYear())) throw new CellError(`"${text}" is outside the calendar (${CALENDAR}, UTC)`);
  return at;
}

// Plain digits, or digits grouped by commas in threes ("1,054.50"); the dot is the decimal point.
const MONEY = /^(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

/**
 * Major units to integer cents, exactly (string arithmetic, no float), rounding half away from
 * zero. Thousands separators are accepted only in the unambiguous "1,234,567.89" shape; "1,5"
 * or "1.234,56" (decimal comma) are refused rather than guessed. Negative amounts are refused.
 */
export function parseMoneyCents(text: string): number {
  const cleaned = text.startsWith("+") ? text.slice(1) : text;
  if (cleaned.startsWith("-")) throw new CellError(`"${text}" is negative; amounts must be zero or more`);
  const m = MONEY.exec(cleaned);
  if (!m) {
    throw new CellError(`"${text}" is not an amount (write 1054.50 or 1,054.50: dot for decimals, commas only between groups of three digits)`);
  }
  const whole = m[1]!.replace(/,/g, "").replace(/^0+(?=\d)/, "");
  const frac = m[2] ?? "";
  if (whole.length > 13) throw new CellError(`"${text}" is too large`);
  let cents = Number(whole) * 100 + Number((frac + "00").slice(0, 2));
  if (frac.length > 2 && frac.charCodeAt(2) >= 53 /* "5" */) cents += 1;
  return cents;
}

export function parseInteger(text: string, options: { min?: number } = {}): number {
  if (!/^[+-]?\d+$/.test(text)) throw new CellError(`"${text}" is not a whole number`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2_147_483_647) throw new CellError(`"${text}" is out of range`);
  if (options.min !== undefined && n < options.min) throw new CellError(`"${text}" must be at least ${options.min}`);
  return n;
}

export function parseDecimal(text: string, options: { min?: number; max?: number } = {}): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) throw new CellError(`"${text}" is not a number`);
  const n = Number(text);
  if (!Number.isFinite(n)) throw new CellError(`"${text}" is out of range`);
  if (options.min !== undefined && n < options.min) throw new CellError(`"${text}" must be at least ${options.min}`);
  if (options.max !== undefined && n > options.max) throw new CellError(`"${text}" must be at most ${options.max}`);
  return n;
}

const TRUE = new Set(["true", "yes", "y", "1"]);
const FALSE = new Set(["false", "no", "n", "0"]);

export function parseBoolean(text: string): boolean {
  const t = text.toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  throw new CellError(`"${text}" is not true or false`);
}

/** `a; b;c` → ["a", "b", "c"]. */
export function parseList(text: string): string[] {
  return text
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** One of `allowed`, matched case-insensitively, returned as spelled in `allowed`. */
export function parseChoice<T extends string>(text: string, allowed: readonly T[]): T {
  const t = text.toLowerCase();
  const hit = allowed.find((a) => a.toLowerCase() === t);
  if (!hit) throw new CellError(`"${text}" is not one of: ${allowed.join(", ")}`);
  return hit;
}

export interface Period {
  period: string;
  /** First day, `YYYY-MM-DD`. */
  periodStart: string;
  /** Last day (inclusive), `YYYY-MM-DD`. */
  periodEnd: string;
}

/** A quota period: a quarter `2017-Q3` or a month `2017-08`. */
export function parsePeriod(text: string): Period {
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(text);
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  let year: number;
  let firstMonth: number;
  let months: number;
  let period: string;
  if (quarter) {
    year = Number(quarter[1]);
    firstMonth = (Number(quarter[2]) - 1) * 3;
    months = 3;
    period = `${quarter[1]}-Q${quarter[2]}`;
  } else if (month) {
    year = Number(month[1]);
    firstMonth = Number(month[2]) - 1;
    months = 1;
    period = text;
  } else {
    throw new CellError(`"${text}" is not a period (a quarter like 2017-Q3 or a month like 2017-08)`);
  }
  if (outsideCalendar(year)) throw new CellError(`"${text}" is outside the calendar (${CALENDAR})`);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    period,
    periodStart: day(new Date(Date.UTC(year, firstMonth, 1))),
    periodEnd: day(new Date(Date.UTC(year, firstMonth + months, 0))),
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lower-cased: addresses are compared case-insensitively everywhere. */
export function parseEmail(text: string): string {
  if (!EMAIL.test(text)) throw new CellError(`"${text}" is not an email address`);
  return text.toLowerCase();
}
