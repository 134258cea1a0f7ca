import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePeriod } from "../periods.js";
import type { TargetsInput } from "./compute.js";
import { DEFAULT_TARGETS_CONFIG } from "./config.js";
import type { OpportunityFacts } from "./history.js";
import { firstDayBehind, pacingHistory } from "./pacing.js";
import { pacingStatus, PACING_STATUSES, type PacingFacts } from "./pacing-rule.js";

const RULE = DEFAULT_TARGETS_CONFIG.pacing;
const facts = (f: Partial<PacingFacts>): PacingFacts => ({
  needed: 10,
  created: 0,
  scheduled: 0,
  weeksLeft: 4,
  bestWeeklyCreated: 0,
  ...f,
});

describe("pacingStatus", () => {
  it.each([
    [{ needed: 0, created: 0, scheduled: 50, weeksLeft: 0 }, "on-track", /no new opportunities/],
    [{ needed: null }, "at-risk", /no deal history/],
    [{ weeksLeft: 0 }, "at-risk", /deadline has passed/],
    [{ needed: 10, bestWeeklyCreated: 2, weeksLeft: 4.9 }, "at-risk", /best 2 a week only 9.8 fit/],
    [{ needed: 10, bestWeeklyCreated: 2, weeksLeft: 5, created: 10, scheduled: 10 }, "on-track", /10 created against 10/],
    [{ created: 6, scheduled: 10 }, "at-risk", /below 70%/],
    [{ created: 7, scheduled: 10 }, "behind", /below 90%/],
    [{ created: 8.9, scheduled: 10 }, "behind", /below 90%/],
    [{ created: 9, scheduled: 10 }, "on-track", /90%/],
    // Short of 90% but by less than one whole opportunity: not flagged.
    [{ created: 1, scheduled: 1.9 }, "on-track", /1 created against 1.9/],
    [{ created: 0, scheduled: 0.99 }, "on-track", /0 created/],
    [{ created: 0, scheduled: 1 }, "at-risk", /below 70%/],
    // No past creation record: the best-rate test does not apply.
    [{ needed: 100, weeksLeft: 1, created: 0, scheduled: 0 }, "on-track", /0 created/],
  ])("%j → %s", (f, status, reason) => {
    const r = pacingStatus(facts(f), RULE);
    expect(r.status).toBe(status);
    expect(r.reason).toMatch(reason);
  });

  it("gets no better when the rep created fewer opportunities", () => {
    const rank = (s: string) => PACING_STATUSES.indexOf(s as (typeof PACING_STATUSES)[number]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        (created, fewer, f, needed) => {
          const at = (c: number) => pacingStatus(facts({ needed, created: c, scheduled: (created + needed) * f }), RULE).status;
          expect(rank(at(Math.max(0, created - fewer)))).toBeGreaterThanOrEqual(rank(at(created)));
        },
      ),
    );
  });
});

/**
 * August 2017 (31 days), deadline = period end (no measurable sales cycle). The rep's record:
 * 10 won of 20 closed at 1,000 → win rate (10 + 2.5) / 25 = 50%, so 10,000 / 500 = 20 needed
 * at the period start. Created one (unvalued: worth 1,000 × 50%) a day on Aug 1–5, then
 * nothing, so created + still needed stays 20 and the plan is 20: scheduled = 20 × d / 31.
 * Behind when 5 < 0.9 × that with a shortfall of at least 1 (day 10: 6.45; day 9's 5.81 is
 * short by less than one), at risk when 5 < 0.7 × that (day 12: 7.74).
 */
