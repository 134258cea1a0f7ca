/**
 * Desired opportunities (D6.2): the share of opportunities whose account fits the ideal
 * customer profile. The profile names sectors, a size band of employees and regions; an empty
 * list or an open bound does not restrict. Matching ignores case and surrounding spaces. An
 * account that does not state a restricted attribute does not fit (it cannot be shown to).
 */
import { z } from "zod";

export const icpSchema = z
  .object({
    sectors: z.array(z.string().trim().min(1)).default([]),
    /** Size band, employees in [min, max], both included; either bound may be omitted. */
    employees: z
      .object({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() })
      .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, "employees.min must not exceed employees.max")
      .default({}),
    regions: z.array(z.string().trim().min(1)).default([]),
  })
  .default(() => ({ sectors: [], employees: {}, regions: [] }));
export type Icp = z.infer<typeof icpSchema>;
export type IcpInput = z.input<typeof icpSchema>;

export interface AccountProfile {
  sector: string | null;
  employees: number | null;
  region: string | null;
}

const norm = (s: string) => s.trim().toLowerCase();

function listFits(allowed: readonly string[], value: string | null): boolean {
  if (allowed.length === 0) return true;
  return value !== null && allowed.some((a) => norm(a) === norm(value));
}

export function fitsIcp(account: AccountProfile | null, icp: Icp): boolean {
  const { min, max } = icp.employees;
  const sizeRestricted = min !== undefined || max !== undefined;
  const a = account ?? { sector: null, employees: null, region: null };
  const sizeFits =
    !sizeRestricted ||
    (a.employees !== null && (min === undefined || a.employees >= min) && (max === undefined || a.employees <= max));
  return listFits(icp.sectors, a.sector) && listFits(icp.regions, a.region) && sizeFits;
}

/** Fitting ÷ total over the opportunities given (the caller picks them, e.g. created in a period). */
export function desiredOpportunities(
  opps: readonly { account: AccountProfile | null }[],
  icpInput: IcpInput = {},
): { total: number; fitting: number; share: number | null } {
  const icp = icpSchema.parse(icpInput);
  const fitting = opps.filter((o) => fitsIcp(o.account, icp)).length;
  return { total: opps.length, fitting, share: opps.length > 0 ? fitting / opps.length : null };
}
