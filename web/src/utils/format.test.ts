import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  formatCount,
  formatMoney,
  formatMoneyFull,
  formatShare,
  formatWeekLabel,
  formatWeekTitle,
  shareOf,
} from "./format.js";

describe("formatMoney", () => {
  it.each([
    [0, "$0"],
    [950, "$950"],
    [999.4, "$999"],
    [999.6, "$1k"],
    [1000, "$1k"],
    [12_300, "$12.3k"],
    [12_345, "$12.3k"],
    [12_000, "$12k"],
    [999_949, "$999.9k"],
    [999_960, "$1M"],
    [1_250_000, "$1.25M"],
    [12_500_000, "$12.5M"],
    [3_000_000_000, "$3B"],
    [-12_300, "-$12.3k"],
  ])("%d → %s", (value, expected) => {
    expect(formatMoney(value)).toBe(expected);
  });

  it("is never longer than 8 characters for amounts under a trillion", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 999e9, noNaN: true }), (value) => {
        expect(formatMoney(value).length).toBeLessThanOrEqual(8);
      }),
    );
  });

  it("says — for non-numbers", () => {
    expect(formatMoney(Number.NaN)).toBe("—");
  });
});

describe("formatMoneyFull and formatCount", () => {
  it("groups thousands", () => {
    expect(formatMoneyFull(1_234_567.4)).toBe("$1,234,567");
    expect(formatMoneyFull(-50)).toBe("-$50");
    expect(formatCount(12_345)).toBe("12,345");
    expect(formatCount(0)).toBe("0");
  });
});

describe("shares", () => {
  it("divides, and gives null for an empty whole", () => {
    expect(shareOf(1, 4)).toBe(0.25);
    expect(shareOf(0, 0)).toBeNull();
    expect(formatShare(shareOf(2, 3))).toBe("67%");
    expect(formatShare(null)).toBe("—");
  });
});

describe("week labels", () => {
  it("reads the date as a calendar day", () => {
    expect(formatWeekLabel("2025-03-03")).toBe("Mar 3");
    expect(formatWeekLabel("2024-12-30")).toBe("Dec 30");
    expect(formatWeekTitle("2025-01-06")).toBe("Week of Jan 6, 2025");
  });

  it("leaves anything else as it is", () => {
    expect(formatWeekLabel("soon")).toBe("soon");
    expect(formatWeekLabel("2025-13-01")).toBe("2025-13-01");
  });
});
