/** Periods ("2025-06", "2025-Q2") for the period pickers, and calendar-day labels. Pure, UTC. */

const MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface PeriodOption {
  value: string;
  label: string;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "2025-06" for any instant in June 2025 (UTC, as the server judges periods). */
export function monthOf(now: Date): string {
  return `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}`;
}

export function quarterOf(now: Date): string {
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
}

/** "2025-06" → "June 2025", "2025-Q2" → "Q2 2025"; anything else as given. */
export function periodLabel(period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return `${MONTH_NAMES[Number(month[2]) - 1] ?? month[2]} ${month[1]}`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return `Q${quarter[2]} ${quarter[1]}`;
  return period;
}

/** "2025-06" → "Jun"; for narrow column heads. */
export function shortMonthLabel(period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  return month ? (SHORT_MONTHS[Number(month[2]) - 1] ?? period) : period;
}

/** The current and previous months, then the current and previous quarters, newest first. */
export function periodOptions(now: Date, counts: { months: number; quarters: number } = { months: 6, quarters: 4 }): {
  months: PeriodOption[];
  quarters: PeriodOption[];
} {
  const months: PeriodOption[] = [];
  for (let i = 0; i < counts.months; i++) {
    const value = monthOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1)));
    months.push({ value, label: periodLabel(value) });
  }
  const quarters: PeriodOption[] = [];
  for (let i = 0; i < counts.quarters; i++) {
    const value = quarterOf(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3 * i, 1)));
    quarters.push({ value, label: periodLabel(value) });
  }
  return { months, quarters };
}

/** The last month of a period: itself for a month, the quarter's third month, e.g. "2025-Q2" → "2025-06". */
export function lastMonthOf(period: string): string {
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (!quarter) return period;
  return `${quarter[1]}-${pad(Number(quarter[2]) * 3)}`;
}

/** A period string the server accepts (checked before it goes in a URL). */
export function isPeriod(text: string | null): text is string {
  return text !== null && /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/.test(text);
}

/** "2025-06-15" or an ISO instant → "Jun 15" (the calendar day in UTC). */
export function formatDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!match) return day;
  return `${SHORT_MONTHS[Number(match[2]) - 1] ?? match[2]} ${Number(match[3])}`;
}

/** Minutes since an instant, for "on site for 25 min". */
export function minutesSince(iso: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - Date.parse(iso)) / 60_000));
}

/** 25 → "25 min", 95 → "1 h 35 min"; a day or more in days and hours ("2 d 3 h": minutes no longer matter). */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null || !Number.isFinite(minutes)) return "—";
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole} min`;
  if (whole >= 24 * 60) {
    const hours = Math.floor(whole / 60);
    return hours % 24 === 0 ? `${hours / 24} d` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
  }
  const rest = whole % 60;
  return rest === 0 ? `${Math.floor(whole / 60)} h` : `${Math.floor(whole / 60)} h ${rest} min`;
}
