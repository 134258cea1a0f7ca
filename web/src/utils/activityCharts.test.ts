import { describe, expect, it } from "vitest";
import type { Targets, TierHistory } from "../api/activityTypes.js";
import { attainmentAxisTop, dayAfter, funnelBars, pacingSchedule, pacingSeries, tierGrid } from "./activityCharts.js";

describe("funnelBars", () => {
  it("scales widths to the largest stage, keeps small stages visible and empty ones at zero", () => {
    const bars = funnelBars([
      { stage: "Prospecting", count: 100, value: 5000, withoutValue: 0 },
      { stage: "Proposal", count: 1, value: 200, withoutValue: 0 },
      { stage: "Negotiation", count: 0, value: 0, withoutValue: 0 },
      { stage: "Discovery", count: 50, value: 10, withoutValue: 0 },
    ]);
    expect(bars.map((b) => b.width)).toEqual([1, 0.04, 0, 0.5]);
    expect(funnelBars([{ stage: "A", count: 0, value: 0, withoutValue: 0 }])[0]!.width).toBe(0);
  });

  it("centres each bar on a 0–1 axis", () => {
    const bars = funnelBars([
      { stage: "Prospecting", count: 10, value: 0, withoutValue: 0 },
      { stage: "Proposal", count: 5, value: 0, withoutValue: 0 },
      { stage: "Closing", count: 0, value: 0, withoutValue: 0 },
    ]);
    expect(bars.map((b) => b.span)).toEqual([
      [0, 1],
      [0.25, 0.75],
      [0.5, 0.5],
    ]);
  });
});

describe("tierGrid", () => {
  const tier = (repId: number, name: string, t: "A" | "B" | "C", rank: number) => ({
    repId, name, tier: t, rank, score: 0, attainment: null, proactiveActivities: 0, attainmentPercentile: 0, activityPercentile: 0,
  });
  const history: TierHistory = {
    teamId: 1,
    months: [
      { period: "2025-04", tiers: [tier(1, "Ann", "A", 1), tier(2, "Bob", "B", 2), tier(3, "Gone", "C", 3)] },
      { period: "2025-05", tiers: [tier(2, "Bob", "A", 1), tier(1, "Ann", "B", 2)] },
    ],
    movements: [
      { repId: 2, name: "Bob", period: "2025-05", previousPeriod: "2025-04", from: "B", to: "A", direction: "up" },
      { repId: 1, name: "Ann", period: "2025-05", previousPeriod: "2025-04", from: "A", to: "B", direction: "down" },
    ],
  };

  it("lays out reps by their latest rank, with gaps and movement arrows", () => {
    const grid = tierGrid(history);
    expect(grid.periods).toEqual(["2025-04", "2025-05"]);
    expect(grid.rows.map((r) => r.name)).toEqual(["Bob", "Ann", "Gone"]);
    expect(grid.rows[0]!.cells).toEqual([
      { period: "2025-04", tier: "B", move: null },
      { period: "2025-05", tier: "A", move: "up" },
    ]);
    expect(grid.rows[1]!.cells[1]!.move).toBe("down");
    expect(grid.rows[2]!.cells[1]!.tier).toBeNull();
  });
});

describe("pacingSchedule", () => {
  const targets = (over: Partial<Targets>): Targets =>
    ({
      at: "2025-06-16T00:00:00.000Z",
      creationDeadline: "2025-06-21",
      plannedOpportunities: 10,
      scheduledOpportunities: 7.5,
      opportunitiesCreated: 5,
      working: { inputs: { periodStart: "2025-06-01", periodEnd: "2025-07-01" }, lines: [] },
      ...over,
    }) as Targets;

  it("places now and the deadline in days from the period start", () => {
    expect(pacingSchedule(targets({}))).toEqual({ atDay: 15, deadlineDay: 20, endDay: 30, planned: 10, scheduled: 7.5, created: 5 });
  });

  it("clamps a deadline before the period start and is null without a plan", () => {
    expect(pacingSchedule(targets({ creationDeadline: "2025-05-20" }))!.deadlineDay).toBe(0);
    expect(pacingSchedule(targets({ plannedOpportunities: null }))).toBeNull();
  });
});

describe("pacingSeries", () => {
  const frame = { atDay: 15.5, deadlineDay: 20, endDay: 30, planned: 10, scheduled: 7.75, created: 5 };

  it("gives the start, now, the deadline and the end in day order, created only up to now", () => {
    expect(pacingSeries(frame, "2025-06-01")).toEqual([
      { day: 0, date: "2025-06-01", schedule: 0, created: 0, marks: ["start"] },
      { day: 15.5, date: "2025-06-16", schedule: 7.75, created: 5, marks: ["now"] },
      { day: 20, date: "2025-06-21", schedule: 10, created: null, marks: ["deadline"] },
      { day: 30, date: "2025-07-01", schedule: 10, created: null, marks: ["end"] },
    ]);
  });

  it("merges moments on the same day and keeps the plan flat after a deadline already passed", () => {
    const late = pacingSeries({ ...frame, atDay: 25, deadlineDay: 30, scheduled: 8.3 }, "2025-06-01");
    expect(late.map((p) => [p.day, p.marks, p.schedule, p.created])).toEqual([
      [0, ["start"], 0, 0],
      [25, ["now"], 8.3, 5],
      [30, ["deadline", "end"], 10, null],
    ]);
    const past = pacingSeries({ ...frame, atDay: 25, deadlineDay: 0, scheduled: 10 }, "2025-06-01");
    expect(past.map((p) => [p.day, p.marks, p.schedule])).toEqual([
      [0, ["start", "deadline"], 10],
      [25, ["now"], 10],
      [30, ["end"], 10],
    ]);
  });

  it("counts calendar days from the period start", () => {
    expect(dayAfter("2025-02-27", 2.9)).toBe("2025-03-01");
  });
});

describe("attainmentAxisTop", () => {
  const cadence = { scheduled: 0, onTime: 0, rate: null, currentStreak: 0, flagged: false, reason: "" };
  const row = (attainment: number | null) => ({ rank: 1, managerId: 1, managerName: "M", teamId: 1, teamName: "T", reps: 1, target: 1, won: 1, attainment, cadence });
  it("always shows the 100% target line and rounds up past the best team", () => {
    expect(attainmentAxisTop([row(0.4), row(null)])).toBe(1.25);
    expect(attainmentAxisTop([row(1.3)])).toBe(1.5);
    expect(attainmentAxisTop([])).toBe(1.25);
  });
});