function augustRep(): Omit<TargetsInput, "at"> {
  let id = 0;
  const opp = (f: Partial<OpportunityFacts>): OpportunityFacts => ({
    id: (id += 1),
    ownerId: 7,
    outcome: "open",
    stage: "Prospecting",
    value: null,
    createdOn: null,
    engagedAt: null,
    closedAt: null,
    ...f,
  });
  const history = Array.from({ length: 20 }, (_, i) =>
    opp({
      outcome: i < 10 ? "won" : "lost",
      stage: i < 10 ? "Won" : "Lost",
      value: i < 10 ? 1_000 : 0,
      createdOn: new Date(`2017-04-0${1 + (i % 5)}T00:00:00Z`),
      closedAt: new Date("2017-05-15T00:00:00Z"),
    }),
  );
  const created = [1, 2, 3, 4, 5].map((d) => opp({ createdOn: new Date(`2017-08-0${d}T12:00:00Z`) }));
  return {
    repId: 7,
    period: parsePeriod("2017-08"),
    quota: 10_000,
    opportunities: [...history, ...created],
    activities: [],
    stageOrder: ["Prospecting", "Engaging"],
  };
}

describe("pacingHistory", () => {
  const days = pacingHistory(augustRep(), { to: new Date("2017-08-31T00:00:00Z") });

  it("judges every day of the span as of its end", () => {
    expect(days).toHaveLength(31);
    expect(days[0]).toMatchObject({ day: "2017-08-01", opportunitiesCreated: 1, status: "on-track", changed: false, since: "2017-08-01" });
    expect(days[4]!.opportunitiesCreated).toBe(5);
    expect(days[7]!.scheduledOpportunities).toBeCloseTo((20 * 8) / 31, 12);
  });

  it("moves on-track → behind → at-risk on the days the rule says", () => {
    expect(days.slice(0, 9).every((d) => d.status === "on-track")).toBe(true);
    expect(days[9]).toMatchObject({ day: "2017-08-10", status: "behind", changed: true, since: "2017-08-10" });
    expect(days[10]).toMatchObject({ day: "2017-08-11", status: "behind", changed: false, since: "2017-08-10" });
    expect(days[11]).toMatchObject({ day: "2017-08-12", status: "at-risk", changed: true, since: "2017-08-12" });
    expect(days[20]).toMatchObject({ status: "at-risk", changed: false, since: "2017-08-12" });
    expect(days[30]!.reason).toMatch(/deadline has passed/);
  });

  it("reports the first day the rep fell behind", () => {
    expect(firstDayBehind(days)).toBe("2017-08-10");
    expect(firstDayBehind(days.slice(0, 9))).toBeNull();
    expect(firstDayBehind(days.slice(11))).toBe("2017-08-12");
  });

  it("stays on track for a rep who keeps creating", () => {
    const input = augustRep();
    const steady = Array.from({ length: 26 }, (_, i) => ({
      ...input.opportunities[0]!,
      id: 1_000 + i,
      outcome: "open" as const,
      stage: "Prospecting",
      value: null,
      closedAt: null,
      createdOn: new Date(Date.UTC(2017, 7, 1 + i, 9)),
    }));
    const history = pacingHistory({ ...input, opportunities: [...input.opportunities.slice(0, 20), ...steady] }, {
      to: new Date("2017-08-31T00:00:00Z"),
    });
    expect(firstDayBehind(history)).toBeNull();
    // By the end of Aug 20 the 20 created cover the quota: nothing more is needed.
    expect(history[19]!.reason).toBe("no new opportunities are needed");
  });

  it("refuses days outside the period", () => {
    expect(() => pacingHistory(augustRep(), { to: new Date("2017-09-01T00:00:00Z") })).toThrow(/must lie in 2017-08/);
  });
});

describe("firstDayBehind", () => {
  it("is the first non-on-track day, every day before it on track", () => {
    const status = fc.constantFrom(...PACING_STATUSES);
    fc.assert(
      fc.property(fc.array(status, { maxLength: 40 }), (statuses) => {
        const history = statuses.map((s, i) => ({ day: `d${i}`, status: s }));
        const first = firstDayBehind(history);
        const index = first === null ? history.length : history.findIndex((d) => d.day === first);
        expect(history.slice(0, index).every((d) => d.status === "on-track")).toBe(true);
        if (first !== null) expect(history[index]!.status).not.toBe("on-track");
      }),
    );
  });
});
