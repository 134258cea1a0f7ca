import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { niceTicks } from "./chartScale.js";

describe("niceTicks", () => {
  it("picks round steps", () => {
    expect(niceTicks(37)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(100)).toEqual([0, 50, 100]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it("always covers the maximum with whole, evenly spaced ticks and a handful of them", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), (max) => {
        const ticks = niceTicks(max);
        expect(ticks[0]).toBe(0);
        expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
        expect(ticks.length).toBeGreaterThanOrEqual(2);
        expect(ticks.length).toBeLessThanOrEqual(9);
        const step = ticks[1]! - ticks[0]!;
        expect(Number.isInteger(step)).toBe(true);
        ticks.forEach((tick, i) => expect(tick).toBe(i * step));
      }),
    );
  });
});
