import { describe, expect, it } from "vitest";
import { formatDay, formatMinutes, isPeriod, lastMonthOf, minutesSince, monthOf, periodLabel, periodOptions, quarterOf, shortMonthLabel } from "./periods.js";

describe("periods", () => {
  it("names the month and quarter of an instant in UTC", () => {
    expect(monthOf(new Date("2025-06-30T23:30:00Z"))).toBe("2025-06");
    expect(monthOf(new Date("2025-07-01T00:00:00Z"))).toBe("2025-07");
    expect(quarterOf(new Date("2025-06-30T23:59:59Z"))).toBe("2025-Q2");
    expect(quarterOf(new Date("2025-01-01T00:00:00Z"))).toBe("2025-Q1");
  });

  it("lists months and quarters newest first across a year boundary", () => {
    const { months, quarters } = periodOptions(new Date("2025-02-10T00:00:00Z"), { months: 3, quarters: 2 });
    expect(months.map((m) => m.value)).toEqual(["2025-02", "2025-01", "2024-12"]);
    expect(quarters).toEqual([
      { value: "2025-Q1", label: "Q1 2025" },
      { value: "2024-Q4", label: "Q4 2024" },
    ]);
    expect(months[0]!.label).toBe("February 2025");
  });

  it("labels periods and finds a quarter's last month", () => {
    expect(periodLabel("2025-06")).toBe("June 2025");
    expect(periodLabel("2025-Q3")).toBe("Q3 2025");
    expect(shortMonthLabel("2025-12")).toBe("Dec");
    expect(lastMonthOf("2025-Q3")).toBe("2025-09");
    expect(lastMonthOf("2025-04")).toBe("2025-04");
  });

  it("accepts only periods the server understands", () => {
    expect(isPeriod("2025-06")).toBe(true);
    expect(isPeriod("2025-Q4")).toBe(true);
    expect(isPeriod("2025-13")).toBe(false);
    expect(isPeriod("2025-Q5")).toBe(false);
    expect(isPeriod(null)).toBe(false);
  });

  it("formats days and durations", () => {
    expect(formatDay("2025-06-05")).toBe("Jun 5");
    expect(formatDay("2025-12-31T23:00:00.000Z")).toBe("Dec 31");
    expect(formatMinutes(25)).toBe("25 min");
    expect(formatMinutes(95)).toBe("1 h 35 min");
    expect(formatMinutes(120)).toBe("2 h");
    expect(formatMinutes(24 * 60 - 1)).toBe("23 h 59 min");
    expect(formatMinutes(24 * 60 + 59)).toBe("1 d");
    expect(formatMinutes(51 * 60 + 30)).toBe("2 d 3 h");
    expect(formatMinutes(null)).toBe("—");
    expect(minutesSince("2025-06-18T14:00:00Z", new Date("2025-06-18T14:25:30Z"))).toBe(25);
    expect(minutesSince("2025-06-18T15:00:00Z", new Date("2025-06-18T14:00:00Z"))).toBe(0);
  });
});
