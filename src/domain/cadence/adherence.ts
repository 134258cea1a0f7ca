/**
 * Cadence adherence (D3: a regular, disciplined cadence). A scheduled 1:1 is on time when the
 * same manager held a 1:1 with the same rep within ± toleranceDays (default 1) of the
 * scheduled instant, edges included; each held 1:1 counts for one scheduled 1:1 at most
 * (the earliest it can). A 1:1 not held is judged missed only once its window has closed;
 * until then it is pending and left out of every ratio and streak.
 */
import { addDays, inRange, isoDay } from "../periods.js";
import { groupBy } from "./order.js";
import { cadenceConfigSchema, type CadenceConfigInput } from "./schemas.js";
import type { ScheduledMeeting } from "./schedule.js";
import { isoWeeksBetween, isoWeekStart } from "./time.js";

export interface HeldMeeting {
  managerId: number;
  repId: number;
  at: Date;
}

export interface JudgedMeeting {
  managerId: number;
  repId: number;
  scheduledAt: Date;
  /** The held 1:1 matched to it, or null when missed. */
  heldAt: Date | null;
  onTime: boolean;
}

type Range = { start: Date; end: Date };

/** The scheduled 1:1s judged as of `now` (pending ones left out), by time, then manager and rep. */
export function judgeMeetings(
  scheduled: readonly ScheduledMeeting[],
  held: readonly HeldMeeting[],
  config: CadenceConfigInput,
  now: Date,
): JudgedMeeting[] {
  const tolerance = cadenceConfigSchema.parse(config).adherence.toleranceDays;
  const pairKey = (m: { managerId: number; repId: number }) => `${m.managerId}:${m.repId}`;
  const heldByPair = groupBy(
    held.filter((h) => h.at.getTime() <= now.getTime()),
    pairKey,
  );
  const judged: JudgedMeeting[] = [];
  for (const [key, meetings] of groupBy(scheduled, pairKey)) {
    const candidates = [...(heldByPair.get(key) ?? [])].sort((a, b) => a.at.getTime() - b.at.getTime());
    let next = 0;
    for (const s of [...meetings].sort((a, b) => a.at.getTime() - b.at.getTime())) {
      const opens = addDays(s.at, -tolerance).getTime();
      const closes = addDays(s.at, tolerance).getTime();
      while (next < candidates.length && candidates[next]!.at.getTime() < opens) next++;
      const match = candidates[next];
      if (match && match.at.getTime() <= closes) {
        next++;
        judged.push({ managerId: s.managerId, repId: s.repId, scheduledAt: s.at, heldAt: match.at, onTime: true });
      } else if (now.getTime() > closes) {
        judged.push({ managerId: s.managerId, repId: s.repId, scheduledAt: s.at, heldAt: null, onTime: false });
      }
    }
  }
  return judged.sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime() || a.managerId - b.managerId || a.repId - b.repId);
}

export interface Adherence {
  scheduled: number;
  onTime: number;
  /** onTime ÷ scheduled; null when nothing was judged. */
  rate: number | null;
}

function adherenceOf(judged: readonly JudgedMeeting[]): Adherence {
  const onTime = judged.filter((j) => j.onTime).length;
  return { scheduled: judged.length, onTime, rate: judged.length > 0 ? onTime / judged.length : null };
}

/** Runs of on-time 1:1s in time order: the one still going at the end, and the longest. */
export function streaks(judged: readonly Pick<JudgedMeeting, "onTime">[]): { current: number; longest: number } {
  let current = 0;
  let longest = 0;
  for (const j of judged) {
    current = j.onTime ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return { current, longest };
}

/** Adherence per manager over the 1:1s scheduled in `[start, end)`, by manager id. */
export function managerAdherence(
  judged: readonly JudgedMeeting[],
  range: Range,
): (Adherence & { managerId: number; currentStreak: number; longestStreak: number })[] {
  const inPeriod = judged.filter((j) => inRange(j.scheduledAt, range.start, range.end));
  return [...groupBy(inPeriod, (j) => j.managerId).entries()]
    .sort(([a], [b]) => a - b)
    .map(([managerId, list]) => {
      const { current, longest } = streaks(list);
      return { managerId, ...adherenceOf(list), currentStreak: current, longestStreak: longest };
    });
}

/** One point per ISO week (Monday UTC) overlapping `[start, end)`, by the scheduled instant. */
export function weeklyAdherence(judged: readonly JudgedMeeting[], range: Range): (Adherence & { weekStart: string })[] {
  const inPeriod = judged.filter((j) => inRange(j.scheduledAt, range.start, range.end));
  const byWeek = groupBy(inPeriod, (j) => isoDay(isoWeekStart(j.scheduledAt)));
  return isoWeeksBetween(range.start, range.end).map((w) => ({ weekStart: isoDay(w), ...adherenceOf(byWeek.get(isoDay(w)) ?? []) }));
}

export interface AdherenceDrop {
  flag: boolean;
  last: Adherence;
  previous: Adherence;
  reason: string;
}

type WeekPoint = Pick<Adherence, "scheduled" | "onTime">;

function pooled(weeks: readonly WeekPoint[]): Adherence {
  const scheduled = weeks.reduce((n, w) => n + w.scheduled, 0);
  const onTime = weeks.reduce((n, w) => n + w.onTime, 0);
  return { scheduled, onTime, rate: scheduled > 0 ? onTime / scheduled : null };
}

const pct = (a: Adherence) => (a.rate === null ? "n/a" : `${Math.round(a.rate * 100)}%`);

/**
 * The drop warning over a weekly series (oldest first; the last point is the latest week):
 * adherence pooled over the last `windowWeeks` (default 4) is below `thresholdPct` (75), or
 * fell by `dropPoints` (20) or more against the `windowWeeks` before. Compared in integers,
 * so 100% → 80% is exactly a 20-point drop. No 1:1s judged in the last window: no flag.
 */
export function adherenceDrop(weeks: readonly WeekPoint[], config: CadenceConfigInput = {}): AdherenceDrop {
  const { windowWeeks, thresholdPct, dropPoints } = cadenceConfigSchema.parse(config).adherence;
  const last = pooled(weeks.slice(-windowWeeks));
  const previous = pooled(weeks.slice(-2 * windowWeeks, -windowWeeks));
  if (last.scheduled === 0) return { flag: false, last, previous, reason: "no 1:1s were due in the last weeks" };
  if (last.onTime * 100 < thresholdPct * last.scheduled) {
    return { flag: true, last, previous, reason: `adherence ${pct(last)} over the last ${windowWeeks} weeks is below ${thresholdPct}%` };
  }
  // previous − last ≥ dropPoints/100  ⇔  100·(p·L − l·P) ≥ dropPoints·P·L
  if (
    previous.scheduled > 0 &&
    100 * (previous.onTime * last.scheduled - last.onTime * previous.scheduled) >= dropPoints * previous.scheduled * last.scheduled
  ) {
    return { flag: true, last, previous, reason: `adherence fell from ${pct(previous)} to ${pct(last)}, ${dropPoints} points or more` };
  }
  return { flag: false, last, previous, reason: `adherence ${pct(last)} over the last ${windowWeeks} weeks` };
}

/** True when the cadence slipped: see `adherenceDrop`. */
export function flagAdherenceDrop(history: readonly WeekPoint[], config: CadenceConfigInput = {}): boolean {
  return adherenceDrop(history, config).flag;
}
