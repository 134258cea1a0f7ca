import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, parsePeriod } from "../periods.js";
import { computeTargets, type TargetsInput } from "./compute.js";
import type { ActivityFacts, OpportunityFacts } from "./history.js";

const REP = 1;
const OTHER = 2;
const ORDER = ["Prospecting", "Proposal"];
const at = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

let seq = 0;
function opp(fields: Partial<OpportunityFacts>): OpportunityFacts {
  seq += 1;
  return { id: seq, ownerId: REP, outcome: "open", stage: "Prospecting", value: null, createdOn: null, engagedAt: null, closedAt: null, ...fields };
}
const won = (closed: string, value: number, fields: Partial<OpportunityFacts> = {}) =>
  opp({ outcome: "won", stage: "Won", value, closedAt: at(closed), ...fields });
const lost = (closed: string, fields: Partial<OpportunityFacts> = {}) =>
  opp({ outcome: "lost", stage: "Lost", value: 0, closedAt: at(closed), ...fields });

/** The D4 worked example, as loaded history: 3 of 12 closed won at 10,000, two 20,000 proposals at 50%. */
function workedExample(): TargetsInput {
  const history = [
    ...["2017-07-05", "2017-07-20", "2017-08-01"].map((d) => won(d, 10_000, { createdOn: at("2017-01-02"), engagedAt: addDays(at(d), -30) })),
    ...Array.from({ length: 9 }, (_, i) => lost(`2017-03-${String(10 + i)}`)),
    opp({ stage: "Proposal", value: 20_000, createdOn: at("2017-07-10") }),
    opp({ stage: "Proposal", value: 20_000, createdOn: at("2017-07-12") }),
  ];
  return {
    repId: REP,
    period: parsePeriod("2017-Q3"),
    at: at("2017-08-15"),
    quota: 120_000,
    opportunities: history,
    activities: [],
    stageOrder: ORDER,
    config: { stageWinRates: { Proposal: 0.5 } },
  };
}

