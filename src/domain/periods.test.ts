import { describe, expect, it } from "vitest";
import { daysBetween, inRange, parsePeriod, periodContaining, periodLabelSchema } from "./periods.js";

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe("parsePeriod", () => {
  it.each([
    ["2017-Q1", "2017-01-01", "2017-04-01", "quarter"],
    ["2017-Q3", "2017-07-01", "2017-10-01", "quarter"],
    ["2017-Q4", "2017-10-01", "2018-01-01", "quarter"],
    ["2017-08", "2017-08-01", "2017-09-01", "month"],
    ["2017-12", "2017-12-01", "2018-01-01", "month"],
    ["2017-01", "2017-01-01", "2017-02-01", "month"],
  ])("%s is [%s, %s), a %s", (label, start, end, kind) => {
    const p = parsePeriod(label);
    expect(p).toEqual({ label, kind, start: day(start), end: day(end) });
  });

  it.each([
    ["2016-02", 29],
    ["2017-02", 28],
    ["2000-02", 29],
    ["2100-02", 28],
    ["2016-Q1", 91],
    ["2017-Q1", 90],
  ])("%s lasts %i days (leap years)", (label, days) => {
    const p = parsePeriod(label);
    expect(daysBetween(p.start, p.end)).toBe(days);
  });

  it.each(["2017-Q5", "2017-Q0", "2017-13", "2017-00", "2017-8", "17-08", "2017Q3", "2017-q3x", "", "0999-01", "2017-08-01"])(
    "rejects %j with a clear message",
    (label) => {
      expect(() => parsePeriod(label)).toThrow(/is not a period: a period is "YYYY-Qn" for a quarter/);
      expect(periodLabelSchema.safeParse(label).success).toBe(false);
    },
  );

  it("is half-open: the start belongs to the period, the end to the next one", () => {
    const q3 = parsePeriod("2017-Q3");
    expect(inRange(q3.start, q3.start, q3.end)).toBe(true);
    expect(inRange(new Date(q3.end.getTime() - 1), q3.start, q3.end)).toBe(true);
    expect(inRange(q3.end, q3.start, q3.end)).toBe(false);
    expect(parsePeriod("2017-Q4").start).toEqual(q3.end);
  });

  it("finds the month and quarter containing a date", () => {
    expect(periodContaining(new Date("2017-09-30T23:59:59Z"), "quarter").label).toBe("2017-Q3");
    expect(periodContaining(new Date("2017-10-01T00:00:00Z"), "quarter").label).toBe("2017-Q4");
    expect(periodContaining(new Date("2016-02-29T12:00:00Z"), "month").label).toBe("2016-02");
  });
});
