/**
 * Failed sign-ins are limited per account and per client IP: after `maxFailures` failures in
 * `windowMs`, further attempts for that key are refused (429) until the oldest failure ages
 * out. In memory, so the count resets when the server restarts and is not shared between
 * processes; one Proactive server per store is the supported deployment.
 */
export interface LoginLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  /** Bound on the keys tracked, so a spray of addresses cannot grow memory without end. */
  maxKeys?: number;
}

export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;

  constructor(options: LoginLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /** Milliseconds until an attempt on any of `keys` is allowed again; 0 when allowed now. */
  retryAfterMs(keys: string[], now: number): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.maxFailures) {
        const oldestCounted = recent[recent.length - this.maxFailures]!;
        wait = Math.max(wait, oldestCounted + this.windowMs - now);
      }
    }
    return wait;
  }

  recordFailure(keys: string[], now: number): void {
    for (const key of keys) {
      const recent = this.recent(key, now);
      recent.push(now);
      this.failures.delete(key); // re-insert: the Map's order is then least recently failed first
      this.failures.set(key, recent.slice(-this.maxFailures));
    }
    while (this.failures.size > this.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  /**
   * Counts an attempt as a failure before the password is checked (checking takes time, and
   * concurrent guesses must not all pass the limit first): 0 and counted, or the wait in
   * milliseconds and not counted. A sign-in that then succeeds calls `succeeded`.
   */
  begin(keys: string[], now: number): number {
    const wait = this.retryAfterMs(keys, now);
    if (wait === 0) this.recordFailure(keys, now);
    return wait;
  }

  /** The attempt begun at `at` succeeded: the account starts afresh, the address loses that one count. */
  succeeded(accountKey: string, otherKeys: string[], at: number): void {
    this.reset(accountKey);
    for (const key of otherKeys) {
      const times = this.failures.get(key);
      const i = times?.lastIndexOf(at) ?? -1;
      if (times && i >= 0) times.splice(i, 1);
      if (times?.length === 0) this.failures.delete(key);
    }
  }

  private recent(key: string, now: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const kept = times.filter((t) => t > now - this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else this.failures.set(key, kept);
    return kept;
  }
}
