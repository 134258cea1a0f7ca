import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ACTIVITY_KINDS } from "../../store/schema.js";
import { activityScore, activityTarget, countProactive, percentileInc, pointsInHundredths, proactivePoints } from "./activity.js";
import { NOW } from "./test-fixtures.js";
import { DEFAULT_ACTIVITY_WEIGHTS, ROUTING_ACTIVITY_KINDS } from "./types.js";

describe("percentileInc (PERCENTILE.INC)", () => {
  it.each([
    [[7], 0.75, 7],
    [[1, 2, 3, 4], 0.75, 3.25],
    [[4, 1, 3, 2], 0.75, 3.25],
    [[15, 20, 35, 40, 50], 0.75, 40],
    [[1, 3], 0.75, 2.5],
    [[0, 0, 0, 10], 0.75, 2.5],
    [[8, 14, 31, 60], 0.75, 38.25],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.75, 7.75],
    [[5, 5, 5], 0.75, 5],
    [[1, 2, 3, 4], 0, 1],
    [[1, 2, 3, 4], 1, 4],
    [[1, 2, 3, 4], 0.5, 2.5],
  ])("%j at %d is %d", (values, q, expected) => {
    expect(percentileInc(values, q)).toBeCloseTo(expected, 12);
  });

  it("is null for no values and lies between min and max", () => {
    expect(percentileInc([], 0.75)).toBeNull();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }), (values) => {
        const p = percentileInc(values, 0.75)!;
        expect(p).toBeGreaterThanOrEqual(Math.min(...values));
        expect(p).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });
});

describe("activity", () => {
  it("weighs proactive activity by kind with the documented defaults", () => {
    expect(DEFAULT_ACTIVITY_WEIGHTS).toMatchObject({ call: 1, email: 0.5, meeting: 3, visit: 3, proposal: 2, "opportunity-created": 5 });
    expect(proactivePoints({ call: 12, email: 6, meeting: 2, "opportunity-created": 2 }, DEFAULT_ACTIVITY_WEIGHTS)).toBe(31);
    expect(proactivePoints({ email: 3 }, DEFAULT_ACTIVITY_WEIGHTS)).toBe(1.5);
    expect(proactivePoints({ "follow-up": 9 }, DEFAULT_ACTIVITY_WEIGHTS)).toBe(0);
  });

  it("sums every kind's count times its weight, in hundredths", () => {
    const kinds = fc.constantFrom(...ROUTING_ACTIVITY_KINDS);
    fc.assert(
      fc.property(
        fc.dictionary(kinds, fc.nat({ max: 5000 })),
        fc.record(Object.fromEntries(ROUTING_ACTIVITY_KINDS.map((kind) => [kind, fc.integer({ min: 0, max: 2000 }).map((h) => h / 100)]))),
        (counts, weights) => {
          const expected = ROUTING_ACTIVITY_KINDS.reduce((sum, kind) => sum + Math.round(weights[kind]! * 100) * (counts[kind] ?? 0), 0);
          expect(pointsInHundredths(counts, weights as Record<(typeof ROUTING_ACTIVITY_KINDS)[number], number>)).toBe(expected);
        },
      ),
    );
  });

  it("caps at the target: a rep at or above T and a rep at 3T get the same A", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 500, noNaN: true }), fc.double({ min: 1, max: 3, noNaN: true }), (T, f) => {
        expect(activityScore(T * f, T)).toBe(activityScore(3 * T, T));
        expect(activityScore(3 * T, T)).toBe(1);
      }),
    );
    expect(activityScore(10, 40)).toBe(0.25);
    expect(activityScore(0, 0)).toBe(1);
  });

  it("uses the manager's target when set, the 75th percentile otherwise", () => {
    expect(activityTarget(20, Float64Array.of(1, 2, 3, 4))).toEqual({ T: 20, source: "manager" });
    expect(activityTarget(null, Float64Array.of(1, 2, 3, 4))).toEqual({ T: 3.25, source: "percentile" });
    expect(activityTarget(null, Float64Array.of())).toEqual({ T: null, source: "percentile" });
  });

  it("counts only proactive activity in [t − 14 days, t)", () => {
    const counts = countProactive(
      [
        { repId: 1, kind: "call", proactive: true, at: new Date("2026-06-01T12:00:00Z") }, // t − 14 d: in
        { repId: 1, kind: "call", proactive: true, at: new Date("2026-06-01T11:59:59Z") }, // out
        { repId: 1, kind: "call", proactive: true, at: new Date("2026-06-15T12:00:00Z") }, // at t: out
        { repId: 1, kind: "meeting", proactive: false, at: new Date("2026-06-10T00:00:00Z") }, // reactive
        { repId: 2, kind: "email", proactive: true, at: new Date("2026-06-15T11:00:00Z") },
      ],
      NOW,
      14,
    );
    expect(counts.get(1)).toEqual({ call: 1 });
    expect(counts.get(2)).toEqual({ email: 1 });
  });

  it("knows the same activity kinds as the store", () => {
    expect([...ROUTING_ACTIVITY_KINDS]).toEqual([...ACTIVITY_KINDS]);
  });
});