describe("computeTargets", () => {
  it("reproduces the worked example with its working", () => {
    const t = computeTargets(workedExample());
    expect(t).toMatchObject({
      quota: 120_000,
      won: 30_000,
      expectedFromPipeline: 20_000,
      gap: 70_000,
      winRate: 0.25,
      averageWonDeal: 10_000,
      newOpportunitiesNeeded: 28,
      salesCycleDays: 30,
      creationDeadline: "2017-09-01",
      deadlineClamped: false,
      opportunitiesCreated: 2,
    });
    expect(t.working.lines).toContain("Gap: 120,000 quota − 30,000 won − 20,000 expected from pipeline = 70,000");
    expect(t.working.lines).toContain("Win rate: (3 won + 5 × 25% team rate) ÷ (12 closed + 5) = 25% over the 365 days before 2017-08-15 (team: 3 of 12)");
    expect(t.working.lines).toContain("Creation deadline: 2017-10-01 − 30 days (the rep's median sales cycle of 30 days over 3 won deals) = 2017-09-01");
    expect(t.working.inputs).toMatchObject({ repWins: 3, repClosed: 12, averageWonDealSource: "rep", openOpportunities: 2 });
    // 28 over the 17 days to 2017-09-01.
    expect(t.weeksToDeadline).toBeCloseTo(17 / 7, 12);
    expect(t.weeklyOpportunitiesNeeded).toBeCloseTo(28 / (17 / 7), 12);
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });

  it("counts a deal won exactly at the period start, not one won exactly at the period end", () => {
    const q3 = parsePeriod("2017-Q3");
    const input: TargetsInput = {
      ...workedExample(),
      at: q3.end,
      opportunities: [won("2017-07-01", 1_000), won("2017-10-01", 5_000), won("2017-06-30T23:59:59.999Z", 7_000)],
    };
    expect(computeTargets(input).won).toBe(1_000);
  });

  it("counts only deals won before the instant `at`", () => {
    const input = { ...workedExample(), opportunities: [won("2017-08-14T23:59:59Z", 1_000), won("2017-08-15", 2_000)] };
    expect(computeTargets(input).won).toBe(1_000);
  });

  it("rejects an instant outside the period", () => {
    expect(() => computeTargets({ ...workedExample(), at: at("2017-10-01T00:00:01Z") })).toThrow(/outside the period 2017-Q3/);
    expect(() => computeTargets({ ...workedExample(), at: at("2017-06-30") })).toThrow(RangeError);
  });

  it("smooths a short record toward the team and uses the team's average deal below 3 wins", () => {
    const input: TargetsInput = {
      ...workedExample(),
      quota: 10_000,
      opportunities: [
        won("2017-05-01", 4_000),
        ...["2017-04-01", "2017-04-02", "2017-04-03"].map((d) => won(d, 1_000, { ownerId: OTHER })),
        ...Array.from({ length: 4 }, (_, i) => lost(`2017-02-0${i + 1}`, { ownerId: OTHER })),
      ],
    };
    const t = computeTargets(input);
    // Team: 4 of 8 → 50%; rep 1 of 1 → (1 + 2.5) / 6.
    expect(t.winRate).toBeCloseTo(3.5 / 6, 12);
    expect(t.averageWonDeal).toBe(7_000 / 4);
    expect(t.working.inputs.averageWonDealSource).toBe("team");
  });

  it("ignores history older than 365 days and takes 50% for a team that closed nothing", () => {
    const input = { ...workedExample(), opportunities: [won("2016-08-14", 1_000), won("2017-08-15", 1_000)] };
    const t = computeTargets(input);
    expect(t.winRate).toBe(0.5);
    expect(t.averageWonDeal).toBeNull();
    expect(t.newOpportunitiesNeeded).toBeNull();
    expect(t.status).toBe("at-risk");
    expect(t.working.lines.join("\n")).toMatch(/the team closed nothing, so its rate is taken as 50%/);
  });

  it("counts an open opportunity in the pipeline only once it exists and while it is open", () => {
    const base = workedExample();
    const later = opp({ stage: "Proposal", value: 50_000, createdOn: at("2017-08-20") });
    const closedBefore = opp({ outcome: "lost", stage: "Lost", value: 50_000, createdOn: at("2017-07-01"), closedAt: at("2017-08-10") });
    const closedAfter = opp({ outcome: "won", stage: "Won", value: 8_000, createdOn: at("2017-07-01"), closedAt: at("2017-08-20") });
    const t = computeTargets({ ...base, opportunities: [...base.opportunities, later, closedBefore, closedAfter] });
    // The deal won on 08-20 was open on 08-15 at the last stage (Proposal, 50%).
    expect(t.expectedFromPipeline).toBe(20_000 + 4_000);
  });

  it("counts an open deal without a value at the average won deal", () => {
    const base = workedExample();
    const unvalued = opp({ stage: "Proposal", value: null, createdOn: at("2017-08-01") });
    const t = computeTargets({ ...base, opportunities: [...base.opportunities, unvalued] });
    expect(t.expectedFromPipeline).toBe(20_000 + 10_000 * 0.5);
    expect(t.newOpportunitiesNeeded).toBe(26);
    expect(t.working.lines).toContain(
      "Expected from pipeline: 3 open opportunities; Proposal: 50,000 × 50% (3 open) = 25,000 (1 deal without a value counted at 10,000)",
    );
  });

  it("adding an open opportunity never raises the opportunities needed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200_000 }), fc.constantFrom(...ORDER), (value, stage) => {
        const base = workedExample();
        const before = computeTargets(base).newOpportunitiesNeeded!;
        const extra = opp({ stage, value, createdOn: at("2017-08-01") });
        const after = computeTargets({ ...base, opportunities: [...base.opportunities, extra] }).newOpportunitiesNeeded!;
        expect(after).toBeLessThanOrEqual(before);
      }),
      { numRuns: 50 },
    );
  });

  describe("median sales cycle", () => {
    const withCycles = (days: number[], ownerId = REP) =>
      days.map((d, i) => won(`2017-06-${String(10 + i)}`, 1_000, { ownerId, engagedAt: addDays(at(`2017-06-${String(10 + i)}`), -d) }));
    const cycleOf = (opportunities: OpportunityFacts[]) => computeTargets({ ...workedExample(), opportunities });

    it("takes the middle value of an odd count", () => {
      const t = cycleOf(withCycles([40, 10, 20]));
      expect(t.salesCycleDays).toBe(20);
      expect(t.creationDeadline).toBe("2017-09-11");
    });

    it("takes the mean of the two middle values of an even count, rounded up to whole days", () => {
      const t = cycleOf(withCycles([10, 20, 21, 40]));
      expect(t.salesCycleDays).toBe(20.5);
      expect(t.creationDeadline).toBe("2017-09-10");
    });

    it("uses the team's median when the rep has fewer than 3 won deals", () => {
      const t = cycleOf([...withCycles([5, 5]), ...withCycles([60, 70, 80], OTHER)]);
      expect(t.salesCycleDays).toBe(60);
      expect(t.working.inputs.salesCycleSource).toBe("team");
    });

    it("falls back to the period end when no cycle can be measured", () => {
      const t = cycleOf([won("2017-06-01", 1_000)]);
      expect(t.salesCycleDays).toBeNull();
      expect(t.creationDeadline).toBe("2017-10-01");
    });

    it("never puts the deadline before the period start, and says so", () => {
      const input = { ...workedExample(), period: parsePeriod("2017-08"), opportunities: withCycles([45, 50, 60]) };
      const t = computeTargets(input);
      expect(t.creationDeadline).toBe("2017-08-01");
      expect(t.deadlineClamped).toBe(true);
      expect(t.status).toBe("at-risk");
      expect(t.statusReason).toMatch(/deadline has passed/);
      expect(t.working.lines.join("\n")).toMatch(/Creation deadline: 2017-08-01, the period start/);
    });
  });

  it("derives weekly proactive activities from the rep's own conversion over 90 days", () => {
    const base = workedExample();
    const acts: ActivityFacts[] = [
      { repId: REP, kind: "call", proactive: true, at: at("2017-07-03"), count: 6 },
      { repId: REP, kind: "email", proactive: true, at: at("2017-08-14T10:00:00Z"), count: 4 },
      { repId: REP, kind: "opportunity-created", proactive: true, at: at("2017-07-10") },
      { repId: REP, kind: "call", proactive: false, at: at("2017-07-10"), count: 50 },
      { repId: OTHER, kind: "call", proactive: true, at: at("2017-07-10"), count: 50 },
      { repId: REP, kind: "call", proactive: true, at: at("2017-05-16T23:59:59Z"), count: 100 },
    ];
    const t = computeTargets({ ...base, activities: acts });
    // Two opportunities created (07-10, 07-12) from 10 proactive activities in [05-17, 08-15).
    expect(t.activityToOpportunityRate).toBe(0.2);
    expect(t.weeklyProactiveActivitiesNeeded).toBeCloseTo(t.weeklyOpportunitiesNeeded! / 0.2, 9);
    expect(t.proactiveActivities).toBe(10);
    expect(computeTargets(base).activityToOpportunityRate).toBeNull();
    expect(computeTargets(base).weeklyProactiveActivitiesNeeded).toBeNull();
  });

  it("needs nothing and is on track when the quota is covered", () => {
    const t = computeTargets({ ...workedExample(), quota: 40_000 });
    expect(t).toMatchObject({ gap: 0, newOpportunitiesNeeded: 0, weeklyOpportunitiesNeeded: 0, status: "on-track" });
  });
});
