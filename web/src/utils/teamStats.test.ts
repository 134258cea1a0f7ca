import { describe, expect, it } from "vitest";
import type { RepSummary } from "../api/types.js";
import { repProactiveShare, teamTotals, weeklyTotals } from "./teamStats.js";
import { nextSort, sortReps } from "./sortReps.js";
import { landingPath, safeNextPath } from "./landing.js";

function rep(id: number, name: string, overrides: Partial<RepSummary> = {}): RepSummary {
  return {
    id,
    name,
    email: `${name.toLowerCase()}@example.test`,
    role: "rep",
    outOfOffice: false,
    openPipeline: { count: 0, value: 0 },
    activity30d: {
      total: 0,
      proactive: 0,
      reactive: 0,
      byKind: { call: 0, email: 0, meeting: 0, visit: 0, proposal: 0, "follow-up": 0, "next-step": 0, "opportunity-created": 0 },
    },
    weekly: [],
    ...overrides,
  };
}

const activity = (proactive: number, reactive: number) => ({ ...rep(0, "x").activity30d, total: proactive + reactive, proactive, reactive });

describe("teamTotals", () => {
  it("adds up pipeline and activity and computes the proactive share", () => {
    const totals = teamTotals([
      rep(1, "Ann", { openPipeline: { count: 2, value: 1500 }, activity30d: activity(6, 2), outOfOffice: true }),
      rep(2, "Bo", { openPipeline: { count: 3, value: 500.5 }, activity30d: activity(0, 2) }),
    ]);
    expect(totals).toEqual({
      openCount: 5,
      openValue: 2000.5,
      activityTotal: 10,
      proactive: 6,
      reactive: 4,
      proactiveShare: 0.6,
      outOfOffice: 1,
    });
  });

  it("has no share for a team without activity", () => {
    expect(teamTotals([]).proactiveShare).toBeNull();
    expect(repProactiveShare(rep(1, "Ann"))).toBeNull();
  });
});

describe("weeklyTotals", () => {
  it("sums each week across reps, oldest first, even when a rep misses a week", () => {
    const weeks = weeklyTotals([
      rep(1, "Ann", { weekly: [{ weekStart: "2025-03-03", proactive: 1, reactive: 2 }, { weekStart: "2025-03-10", proactive: 3, reactive: 0 }] }),
      rep(2, "Bo", { weekly: [{ weekStart: "2025-03-10", proactive: 4, reactive: 1 }, { weekStart: "2025-02-24", proactive: 1, reactive: 1 }] }),
    ]);
    expect(weeks).toEqual([
      { weekStart: "2025-02-24", proactive: 1, reactive: 1 },
      { weekStart: "2025-03-03", proactive: 1, reactive: 2 },
      { weekStart: "2025-03-10", proactive: 7, reactive: 1 },
    ]);
  });
});

describe("sortReps", () => {
  const reps = [
    rep(1, "Cleo", { openPipeline: { count: 1, value: 900 }, activity30d: activity(1, 3) }),
    rep(2, "ann", { openPipeline: { count: 4, value: 100 }, activity30d: activity(3, 1) }),
    rep(3, "Bo", { openPipeline: { count: 4, value: 5000 } }),
  ];
  const names = (sorted: RepSummary[]) => sorted.map((r) => r.name);

  it("sorts by name ignoring case", () => {
    expect(names(sortReps(reps, { key: "name", direction: "asc" }))).toEqual(["ann", "Bo", "Cleo"]);
    expect(names(sortReps(reps, { key: "name", direction: "desc" }))).toEqual(["Cleo", "Bo", "ann"]);
  });

  it("sorts numbers, breaking ties by name", () => {
    expect(names(sortReps(reps, { key: "pipelineCount", direction: "desc" }))).toEqual(["ann", "Bo", "Cleo"]);
    expect(names(sortReps(reps, { key: "pipelineValue", direction: "asc" }))).toEqual(["ann", "Cleo", "Bo"]);
  });

  it("puts reps without a share last in both directions", () => {
    expect(names(sortReps(reps, { key: "proactiveShare", direction: "desc" }))).toEqual(["ann", "Cleo", "Bo"]);
    expect(names(sortReps(reps, { key: "proactiveShare", direction: "asc" }))).toEqual(["Cleo", "ann", "Bo"]);
  });

  it("does not change its input", () => {
    sortReps(reps, { key: "name", direction: "asc" });
    expect(names(reps)).toEqual(["Cleo", "ann", "Bo"]);
  });

  it("flips the direction on the same column and starts numbers high", () => {
    expect(nextSort({ key: "name", direction: "asc" }, "name")).toEqual({ key: "name", direction: "desc" });
    expect(nextSort({ key: "name", direction: "asc" }, "pipelineValue")).toEqual({ key: "pipelineValue", direction: "desc" });
    expect(nextSort({ key: "activities", direction: "desc" }, "name")).toEqual({ key: "name", direction: "asc" });
  });
});

describe("landingPath", () => {
  const me = { id: 9, name: "Pat", email: null, teamId: 4, teamName: "North", managedTeamIds: [] as number[] };

  it("sends a rep to their page, a manager to their first team, an admin to all teams", () => {
    expect(landingPath({ ...me, role: "rep" })).toBe("/reps/9");
    expect(landingPath({ ...me, role: "manager", managedTeamIds: [7, 4] })).toBe("/teams/7");
    expect(landingPath({ ...me, role: "manager" })).toBe("/teams/4");
    expect(landingPath({ ...me, role: "manager", teamId: null })).toBe("/teams");
    expect(landingPath({ ...me, role: "admin" })).toBe("/teams");
  });

  it("follows only in-app next paths", () => {
    expect(safeNextPath("/teams/3")).toBe("/teams/3");
    expect(safeNextPath("//evil.example")).toBeNull();
    expect(safeNextPath("https://evil.example")).toBeNull();
    expect(safeNextPath("/sign-in")).toBeNull();
    expect(safeNextPath(null)).toBeNull();
  });
});
