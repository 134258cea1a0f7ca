/**
 * Activity counts per rep, kind and proactive flag over a window of UTC days, from the two
 * aggregates the activity triggers maintain (drizzle/0001 and 0008):
 *
 *   activity_daily   (rep, day, kind, proactive) → count
 *   activity_monthly (rep, month) → one count per kind and flag, the sum of the month's days
 *
 * Whole months of the window are read from activity_monthly (one row per rep and month,
 * instead of sixteen per rep and day); a month the window covers only in part (the running
 * month of a period that ends at `now`) is read from activity_daily, either as the days
 * covered or as the whole month minus the days not covered, whichever reads fewer rows. Both
 * give exactly the same counts, because a month row is always the sum of its day rows.
 *
 * Granularity is the UTC day, as before: the days counted run from the day holding `start`
 * to the last day whose midnight is before `end`, so a window ending at 15:00 counts that
 * whole day (periods start at midnight, so only the end is ever ragged).
 */
import { sql, type SQL } from "drizzle-orm";
import { DAY_MS, isoDay } from "../domain/periods.js";
import type { ActivityKind } from "../domain/targets/history.js";
import { query, type Db } from "./db.js";
import { ACTIVITY_KINDS } from "./schema.js";

export interface ActivityCount {
  repId: number;
  kind: ActivityKind;
  proactive: boolean;
  count: number;
}

/** Half-open ranges of UTC days as epoch milliseconds of midnights. */
export interface DayRange {
  from: number;
  to: number;
}

/**
 * How a window is read: whole `months` [from, to) from activity_monthly (each a month
 * start), plus the days of `add`, minus the days of `subtract`, from activity_daily. Signed,
 * the three cover exactly the window's days, each once.
 */
export interface CountPlan {
  months: DayRange | null;
  add: DayRange[];
  subtract: DayRange[];
}

const monthStart = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const nextMonth = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/** The UTC days of a window: from the day holding `start` to the last whose midnight is before `end`. */
export function windowDays(window: { start: Date; end: Date }): DayRange {
  return { from: Math.floor(window.start.getTime() / DAY_MS) * DAY_MS, to: Math.ceil(window.end.getTime() / DAY_MS) * DAY_MS };
}

/**
 * The cheapest plan for the days `[from, to)`, in days read from activity_daily (a month row
 * counts as one day, though it is cheaper). A month the window covers in part is read as its
 * days covered, or as the whole month minus the other days, whichever reads fewer. Days from
 * `sparseFrom` on (the day after "now") cost nothing: only activities logged ahead of time live
 * there, so for a running period "the month minus its future days" wins.
 */
export function countPlan(days: DayRange, sparseFrom = Number.POSITIVE_INFINITY): CountPlan {
  const plan: CountPlan = { months: null, add: [], subtract: [] };
  if (days.to <= days.from) return plan;
  const cost = (r: DayRange) => Math.max(0, Math.min(r.to, sparseFrom) - r.from) / DAY_MS;
  let monthsFrom = Number.POSITIVE_INFINITY;
  let monthsTo = Number.NEGATIVE_INFINITY;
  const wholeMonth = (m: number) => {
    monthsFrom = Math.min(monthsFrom, m);
    monthsTo = Math.max(monthsTo, nextMonth(m));
  };
  for (let m = monthStart(days.from); m < days.to; m = nextMonth(m)) {
    const end = nextMonth(m);
    const covered = { from: Math.max(m, days.from), to: Math.min(end, days.to) };
    if (covered.from === m && covered.to === end) {
      wholeMonth(m);
      continue;
    }
    const outside = [
      { from: m, to: covered.from },
      { from: covered.to, to: end },
    ].filter((r) => r.to > r.from);
    if (1 + outside.reduce((s, r) => s + cost(r), 0) < cost(covered)) {
      wholeMonth(m);
      plan.subtract.push(...outside);
    } else plan.add.push(covered);
  }
  if (monthsTo > monthsFrom) plan.months = { from: monthsFrom, to: monthsTo };
  return plan;
}

const day = (t: number) => isoDay(new Date(t));
const dayRanges = (column: SQL, ranges: readonly DayRange[]) =>
  sql.join(
    ranges.map((r) => sql`(${column} >= ${day(r.from)}::date and ${column} < ${day(r.to)}::date)`),
    sql` or `,
  );

/**
 * activity_monthly's count columns, one per kind and flag (drizzle/0008): the slots of a rep's
 * counts, kind by kind, proactive then reactive.
 */
export const COUNT_SLOTS = ACTIVITY_KINDS.flatMap((kind) =>
  [true, false].map((proactive) => ({ kind, proactive, column: `${kind.replaceAll("-", "_")}_${proactive ? "proactive" : "reactive"}` })),
);
const slotOf = new Map(COUNT_SLOTS.map((s, i) => [`${s.kind} ${s.proactive ? 1 : 0}`, i]));

