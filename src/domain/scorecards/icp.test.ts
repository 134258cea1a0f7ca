import { describe, expect, it } from "vitest";
import { desiredOpportunities, fitsIcp, icpSchema } from "./icp.js";

const account = (sector: string | null, employees: number | null, region: string | null) => ({ sector, employees, region });
const icp = icpSchema.parse({ sectors: ["Medical", "technolgy"], employees: { min: 500, max: 5_000 }, regions: ["United States"] });

describe("ideal customer profile", () => {
  it("fits when sector, size band and region all match (case and spaces ignored)", () => {
    expect(fitsIcp(account(" medical ", 500, "united states"), icp)).toBe(true);
    expect(fitsIcp(account("medical", 5_000, "United States"), icp)).toBe(true);
    expect(fitsIcp(account("medical", 499, "United States"), icp)).toBe(false);
    expect(fitsIcp(account("medical", 5_001, "United States"), icp)).toBe(false);
    expect(fitsIcp(account("retail", 1_000, "United States"), icp)).toBe(false);
    expect(fitsIcp(account("medical", 1_000, "Kenya"), icp)).toBe(false);
  });

  it("does not fit an account that does not state a restricted attribute", () => {
    expect(fitsIcp(account("medical", null, "United States"), icp)).toBe(false);
    expect(fitsIcp(null, icp)).toBe(false);
    expect(fitsIcp(null, icpSchema.parse({}))).toBe(true);
  });

  it("reports the share of desired opportunities", () => {
    const opps = [
      { account: account("medical", 1_000, "United States") },
      { account: account("retail", 1_000, "United States") },
      { account: null },
      { account: account("Technolgy", 2_822, "United States") },
    ];
    expect(desiredOpportunities(opps, icp)).toEqual({ total: 4, fitting: 2, share: 0.5 });
    expect(desiredOpportunities([], icp)).toEqual({ total: 0, fitting: 0, share: null });
    expect(icpSchema.safeParse({ employees: { min: 10, max: 5 } }).success).toBe(false);
  });
});
