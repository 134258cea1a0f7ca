/**
 * The similarity keys of a closed opportunity, as the `opportunity_close_daily` triggers derive
 * them (drizzle/0004_routing_triggers.sql). The TypeScript copies exist for reference counting
 * in tests and scripts; the store itself reads the aggregate.
 */
/** An account's size segment by employees (SQL: routing_account_segment). */
export function accountSegment(employees: number | null): string | null {
  if (employees === null) return null;
  if (employees < 250) return "SMB";
  if (employees < 2500) return "Mid-Market";
  return "Enterprise";
}

/** Decimal digits of a value in cents, 0 for 0 (SQL: routing_value_digits). */
export function valueDigits(cents: number): number {
  return cents === 0 ? 0 : String(Math.abs(cents)).length;
}

/**
 * The size band of `valueCents` as a range of `valueDigits`, when every edge is a power of
 * ten (so the band is a union of whole digit counts); null when it is not.
 */
export function digitRange(valueCents: number, edgesCents: readonly number[]): { min: number; max: number } | null {
  const powers = edgesCents.map((e) => Math.log10(e));
  if (!powers.every((p) => Number.isInteger(p) && 10 ** p === edgesCents[powers.indexOf(p)])) return null;
  let lower = 0;
  for (const edge of edgesCents) {
    if (valueCents < edge) return { min: lower === 0 ? 0 : valueDigits(lower), max: valueDigits(edge) - 1 };
    lower = edge;
  }
  return { min: lower === 0 ? 0 : valueDigits(lower), max: Number.MAX_SAFE_INTEGER };
}
