import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assignTiers, percentileRanks, tierConfigSchema, type TierInput } from "./tiers.js";

const rep = (repId: number, attainment: number | null, proactiveActivities: number): TierInput => ({
  repId,
  attainment,
  proactiveActivities,
});

const repsArb = fc
  .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 40 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.record({
          repId: fc.constant(id),
          attainment: fc.option(fc.integer({ min: 0, max: 30 }).map((x) => x / 10), { nil: null }),
          proactiveActivities: fc.integer({ min: 0, max: 20 }),
        }),
      ),
    ),
  );

describe("percentileRanks", () => {
  it("spreads distinct values from 0 to 1 and gives ties the mean of their positions", () => {
    expect(percentileRanks([30, 10, 20])).toEqual([1, 0, 0.5]);
    expect(percentileRanks([5, 5, 1, 9, 5])).toEqual([0.5, 0.5, 0, 1, 0.5]);
    expect(percentileRanks([7, 7])).toEqual([0.5, 0.5]);
    expect(percentileRanks([42])).toEqual([0.5]);
  });

  it("ranks a missing attainment below every number", () => {
    expect(percentileRanks([null, 0, -1])).toEqual([0, 1, 0.5]);
  });
});

describe("assignTiers", () => {
  it("gives 20% A, 50% B, 30% C for ten reps", () => {
    const reps = Array.from({ length: 10 }, (_, i) => rep(i + 1, i / 10, i));
    const tiers = assignTiers(reps);
    expect(tiers.map((t) => t.tier).join("")).toBe("AABBBBBCCC");
    expect(tiers.map((t) => t.repId)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(tiers[0]).toMatchObject({ rank: 1, score: 1, attainmentPercentile: 1, activityPercentile: 1 });
  });

  it("needs both attainment and activity: strong in one alone ranks in the middle", () => {
    const tiers = assignTiers([rep(1, 2, 0), rep(2, 0, 50), rep(3, 1.5, 40), rep(4, 0.1, 1), rep(5, 1, 10)]);
    // Percentiles: att 1,0,.75,.25,.5  act 0,1,.75,.25,.5 → scores .5,.5,.75,.25,.5.
    expect(tiers.map((t) => [t.repId, t.tier])).toEqual([
      [3, "A"],
      [1, "B"],
      [2, "B"],
      [5, "B"],
      [4, "C"],
    ]);
  });

  it("handles one and two reps sensibly", () => {
    expect(assignTiers([rep(1, 0.5, 3)]).map((t) => t.tier)).toEqual(["B"]);
    expect(assignTiers([rep(1, 0.5, 3), rep(2, 1.5, 9)]).map((t) => [t.repId, t.tier])).toEqual([
      [2, "B"],
      [1, "C"],
    ]);
    expect(assignTiers([])).toEqual([]);
  });

  it("breaks ties by rep id", () => {
    expect(assignTiers([rep(9, 1, 1), rep(3, 1, 1), rep(5, 1, 1)]).map((t) => t.repId)).toEqual([3, 5, 9]);
  });

  it("follows configured weights and shares", () => {
    const reps = [rep(1, 2, 0), rep(2, 0, 50), rep(3, 1, 1)];
    expect(assignTiers(reps, { weights: { attainment: 1, activity: 0 }, shares: { a: 1 / 3, b: 1 / 3 } }).map((t) => t.repId + t.tier)).toEqual([
      "1A",
      "3B",
      "2C",
    ]);
    expect(tierConfigSchema.safeParse({ shares: { a: 0.6, b: 0.5 } }).success).toBe(false);
    expect(tierConfigSchema.safeParse({ weights: { attainment: 0, activity: 0 } }).success).toBe(false);
  });

  it("rejects a rep listed twice", () => {
    expect(() => assignTiers([rep(1, 1, 1), rep(1, 2, 2)])).toThrow(/only once/);
  });

  it("tiers every rep once, whatever the input order", () => {
    fc.assert(
      fc.property(repsArb, fc.integer(), (reps, seed) => {
        const tiers = assignTiers(reps);
        expect(tiers.map((t) => t.repId).sort((a, b) => a - b)).toEqual(reps.map((r) => r.repId).sort((a, b) => a - b));
        const shuffled = [...reps].sort((a, b) => ((a.repId * 7919 + seed) % 101) - ((b.repId * 7919 + seed) % 101));
        expect(assignTiers(shuffled)).toEqual(tiers);
      }),
    );
  });

  it("keeps the tiers in rank order with shares near the configured ones", () => {
    fc.assert(
      fc.property(repsArb, (reps) => {
        const tiers = assignTiers(reps).map((t) => t.tier);
        expect([...tiers].sort()).toEqual(tiers);
        const n = reps.length;
        const a = tiers.filter((t) => t === "A").length;
        const c = tiers.filter((t) => t === "C").length;
        expect(Math.abs(a - 0.2 * n)).toBeLessThanOrEqual(1);
        expect(Math.abs(c - 0.3 * n)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