export interface CountOptions {
  /** Where the future starts, for the plan only: the counts never depend on it. */
  now?: Date;
  /** "daily" reads every day from activity_daily alone: the reference tests and the benchmark compare with. */
  source?: "rollup" | "daily";
}

/**
 * Counts of these reps' activities over the UTC days of `[start, end)`, one entry per rep, kind
 * and flag with a non-zero count.
 */
export async function activityCounts(
  db: Db,
  repIds: readonly number[],
  window: { start: Date; end: Date },
  options: CountOptions = {},
): Promise<ActivityCount[]> {
  const out: ActivityCount[] = [];
  for (const [repId, counts] of await activityCountsByRep(db, repIds, window, options))
    for (let i = 0; i < counts.length; i++) if (counts[i] !== 0) out.push({ repId, kind: COUNT_SLOTS[i]!.kind, proactive: COUNT_SLOTS[i]!.proactive, count: counts[i]! });
  return out;
}

/**
 * The same counts as `activityCounts`, per rep as one array indexed like `COUNT_SLOTS` (reps
 * with no activity in the window are absent): what a 1,000-rep page wants, without 16,000
 * little objects.
 *
 * One statement answers one row of two text values ("rep n n …" per rep for the months, "rep
 * kind 0|1 n" for the days): PGlite hands rows to JavaScript one at a time, and 16,000 rows
 * of four columns took ~400 ms where the query itself took ~60 ms (measured on the shared
 * 2-core machine). Kinds hold no spaces or commas.
 */
export async function activityCountsByRep(
  db: Db,
  repIds: readonly number[],
  window: { start: Date; end: Date },
  options: CountOptions = {},
): Promise<Map<number, number[]>> {
  const byRep = new Map<number, number[]>();
  if (repIds.length === 0 || window.end <= window.start) return byRep;
  const days = windowDays(window);
  if (days.to <= days.from) return byRep;
  const reps = sql`rep_id = any(${`{${repIds.join(",")}}`}::int[])`;
  const plan: CountPlan =
    options.source === "daily"
      ? { months: null, add: [days], subtract: [] }
      : countPlan(days, options.now ? Math.ceil(options.now.getTime() / DAY_MS) * DAY_MS : undefined);

  const months = plan.months
    ? sql`(select string_agg(concat_ws(' ', rep_id, ${sql.raw(COUNT_SLOTS.map((_, i) => `c${i}`).join(", "))}), ',')
           from (select rep_id, ${sql.raw(COUNT_SLOTS.map((s, i) => `sum(${s.column})::int as c${i}`).join(", "))}
                 from activity_monthly where ${reps} and month >= ${day(plan.months.from)}::date and month < ${day(plan.months.to)}::date
                 group by rep_id) m)`
    : sql`null`;
  const dayParts: SQL[] = [];
  if (plan.add.length) dayParts.push(sql`select rep_id, kind, proactive, count as n from activity_daily where ${reps} and (${dayRanges(sql`day`, plan.add)})`);
  if (plan.subtract.length)
    dayParts.push(sql`select rep_id, kind, proactive, -count as n from activity_daily where ${reps} and (${dayRanges(sql`day`, plan.subtract)})`);
  const daily = dayParts.length
    ? sql`(select string_agg(concat_ws(' ', rep_id, kind, proactive::int, n), ',')
           from (select rep_id, kind, proactive, sum(n)::int as n from (${sql.join(dayParts, sql` union all `)}) c
                 group by rep_id, kind, proactive having sum(n) <> 0) d)`
    : sql`null`;
  const [row] = await query<{ months: string | null; days: string | null }>(db, sql`select ${months} as months, ${daily} as days`);

  const slots = (repId: number) => {
    let counts = byRep.get(repId);
    if (!counts) byRep.set(repId, (counts = new Array<number>(COUNT_SLOTS.length).fill(0)));
    return counts;
  };
  if (row?.months) {
    // "rep c0 … c15,rep c0 … c15,…": every entry is 17 numbers, so walk one flat list.
    const fields = row.months.split(/[ ,]/);
    const width = COUNT_SLOTS.length + 1;
    for (let at = 0; at + width <= fields.length; at += width) {
      const counts = slots(Number(fields[at]));
      for (let i = 0; i < COUNT_SLOTS.length; i++) counts[i]! += Number(fields[at + 1 + i]);
    }
  }
  if (row?.days)
    for (const entry of row.days.split(",")) {
      const [repId, kind, flag, n] = entry.split(" ");
      const slot = slotOf.get(`${kind} ${flag}`);
      if (slot === undefined) throw new Error(`activity_daily holds an unknown kind "${kind}"`);
      slots(Number(repId))[slot]! += Number(n);
    }
  return byRep;
}
