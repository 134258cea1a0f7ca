import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { CellError, parseDate, parseMoneyCents, parsePeriod } from "../src/import/cells.js";
import { parseRow, rowSchemas } from "../src/import/fields.js";

const withThousands = (n: bigint) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");

describe("money cells", () => {
  it("reads major units into exact cents, with or without thousands separators", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 99 }), (whole, cents) => {
        const frac = String(cents).padStart(2, "0");
        const expected = Number(whole) * 100 + cents;
        expect(parseMoneyCents(`${whole}.${frac}`)).toBe(expected);
        expect(parseMoneyCents(`${withThousands(whole)}.${frac}`)).toBe(expected);
      }),
    );
  });

  it("rounds half away from zero on the third decimal", () => {
    expect(parseMoneyCents("0.005")).toBe(1);
    expect(parseMoneyCents("0.0049999")).toBe(0);
    expect(parseMoneyCents("1054.995")).toBe(105_500);
    expect(parseMoneyCents("1054")).toBe(105_400);
  });

  it("refuses negative, ambiguous and malformed amounts", () => {
    for (const bad of ["-1", "1,5", "1.234,56", "12,34", "1,0000", "abc", "1.2.3", "$5", ""]) {
      expect(() => parseMoneyCents(bad), bad).toThrow(CellError);
    }
  });
});

describe("date cells", () => {
  it("reads a date alone as midnight UTC and honours offsets", () => {
    expect(parseDate("2017-03-01").toISOString()).toBe("2017-03-01T00:00:00.000Z");
    expect(parseDate("2017-03-01T10:15").toISOString()).toBe("2017-03-01T10:15:00.000Z");
    expect(parseDate("2017-03-01T10:15:30.5+02:00").toISOString()).toBe("2017-03-01T08:15:30.500Z");
    expect(parseDate("2017-03-01 10:15:30-0130").toISOString()).toBe("2017-03-01T11:45:30.000Z");
  });

  it("refuses impossible and non-ISO dates", () => {
    for (const bad of ["2017-02-29", "2017-13-01", "03/01/2017", "2017-03-01T25:00", "1 March 2017"]) {
      expect(() => parseDate(bad), bad).toThrow(CellError);
    }
  });

  it("round-trips any instant through its ISO form", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1900-01-01"), max: new Date("2200-01-01"), noInvalidDate: true }), (d) => {
        expect(parseDate(d.toISOString()).getTime()).toBe(d.getTime());
      }),
    );
  });
});

describe("quota periods", () => {
  it("fills the first and last day of quarters and months", () => {
    expect(parsePeriod("2017-Q1")).toEqual({ period: "2017-Q1", periodStart: "2017-01-01", periodEnd: "2017-03-31" });
    expect(parsePeriod("2016-q4")).toEqual({ period: "2016-Q4", periodStart: "2016-10-01", periodEnd: "2016-12-31" });
    expect(parsePeriod("2016-02")).toEqual({ period: "2016-02", periodStart: "2016-02-01", periodEnd: "2016-02-29" });
    expect(() => parsePeriod("2017-Q5")).toThrow(CellError);
  });
});

describe("row parsing", () => {
  const rows: Record<string, string>[] = [
    { externalId: "A1", rep: "Ann", kind: "Call", proactive: "yes", at: "2017-01-02", durationMinutes: "15" },
    { externalId: "", rep: "Ann", kind: "call", at: "2017-01-02" },
    { externalId: "A2", rep: "Ann", kind: "fax", at: "yesterday", durationMinutes: "-3" },
  ];

  it("agrees with the zod row schema the API uses", () => {
    for (const raw of rows) {
      const fast = parseRow("activities", raw);
      const viaZod = rowSchemas.activities.safeParse(raw);
      expect(viaZod.success).toBe(!fast.issues);
      if (viaZod.success) expect(fast.row).toEqual(viaZod.data);
      else expect(fast.issues).toEqual(viaZod.error.issues.map((i) => ({ field: i.path[0], reason: i.message })));
    }
  });

  it("names every bad field", () => {
    expect(parseRow("activities", rows[0]!).row).toEqual({
      externalId: "A1",
      rep: "Ann",
      kind: "call",
      proactive: true,
      at: new Date("2017-01-02T00:00:00Z"),
      durationMinutes: 15,
    });
    expect(parseRow("activities", rows[2]!).issues?.map((i) => i.field)).toEqual(["kind", "at", "durationMinutes"]);
    expect(parseRow("activities", rows[1]!).issues).toEqual([{ field: "externalId", reason: "externalId is required" }]);
  });
});
