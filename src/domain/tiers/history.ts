/**
 * Tier movement over time (D2): tiers month by month, and every rep's move between
 * consecutive months in which they were tiered. A rep absent from a month is not tiered in
 * it; their next appearance is compared with their last tiered month.
 */
import { parsePeriod } from "../periods.js";
import { assignTiers, TIERS, type Tier, type TierConfigInput, type TierInput, type TierResult } from "./tiers.js";

export interface TierMovement {
  repId: number;
  /** The month of the new tier, and the month compared against. */
  period: string;
  previousPeriod: string;
  from: Tier;
  to: Tier;
  direction: "up" | "down";
}

export interface TierHistory {
  months: { period: string; tiers: TierResult[] }[];
  movements: TierMovement[];
}

export function tierHistory(
  months: readonly { period: string; reps: readonly TierInput[] }[],
  config?: TierConfigInput,
): TierHistory {
  const ordered = months
    .map((m) => ({ ...m, parsed: parsePeriod(m.period) }))
    .sort((x, y) => x.parsed.start.getTime() - y.parsed.start.getTime());
  const seen = new Set<string>();
  const last = new Map<number, { period: string; tier: Tier }>();
  const movements: TierMovement[] = [];
  const result = ordered.map(({ period, reps, parsed }) => {
    if (parsed.kind !== "month") throw new RangeError(`tier history is monthly; "${period}" is a ${parsed.kind}`);
    if (seen.has(parsed.label)) throw new RangeError(`month ${parsed.label} appears twice`);
    seen.add(parsed.label);
    const tiers = assignTiers(reps, config);
    for (const t of [...tiers].sort((x, y) => x.repId - y.repId)) {
      const before = last.get(t.repId);
      if (before && before.tier !== t.tier) {
        movements.push({
          repId: t.repId,
          period: parsed.label,
          previousPeriod: before.period,
          from: before.tier,
          to: t.tier,
          direction: TIERS.indexOf(t.tier) < TIERS.indexOf(before.tier) ? "up" : "down",
        });
      }
      last.set(t.repId, { period: parsed.label, tier: t.tier });
    }
    return { period: parsed.label, tiers };
  });
  return { months: result, movements };
}
