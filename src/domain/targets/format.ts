/** Numbers in the plain-English working: fixed locale, so the words never depend on the host. */
const amount = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

/** 70000 → "70,000"; 1234.5 → "1,234.5". */
export function formatAmount(value: number): string {
  return amount.format(value);
}

/** 0.25 → "25%"; 0.2631 → "26.3%". */
export function formatPercent(rate: number): string {
  return percent.format(rate);
}

/** "1 opportunity" / "3 opportunities". */
export function plural(count: number, one: string, many: string): string {
  return `${formatAmount(count)} ${count === 1 ? one : many}`;
}
