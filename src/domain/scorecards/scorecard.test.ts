import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePeriod } from "../periods.js";
import type { ActivityFacts } from "../targets/history.js";
import {
  DEFAULT_SCORECARD_WEIGHTS,
  SCORECARD_METRICS,
  scorecard,
  scorecardConfigSchema,
  scorecardScore,
  type MetricCounts,
} from "./scorecard.js";

const count = fc.integer({ min: 0, max: 500 });
const counts = fc.record({ outreach: count, meetings: count, visits: count, proposals: count, nextSteps: count });
const weights = fc
  .record({ outreach: count, meetings: count, visits: count, proposals: count, nextSteps: count })
  .filter((w) => Object.values(w).some((v) => v > 0));

const act = (kind: ActivityFacts["kind"], at: string, extra: Partial<ActivityFacts> = {}): ActivityFacts => ({
  repId: 1,
  kind,
  proactive: true,
  at: new Date(at),
  ...extra,
});

describe("scorecard", () => {
  it("counts outreach, meetings, visits, proposals and next steps in the period against weekly targets", () => {
    const feb = parsePeriod("2017-02"); // 28 days = 4 weeks
    const card = scorecard({
      repId: 1,
      period: feb,
      activities: [
        act("call", "2017-02-01T00:00:00Z", { count: 150 }),
        act("email", "2017-02-10T00:00:00Z", { count: 50 }),
        act("meeting", "2017-02-27T23:59:59Z", { count: 10 }),
        act("visit", "2017-02-05T00:00:00Z"),
        act("proposal", "2017-02-05T00:00:00Z", { count: 8 }),
        act("next-step", "2017-03-01T00:00:00Z", { count: 20 }),
        act("call", "2017-01-31T23:59:59Z", { count: 99 }),
        act("call", "2017-02-02T00:00:00Z", { repId: 2, count: 99 }),
        act("follow-up", "2017-02-02T00:00:00Z", { count: 5 }),
      ],
    });
    expect(card.lines.map((l) => [l.metric, l.actual, l.target, l.attainment])).toEqual([
      ["outreach", 200, 200, 1],
      ["meetings", 10, 20, 0.5],
      ["visits", 1, 8, 0.125],
      ["proposals", 8, 8, 1],
      ["nextSteps", 0, 20, 0],
    ]);
    // (1·1 + 2·0.5 + 1·0.125 + 2·1 + 1·0) / 7
    expect(card.score).toBeCloseTo(4.125 / 7, 12);
    expect(card).toMatchObject({ from: "2017-02-01", to: "2017-03-01", period: "2017-02" });
  });

  it("judges a period so far against targets scaled to the days covered", () => {
    const card = scorecard({
      repId: 1,
      period: parsePeriod("2017-08"),
      at: new Date("2017-08-15T00:00:00Z"),
      activities: [act("call", "2017-08-14T12:00:00Z", { count: 100 }), act("call", "2017-08-15T00:00:00Z", { count: 100 })],
      config: { weights: { outreach: 1, meetings: 0, visits: 0, proposals: 0, nextSteps: 0 } },
    });
    expect(card.lines[0]).toMatchObject({ actual: 100, target: 100 });
    expect(card.score).toBe(1);
    expect(card.to).toBe("2017-08-15");
  });

  it("counts only proactive activities when configured", () => {
    const activities = [act("call", "2017-08-02T00:00:00Z", { count: 3 }), act("call", "2017-08-02T00:00:00Z", { count: 4, proactive: false })];
    const period = parsePeriod("2017-08");
    expect(scorecard({ repId: 1, period, activities }).lines[0]!.actual).toBe(7);
    expect(scorecard({ repId: 1, period, activities, config: { proactiveOnly: true } }).lines[0]!.actual).toBe(3);
  });

  it("validates the configuration, with defaults", () => {
    expect(scorecardConfigSchema.parse({}).weights).toEqual(DEFAULT_SCORECARD_WEIGHTS);
    expect(scorecardConfigSchema.safeParse({ weights: { outreach: 0, meetings: 0, visits: 0, proposals: 0, nextSteps: 0 } }).success).toBe(false);
    expect(scorecardConfigSchema.safeParse({ weeklyTargets: { meetings: -1 } }).success).toBe(false);
  });

  it("keeps the score within [0, 1]", () => {
    fc.assert(
      fc.property(counts, counts, weights, (actual, targets, w) => {
        const s = scorecardScore(actual, targets, w);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1 + 1e-12);
      }),
    );
  });

  it("never lowers the score when one count rises", () => {
    fc.assert(
      fc.property(counts, counts, weights, fc.constantFrom(...SCORECARD_METRICS), count, (actual, targets, w, metric, more) => {
        const raised: MetricCounts = { ...actual, [metric]: actual[metric] + more };
        expect(scorecardScore(raised, targets, w)).toBeGreaterThanOrEqual(scorecardScore(actual, targets, w));
      }),
    );
  });

  it("is 1 when every target is met and caps overachievement", () => {
    const targets = { outreach: 10, meetings: 2, visits: 0, proposals: 1, nextSteps: 3 };
    expect(scorecardScore({ outreach: 1000, meetings: 2, visits: 0, proposals: 1, nextSteps: 3 }, targets, DEFAULT_SCORECARD_WEIGHTS)).toBe(1);
    expect(scorecardScore({ outreach: 1000, meetings: 0, visits: 0, proposals: 0, nextSteps: 0 }, targets, DEFAULT_SCORECARD_WEIGHTS)).toBeCloseTo(2 / 7, 12);
  });
});
