/**
 * Periods: a quarter `2017-Q3` or a month `2017-08`, as UTC instants `[start, end)`.
 * Every "in the period" test in the domain is half-open: a deal closed exactly at the start
 * counts, one closed exactly at the end belongs to the next period.
 */
import { z } from "zod";

export const DAY_MS = 86_400_000;

export const PERIOD_FORMAT_MESSAGE =
  'a period is "YYYY-Qn" for a quarter (e.g. 2017-Q3) or "YYYY-MM" for a month (e.g. 2017-08), years 1900 to 2999';

/**
 * The calendar the product works in: years 1900 to 2999, UTC. Inputs outside it are refused at
 * the edge: a wider range would let derived instants (a period's end, a week's end, an offset
 * applied) leave what both JavaScript's toISOString and PostgreSQL can represent.
 */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2999;
const CALENDAR_MESSAGE = `between ${FIRST_YEAR}-01-01 and ${LAST_YEAR}-12-31 (UTC)`;

export function inCalendar(at: Date): boolean {
  const year = at.getUTCFullYear();
  return !Number.isNaN(at.getTime()) && year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** An ISO 8601 instant with its offset (Z or ±hh:mm), within the calendar. */
export const instantInputSchema = z.iso.datetime({ offset: true }).refine((s) => inCalendar(new Date(s)), { message: `an instant ${CALENDAR_MESSAGE}` });

/** A day, YYYY-MM-DD, within the calendar. */
export const dayInputSchema = z.iso.date().refine((s) => inCalendar(new Date(`${s}T00:00:00Z`)), { message: `a day ${CALENDAR_MESSAGE}` });

/** A month, YYYY-MM, within the calendar. */
export const monthInputSchema = z.string().regex(/^(19\d{2}|2\d{3})-(0[1-9]|1[0-2])$/, `a month YYYY-MM ${CALENDAR_MESSAGE}`);

export type PeriodKind = "month" | "quarter";

export interface Period {
  /** The canonical label, e.g. "2017-Q3" or "2017-08". */
  label: string;
  kind: PeriodKind;
  /** First instant of the period, midnight UTC. */
  start: Date;
  /** First instant after the period (exclusive), midnight UTC. */
  end: Date;
}

const PERIOD_PATTERN = /^(19\d{2}|2\d{3})-(?:Q([1-4])|(0[1-9]|1[0-2]))$/;

function toPeriod(label: string): Period {
  const match = PERIOD_PATTERN.exec(label)!;
  const year = Number(match[1]);
  if (match[2] !== undefined) {
    const q = Number(match[2]);
    return { label, kind: "quarter", start: utc(year, (q - 1) * 3), end: utc(year, q * 3) };
  }
  const month = Number(match[3]) - 1;
  return { label, kind: "month", start: utc(year, month), end: utc(year, month + 1) };
}

/** Date.UTC rolls month 12 into January of the next year, which is what `end` needs. */
function utc(year: number, month: number): Date {
  return new Date(Date.UTC(year, month, 1));
}

/** A period label, validated (use at every boundary that accepts one). */
export const periodLabelSchema = z.string().trim().regex(PERIOD_PATTERN, { message: PERIOD_FORMAT_MESSAGE });

/** A period label parsed into its UTC bounds. */
export const periodSchema = periodLabelSchema.transform(toPeriod);

/** `parsePeriod("2017-Q3")` → 2017-07-01 .. 2017-10-01 (exclusive); throws on anything else. */
export function parsePeriod(label: string): Period {
  const parsed = periodSchema.safeParse(label);
  if (!parsed.success) throw new RangeError(`"${label}" is not a period: ${PERIOD_FORMAT_MESSAGE}`);
  return parsed.data;
}

/** The month or quarter containing `at`. */
export function periodContaining(at: Date, kind: PeriodKind): Period {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  if (kind === "quarter") return toPeriod(`${year}-Q${Math.floor(month / 3) + 1}`);
  return toPeriod(`${year}-${String(month + 1).padStart(2, "0")}`);
}

/** True when `at` is in `[start, end)`. */
export function inRange(at: Date, start: Date, end: Date): boolean {
  const ms = at.getTime();
  return ms >= start.getTime() && ms < end.getTime();
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** `YYYY-MM-DD` of the UTC day containing `at`. */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Whole and fractional days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}
