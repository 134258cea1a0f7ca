/** Every routing window ends at the decision time t, exclusive: `[t − length, t)`. */
const DAY_MS = 86_400_000;

export function windowStart(now: Date, days: number): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** True when `at` falls in `[now − days, now)`. */
export function inWindow(at: Date, now: Date, days: number): boolean {
  const ms = at.getTime();
  return ms >= now.getTime() - days * DAY_MS && ms < now.getTime();
}
