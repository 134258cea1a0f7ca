import { describe, expect, it } from "vitest";
import { tierHistory } from "./history.js";
import type { TierInput } from "./tiers.js";

const team = (scores: Record<number, number>): TierInput[] =>
  Object.entries(scores).map(([id, s]) => ({ repId: Number(id), attainment: s, proactiveActivities: s }));

describe("tierHistory", () => {
  it("tiers each month and records every move up and down", () => {
    const history = tierHistory([
      // Given out of order: months are sorted.
      { period: "2017-09", reps: team({ 1: 1, 2: 9, 3: 5, 4: 4, 5: 3 }) },
      { period: "2017-08", reps: team({ 1: 9, 2: 1, 3: 5, 4: 4, 5: 3 }) },
      { period: "2017-10", reps: team({ 1: 1, 2: 9, 3: 5, 4: 4, 5: 3 }) },
    ]);
    expect(history.months.map((m) => m.period)).toEqual(["2017-08", "2017-09", "2017-10"]);
    expect(history.months[0]!.tiers.map((t) => `${t.repId}${t.tier}`)).toEqual(["1A", "3B", "4B", "5B", "2C"]);
    expect(history.movements).toEqual([
      { repId: 1, period: "2017-09", previousPeriod: "2017-08", from: "A", to: "C", direction: "down" },
      { repId: 2, period: "2017-09", previousPeriod: "2017-08", from: "C", to: "A", direction: "up" },
    ]);
  });

  it("compares a returning rep with their last tiered month, and a newcomer with nothing", () => {
    const history = tierHistory([
      { period: "2017-08", reps: team({ 1: 9, 2: 1 }) },
      { period: "2017-09", reps: team({ 2: 1 }) },
      { period: "2017-10", reps: team({ 1: 1, 2: 9, 3: 5 }) },
    ]);
    expect(history.movements).toEqual([
      { repId: 2, period: "2017-09", previousPeriod: "2017-08", from: "C", to: "B", direction: "up" },
      { repId: 1, period: "2017-10", previousPeriod: "2017-08", from: "B", to: "C", direction: "down" },
      { repId: 2, period: "2017-10", previousPeriod: "2017-09", from: "B", to: "A", direction: "up" },
    ]);
  });

  it("accepts months only, each once", () => {
    expect(() => tierHistory([{ period: "2017-Q3", reps: [] }])).toThrow(/monthly/);
    expect(() => tierHistory([{ period: "2017-08", reps: [] }, { period: "2017-08", reps: [] }])).toThrow(/twice/);
    expect(() => tierHistory([{ period: "August", reps: [] }])).toThrow(/not a period/);
  });
});
