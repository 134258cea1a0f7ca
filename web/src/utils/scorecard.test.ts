import { describe, expect, it } from "vitest";
import type { PacingAlert, RepScorecard } from "../api/activityTypes.js";
import { nextScorecardSort, pacingSince, scorecardRows, sortScorecard, tiersInMonth, type RepPacing } from "./scorecard.js";

const line = (metric: "outreach" | "meetings", attainment: number) => ({ metric, actual: attainment * 10, target: 10, attainment, weight: 1 });
const rep = (repId: number, name: string, score: number, outreach: number): RepScorecard => ({
  repId,
  name,
  score,
  lines: [line("outreach", outreach), line("meetings", 1)],
});

const alert = (over: Partial<PacingAlert>): PacingAlert => ({
  id: 1,
  repId: 7,
  repName: "R",
  period: "2025-06",
  status: "behind",
  day: "2025-06-10",
  reason: "",
  details: null,
  raisedAt: "2025-06-10T08:00:00.000Z",
  visibleToManagerAt: "2025-06-12T08:00:00.000Z",
  resolvedAt: null,
  ...over,
});

describe("scorecard rows", () => {
  const tiers = new Map([
    [1, "A" as const],
    [2, "C" as const],
  ]);
  const pacing = new Map<number, RepPacing>([
    [1, { state: "ready", status: "on-track", since: null, reason: "" }],
    [2, { state: "ready", status: "at-risk", since: "2025-06-03", reason: "" }],
    [3, { state: "none", reason: "no quota" }],
  ]);
  const rows = scorecardRows([rep(1, "Ann", 0.9, 1), rep(2, "bob", 0.4, 0.2), rep(3, "Cy", 0.6, 0.7)], tiers, pacing);

  it("joins lines by metric, tiers and pacing", () => {
    expect(rows[0]!.lines.outreach!.attainment).toBe(1);
    expect(rows[1]!.tier).toBe("C");
    expect(rows[2]!.tier).toBeNull();
    expect(rows[2]!.pacing).toEqual({ state: "none", reason: "no quota" });
  });

  it("sorts by score, a metric's attainment, name, tier and pacing (nulls last)", () => {
    const ids = (key: Parameters<typeof sortScorecard>[1]) => sortScorecard(rows, key).map((r) => r.repId);
    expect(ids({ key: "score", direction: "desc" })).toEqual([1, 3, 2]);
    expect(ids({ key: "outreach", direction: "asc" })).toEqual([2, 3, 1]);
    expect(ids({ key: "name", direction: "asc" })).toEqual([1, 2, 3]);
    expect(ids({ key: "tier", direction: "desc" })).toEqual([1, 2, 3]);
    expect(ids({ key: "tier", direction: "asc" })).toEqual([2, 1, 3]);
    expect(ids({ key: "pacing", direction: "asc" })).toEqual([2, 1, 3]);
  });

  it("starts a new column at its useful end and flips on a second click", () => {
    expect(nextScorecardSort({ key: "score", direction: "desc" }, "pacing")).toEqual({ key: "pacing", direction: "asc" });
    expect(nextScorecardSort({ key: "name", direction: "asc" }, "meetings")).toEqual({ key: "meetings", direction: "desc" });
    expect(nextScorecardSort({ key: "score", direction: "desc" }, "score")).toEqual({ key: "score", direction: "asc" });
  });
});

describe("tiersInMonth", () => {
  it("reads one month of the history", () => {
    const history = {
      teamId: 1,
      movements: [],
      months: [{ period: "2025-06", tiers: [{ repId: 4, name: "D", tier: "B" as const, rank: 1, score: 1, attainment: null, proactiveActivities: 3, attainmentPercentile: 1, activityPercentile: 1 }] }],
    };
    expect(tiersInMonth(history, "2025-06").get(4)).toBe("B");
    expect(tiersInMonth(history, "2025-05").size).toBe(0);
    expect(tiersInMonth(undefined, "2025-06").size).toBe(0);
  });
});

describe("pacingSince", () => {
  it("is the open alert's day while behind, ignoring other reps and periods", () => {
    const alerts = [alert({ day: "2025-06-10" }), alert({ repId: 8, day: "2025-06-02" }), alert({ period: "2025-Q2", day: "2025-06-01" })];
    expect(pacingSince("behind", alerts, 7, "2025-06")).toBe("2025-06-10");
  });

  it("is unknown when the open alert is for another status (a fresh change still in grace)", () => {
    expect(pacingSince("at-risk", [alert({ status: "behind" })], 7, "2025-06")).toBeNull();
  });

  it("is the latest resolution once back on track, null if never off track", () => {
    const alerts = [
      alert({ resolvedAt: "2025-06-05T09:00:00.000Z" }),
      alert({ id: 2, status: "at-risk", resolvedAt: "2025-06-14T09:00:00.000Z" }),
    ];
    expect(pacingSince("on-track", alerts, 7, "2025-06")).toBe("2025-06-14");
    expect(pacingSince("on-track", [], 7, "2025-06")).toBeNull();
  });
});
