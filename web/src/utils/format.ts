/** Display formatting: compact money, counts, shares and week labels. Pure, locale en-US. */

const COMPACT_UNITS = [
  { value: 1e9, suffix: "B" },
  { value: 1e6, suffix: "M" },
  { value: 1e3, suffix: "k" },
] as const;

/** Money in major units, compact: 950 → "$950", 12_345 → "$12.3k", 1_250_000 → "$1.25M". */
export function formatMoney(value: number): string {
  if (!Number.isFinite(value)) return "—";
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  for (const [index, unit] of COMPACT_UNITS.entries()) {
    if (Math.round(abs) < unit.value) continue;
    const scaled = abs / unit.value;
    const digits = scaled < 10 && unit.suffix !== "k" ? 2 : 1;
    const rounded = roundTo(scaled, digits);
    // 999_960 rounds to "1000.0k": say "$1M" instead.
    const bigger = COMPACT_UNITS[index - 1];
    if (rounded >= 1000 && bigger) return `${sign}$${trimZeros((abs / bigger.value).toFixed(2))}${bigger.suffix}`;
    return `${sign}$${trimZeros(rounded.toFixed(digits))}${unit.suffix}`;
  }
  return `${sign}$${Math.round(abs).toString()}`;
}

/** Money in major units, exact to the dollar: 12_345.6 → "$12,346". */
export function formatMoneyFull(value: number): string {
  if (!Number.isFinite(value)) return "—";
  const sign = value < 0 ? "-" : "";
  return `${sign}$${Math.round(Math.abs(value)).toLocaleString("en-US")}`;
}

/** Whole counts with thousands separators: 12345 → "12,345". */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** A share in [0, 1] as a whole percent; null (nothing to divide) → "—". */
export function formatShare(share: number | null): string {
  if (share === null || !Number.isFinite(share)) return "—";
  return `${Math.round(share * 100)}%`;
}

/** part / whole, or null when the whole is zero. */
export function shareOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2025-03-03" → "Mar 3". The date is a calendar day, so read it as UTC (no zone shift). */
export function formatWeekLabel(weekStart: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(weekStart);
  if (!match) return weekStart;
  const month = MONTHS[Number(match[2]) - 1];
  return month ? `${month} ${Number(match[3])}` : weekStart;
}

/** "Week of Mar 3, 2025" for tooltips. */
export function formatWeekTitle(weekStart: string): string {
  const year = weekStart.slice(0, 4);
  return `Week of ${formatWeekLabel(weekStart)}, ${year}`;
}

export function formatRole(role: string): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
