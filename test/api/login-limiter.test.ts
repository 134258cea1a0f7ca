import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LoginLimiter } from "../../src/server/login-limiter.js";

describe("LoginLimiter", () => {
  it("refuses after max failures and says when the oldest counted one ages out", () => {
    const limiter = new LoginLimiter({ maxFailures: 3, windowMs: 1000 });
    limiter.recordFailure(["a"], 0);
    limiter.recordFailure(["a"], 100);
    expect(limiter.retryAfterMs(["a"], 200)).toBe(0);
    limiter.recordFailure(["a"], 200);
    expect(limiter.retryAfterMs(["a"], 300)).toBe(700); // the failure at 0 leaves the window at 1000
    expect(limiter.retryAfterMs(["b"], 300)).toBe(0);
    expect(limiter.retryAfterMs(["b", "a"], 300)).toBe(700);
    expect(limiter.retryAfterMs(["a"], 1000)).toBe(0);
    limiter.reset("a");
    expect(limiter.retryAfterMs(["a"], 300)).toBe(0);
  });

  it("never lets more than max failures happen inside any window (attackers who stop when refused)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 200 }), (gaps) => {
        const max = 4;
        const windowMs = 1000;
        const limiter = new LoginLimiter({ maxFailures: max, windowMs });
        const failures: number[] = [];
        let now = 0;
        for (const gap of gaps) {
          now += gap % 400;
          if (limiter.retryAfterMs(["k"], now) > 0) continue;
          limiter.recordFailure(["k"], now);
          failures.push(now);
        }
        for (const t of failures) expect(failures.filter((u) => u > t - windowMs && u <= t).length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it("forgets the least recently failing keys beyond its bound", () => {
    const limiter = new LoginLimiter({ maxFailures: 1, windowMs: 1000, maxKeys: 2 });
    limiter.recordFailure(["a"], 0);
    limiter.recordFailure(["b"], 1);
    limiter.recordFailure(["c"], 2);
    expect(limiter.retryAfterMs(["a"], 3)).toBe(0);
    expect(limiter.retryAfterMs(["b"], 3)).toBeGreaterThan(0);
    expect(limiter.retryAfterMs(["c"], 3)).toBeGreaterThan(0);
  });
});
