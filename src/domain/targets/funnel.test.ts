import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ceilCount, reverseFunnel } from "./funnel.js";

const amount = fc.integer({ min: 0, max: 10_000_000 });
const rate = fc.double({ min: 0.01, max: 1, noNaN: true });
const deal = fc.integer({ min: 1, max: 1_000_000 });

describe("reverseFunnel", () => {
  it("reproduces the worked example: 120,000 − 30,000 − 20,000 = 70,000 → 28 opportunities", () => {
    const r = reverseFunnel({ quota: 120_000, won: 30_000, expectedFromPipeline: 20_000, winRate: 0.25, averageWonDeal: 10_000 });
    expect(r.gap).toBe(70_000);
    expect(r.newOpportunitiesNeeded).toBe(28);
    expect(r.lines).toEqual([
      "Gap: 120,000 quota − 30,000 won − 20,000 expected from pipeline = 70,000",
      "New opportunities needed: 70,000 ÷ (25% win rate × 10,000 average won deal) = 28",
    ]);
  });

  it("rounds a fractional need up and says so", () => {
    const r = reverseFunnel({ quota: 71_000, won: 0, expectedFromPipeline: 0, winRate: 0.25, averageWonDeal: 10_000 });
    expect(r.newOpportunitiesNeeded).toBe(29);
    expect(r.lines[1]).toContain("= 28.4, rounded up to 29");
  });

  it("does not round floating-point noise up a whole opportunity", () => {
    expect(0.1 * 3).not.toBe(0.3);
    expect(ceilCount(3 / (0.1 * 3 * 10))).toBe(1);
    const r = reverseFunnel({ quota: 3_000, won: 0, expectedFromPipeline: 0, winRate: 0.1 * 3, averageWonDeal: 1_000 });
    expect(r.newOpportunitiesNeeded).toBe(10);
  });

  it("guards division by zero: no deals anywhere, or a zero win rate", () => {
    const none = reverseFunnel({ quota: 1_000, won: 0, expectedFromPipeline: 0, winRate: 0.5, averageWonDeal: null });
    expect(none.newOpportunitiesNeeded).toBeNull();
    expect(none.lines[1]).toMatch(/unknown, no won deal/);
    const zero = reverseFunnel({ quota: 1_000, won: 0, expectedFromPipeline: 0, winRate: 0, averageWonDeal: 500 });
    expect(zero.newOpportunitiesNeeded).toBeNull();
  });

  it("needs nothing once quota is covered, even without history", () => {
    const r = reverseFunnel({ quota: 100, won: 80, expectedFromPipeline: 50, winRate: 0, averageWonDeal: null });
    expect(r).toMatchObject({ gap: 0, newOpportunitiesNeeded: 0 });
    expect(r.lines[0]).toBe("Gap: 100 quota − 80 won − 50 expected from pipeline = -30, so the gap is 0");
  });

  it("never has a negative gap", () => {
    fc.assert(
      fc.property(amount, amount, amount, rate, deal, (quota, won, expected, winRate, avg) => {
        const r = reverseFunnel({ quota, won, expectedFromPipeline: expected, winRate, averageWonDeal: avg });
        expect(r.gap).toBeGreaterThanOrEqual(0);
        expect(r.newOpportunitiesNeeded).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("more won revenue never raises the opportunities needed", () => {
    fc.assert(
      fc.property(amount, amount, amount, amount, rate, deal, (quota, won, more, expected, winRate, avg) => {
        const base = { quota, expectedFromPipeline: expected, winRate, averageWonDeal: avg };
        const before = reverseFunnel({ ...base, won }).newOpportunitiesNeeded!;
        const after = reverseFunnel({ ...base, won: won + more }).newOpportunitiesNeeded!;
        expect(after).toBeLessThanOrEqual(before);
      }),
    );
  });

  it("more expected pipeline never raises the opportunities needed", () => {
    fc.assert(
      fc.property(amount, amount, amount, fc.double({ min: 0, max: 1e7, noNaN: true }), rate, deal, (quota, won, expected, more, winRate, avg) => {
        const base = { quota, won, winRate, averageWonDeal: avg };
        const before = reverseFunnel({ ...base, expectedFromPipeline: expected }).newOpportunitiesNeeded!;
        const after = reverseFunnel({ ...base, expectedFromPipeline: expected + more }).newOpportunitiesNeeded!;
        expect(after).toBeLessThanOrEqual(before);
      }),
    );
  });
});
