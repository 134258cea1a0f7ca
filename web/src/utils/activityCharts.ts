/** Geometry for the activity-management charts: funnel, tier grid, pacing schedule, leadership bars. Pure. */
import type { Kpis, Leadership, Targets, Tier, TierHistory } from "../api/activityTypes.js";

export interface FunnelBar {
  stage: string;
  count: number;
  value: number;
  /** Bar width as a share of the widest, in (0, 1]; 0 only for an empty stage. */
  width: number;
  /** The bar centred on a 0–1 axis: [start, end], end − start = width. */
  span: [number, number];
}

/** A horizontal funnel: one bar per open stage, widths by count, a visible sliver for small stages. */
export function funnelBars(pipeline: Kpis["pipeline"], minWidth = 0.04): FunnelBar[] {
  const max = Math.max(0, ...pipeline.map((p) => p.count));
  return pipeline.map((p) => {
    const width = max === 0 || p.count === 0 ? 0 : Math.max(minWidth, p.count / max);
    return { stage: p.stage, count: p.count, value: p.value, width, span: [(1 - width) / 2, (1 + width) / 2] };
  });
}

export interface TierCell {
  period: string;
  tier: Tier | null;
  move: "up" | "down" | null;
}
export interface TierRow {
  repId: number;
  name: string;
  cells: TierCell[];
}

/** Rep × month: each rep's tier per month with its movement, reps in the latest month's rank order. */
export function tierGrid(history: TierHistory): { periods: string[]; rows: TierRow[] } {
  const periods = history.months.map((m) => m.period);
  const moves = new Map(history.movements.map((m) => [`${m.repId}:${m.period}`, m.direction]));
  const reps = new Map<number, { name: string; lastRank: number; lastIndex: number }>();
  history.months.forEach((month, index) => {
    for (const t of month.tiers) reps.set(t.repId, { name: t.name, lastRank: t.rank, lastIndex: index });
  });
  const order = [...reps.entries()].sort(
    ([, a], [, b]) => b.lastIndex - a.lastIndex || a.lastRank - b.lastRank || a.name.localeCompare(b.name, "en-US"),
  );
  const rows = order.map(([repId, rep]) => ({
    repId,
    name: rep.name,
    cells: history.months.map((month) => ({
      period: month.period,
      tier: month.tiers.find((t) => t.repId === repId)?.tier ?? null,
      move: moves.get(`${repId}:${month.period}`) ?? null,
    })),
  }));
  return { periods, rows };
}

export interface PacingSchedule {
  /** Days from the period start: to now, to the creation deadline, to the period end. */
  atDay: number;
  deadlineDay: number;
  endDay: number;
  planned: number;
  scheduled: number;
  created: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Math.floor(Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso) / DAY_MS);

/**
 * The pacing chart's frame from the targets answer: the linear schedule rises from 0 at the
 * period start to the planned opportunities at the creation deadline; null without a plan.
 */
export function pacingSchedule(targets: Targets): PacingSchedule | null {
  const inputs = targets.working.inputs as { periodStart?: unknown; periodEnd?: unknown };
  if (targets.plannedOpportunities === null || typeof inputs.periodStart !== "string" || typeof inputs.periodEnd !== "string") return null;
  const start = dayNumber(inputs.periodStart);
  const clamp = (day: number, max: number) => Math.min(Math.max(day, 0), max);
  const endDay = Math.max(1, dayNumber(inputs.periodEnd) - start);
  return {
    atDay: clamp((Date.parse(targets.at) - Date.parse(`${inputs.periodStart}T00:00:00Z`)) / DAY_MS, endDay),
    deadlineDay: clamp(dayNumber(targets.creationDeadline) - start, endDay),
    endDay,
    planned: targets.plannedOpportunities,
    scheduled: targets.scheduledOpportunities ?? 0,
    created: targets.opportunitiesCreated,
  };
}

export interface PacingPoint {
  /** Days from the period start. */
  day: number;
  /** The calendar day, "YYYY-MM-DD". */
  date: string;
  /** The linear schedule at that day: 0 at the start, the plan at the deadline, flat after. */
  schedule: number;
  /** Opportunities created by then: known at the start (0) and now only. */
  created: number | null;
  /** Which moment the point marks. */
  marks: ("start" | "now" | "deadline" | "end")[];
}

/** "2025-06-01" + 14.6 days → "2025-06-15". */
export function dayAfter(start: string, days: number): string {
  return new Date(Date.parse(`${start}T00:00:00Z`) + Math.floor(days) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The pacing chart's points, in day order: the period start, now, the creation deadline and the
 * period end (moments on the same day merge). The schedule line runs through all of them; the
 * created line only from the start to now.
 */
export function pacingSeries(frame: PacingSchedule, periodStart: string): PacingPoint[] {
  const scheduleAt = (day: number) => (frame.deadlineDay <= 0 ? frame.planned : frame.planned * Math.min(1, day / frame.deadlineDay));
  const moments: [PacingPoint["marks"][number], number][] = [
    ["start", 0],
    ["now", frame.atDay],
    ["deadline", frame.deadlineDay],
    ["end", frame.endDay],
  ];
  const points: PacingPoint[] = [];
  for (const [mark, day] of [...moments].sort((a, b) => a[1] - b[1])) {
    const same = points.find((p) => p.day === day);
    if (same) {
      same.marks.push(mark);
      if (mark === "now") Object.assign(same, { created: frame.created, schedule: frame.scheduled });
      continue;
    }
    points.push({
      day,
      date: dayAfter(periodStart, day),
      // Now: the API's own "scheduled by now", so the line passes through the scheduled dot.
      schedule: mark === "now" ? frame.scheduled : scheduleAt(day),
      created: mark === "start" ? 0 : mark === "now" ? frame.created : null,
      marks: [mark],
    });
  }
  return points;
}

/** The attainment axis of the leadership chart: 0 to a round top above the best team and the 100% line. */
export function attainmentAxisTop(rows: Leadership["rows"]): number {
  const best = Math.max(1, ...rows.map((r) => r.attainment ?? 0));
  return Math.ceil((best * 1.05) / 0.25) * 0.25;
}
