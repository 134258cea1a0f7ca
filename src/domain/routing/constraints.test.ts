import { describe, expect, it } from "vitest";
import { exclusionReason } from "./constraints.js";
import { DEFAULT_ROUTING_PARAMS } from "./types.js";
import { LEAD, NOW, rep } from "./test-fixtures.js";

const reason = (overrides: Parameters<typeof rep>[1], params = DEFAULT_ROUTING_PARAMS) =>
  exclusionReason(LEAD, rep(1, overrides), params, NOW);

describe("hard constraints", () => {
  it("accepts an available, unrestricted rep", () => {
    expect(reason({})).toBeNull();
  });

  it("excludes inactive reps", () => {
    expect(reason({ active: false })).toBe("inactive");
  });

  it("excludes reps out of office at t, [from, to)", () => {
    const to = new Date("2026-12-01T00:00:00Z");
    expect(reason({ outOfOfficeFrom: new Date("2026-06-01T00:00:00Z"), outOfOfficeTo: to })).toBe("out of office until 2026-12-01");
    expect(reason({ outOfOfficeFrom: null, outOfOfficeTo: new Date("2026-06-15T14:30:00Z") })).toBe(
      "out of office until 2026-06-15 14:30 UTC",
    );
    expect(reason({ outOfOfficeFrom: new Date("2026-06-10T00:00:00Z"), outOfOfficeTo: null })).toBe("out of office since 2026-06-10");
    expect(reason({ outOfOfficeFrom: NOW, outOfOfficeTo: to })).toBe("out of office until 2026-12-01");
    expect(reason({ outOfOfficeFrom: new Date("2026-06-01T00:00:00Z"), outOfOfficeTo: NOW })).toBeNull();
    expect(reason({ outOfOfficeFrom: new Date("2026-06-16T00:00:00Z"), outOfOfficeTo: to })).toBeNull();
  });

  it("matches routing attributes only where the rep has any", () => {
    expect(reason({ regions: ["NA"] })).toBe("region EMEA not in [NA]");
    expect(reason({ regions: ["NA", "EMEA"], segments: ["Enterprise", "Mid"] })).toBe("segment SMB not in [Enterprise, Mid]");
    expect(reason({ products: ["MG Advanced"] })).toBe("product GTX Pro not in [MG Advanced]");
    expect(reason({ languages: ["de"] })).toBe("language en not in [de]");
    expect(reason({ regions: ["EMEA"], segments: ["SMB"], products: ["GTX Pro"], languages: ["en", "de"] })).toBeNull();
    // A lead with no region is not restricted by region.
    expect(exclusionReason({ ...LEAD, region: null }, rep(1, { regions: ["NA"] }), DEFAULT_ROUTING_PARAMS, NOW)).toBeNull();
  });

  it("caps open leads by the rep's capacity, else the team default", () => {
    expect(reason({ capacity: 8, openLeads: 8 })).toBe("capacity 8 of 8 open leads");
    expect(reason({ capacity: 8, openLeads: 7 })).toBeNull();
    expect(reason({ capacity: 0, openLeads: 0 })).toBe("capacity 0 of 0 open leads");
    const team = { ...DEFAULT_ROUTING_PARAMS, defaultCapacity: 5 };
    expect(reason({ openLeads: 5 }, team)).toBe("capacity 5 of 5 open leads");
    expect(reason({ capacity: 10, openLeads: 5 }, team)).toBeNull();
  });

  it("reports the first failed constraint in a fixed order", () => {
    expect(reason({ active: false, regions: ["NA"], capacity: 0 })).toBe("inactive");
    expect(reason({ regions: ["NA"], capacity: 0 })).toBe("region EMEA not in [NA]");
  });
});
