/** Reproduces, number for number, the worked example in docs/ROUTING.md. */
import { describe, expect, it } from "vitest";
import { pointsNeededToWin } from "./explain.js";
import { routeLead } from "./policies.js";
import { rep, settings } from "./test-fixtures.js";
import type { LeadInput, RoutingState } from "./types.js";

const lead: LeadInput = { id: 1042, ref: "L-1042", product: "GTX Pro", segment: "SMB", region: "EMEA", language: "en", sizeBand: null };
const now = new Date("2026-11-20T10:00:00Z");
const routingState: RoutingState = { now, teamHistory: { wins: 40, closed: 80 }, lastRotationAssigneeId: 13 };
const team = [
  rep(11, {
    name: "Dana Cruz",
    leadsLast30Days: 3,
    history: { winsSimilar: 10, closedSimilar: 15, winsAll: 13, closedAll: 20 },
    proactiveActivity: { call: 12, email: 6, meeting: 2, "opportunity-created": 2 },
  }),
  rep(12, {
    name: "Sam Lee",
    leadsLast30Days: 5,
    history: { winsSimilar: 12, closedSimilar: 15, winsAll: 20, closedAll: 35 },
    proactiveActivity: { call: 2, meeting: 2 },
  }),
  rep(13, {
    name: "Ivy Park",
    leadsLast30Days: 2,
    history: { winsSimilar: 1, closedSimilar: 5, winsAll: 2, closedAll: 5 },
    proactiveActivity: { call: 45, email: 30 },
  }),
  rep(14, { name: "Noor Ali", leadsLast30Days: 1, proactiveActivity: { call: 4, visit: 2, proposal: 1, email: 4 } }),
  rep(15, {
    name: "Eli Moss",
    leadsLast30Days: 4,
    outOfOfficeFrom: new Date("2026-11-16T00:00:00Z"),
    outOfOfficeTo: new Date("2026-12-01T00:00:00Z"),
    history: { winsSimilar: 4, closedSimilar: 6, winsAll: 5, closedAll: 10 },
    proactiveActivity: { call: 20 },
  }),
];

describe("the worked example of docs/ROUTING.md", () => {
  const decision = routeLead(lead, team, { ...settings(), version: 3 }, routingState);
  const e = decision.explanation;
  const by = (id: number) => e.candidates.find((c) => c.id === id)!;

  it("computes p_team, p_r, m, M, a, T, A and S as in the table", () => {
    expect(e.team.pTeam).toBe(0.5);
    const table: [number, number, number, number, number, number, number][] = [
      // id, p_r, m, M, a, A, S
      [11, 0.62, 0.655, 0.884388, 31, 0.810458, 0.846616],
      [12, 0.5625, 0.740625, 1, 8, 0.20915, 0.45733],
      [13, 0.45, 0.325, 0.438819, 60, 1, 0.662434],
      [14, 0.5, 0.5, 0.675105, 14, 0.366013, 0.497089],
    ];
    for (const [id, pR, m, M, a, A, S] of table) {
      const c = by(id);
      expect(c.pR).toBeCloseTo(pR, 6);
      expect(c.m).toBeCloseTo(m, 6);
      expect(c.M).toBeCloseTo(M, 6);
      expect(c.a).toBe(a);
      expect(c.A).toBeCloseTo(A, 6);
      expect(c.S).toBeCloseTo(S, 6);
    }
    expect(e.T).toBe(38.25);
    expect(e.targetSource).toBe("percentile");
    expect(by(15)).toMatchObject({ excluded: "out of office until 2026-12-01", M: null, A: null, S: null });
    expect(by(15).m).toBeCloseTo(0.590909, 6);
  });

  it("names the winner, runner-up, margin and reason", () => {
    expect(decision.assigneeId).toBe(11);
    expect(decision.runnerUpId).toBe(13);
    expect(decision.margin).toBeCloseTo(0.184182, 6);
    expect(e.candidates.map((c) => c.id)).toEqual([11, 13, 14, 12, 15]);
    expect(e.winner).toMatchObject({ pointsRank: 2 });
    expect(decision.reason).toBe(
      "Lead L-1042 (GTX Pro) went to Dana Cruz: strongest mix of merit and activity — won 10 of 15 GTX Pro deals " +
        "(merit 0.88) and 31 proactive points in 14 days, 2nd of 4 (activity 0.81); runner-up Ivy Park by 0.18.",
    );
    expect(decision.settingsVersion).toBe(3);
  });

  it("says what would have won each rep the lead", () => {
    expect(pointsNeededToWin(e, 11)).toEqual({ kind: "won" });
    expect(pointsNeededToWin(e, 12)).toMatchObject({ kind: "points", points: 19.42 });
    expect(pointsNeededToWin(e, 13)).toMatchObject({ kind: "merit" });
    expect(pointsNeededToWin(e, 14)).toMatchObject({ kind: "merit" });
    expect(pointsNeededToWin(e, 15)).toEqual({ kind: "excluded", reason: "out of office until 2026-12-01" });
  });

  it("shows Ivy's 60 points buy no more than the target would", () => {
    const tripled = team.map((c) => (c.id === 13 ? { ...c, proactiveActivity: { call: 115 } } : c));
    const again = routeLead(lead, tripled, { ...settings({ activityTarget: 38.25 }), version: 3 }, routingState);
    expect(again.explanation.candidates.find((c) => c.id === 13)!.S).toBe(by(13).S);
    expect(again.assigneeId).toBe(11);
  });

  it("routes the same lead under the two baselines", () => {
    const top = routeLead(lead, team, { ...settings({}, "top-performer"), version: 3 }, routingState);
    expect(top.assigneeId).toBe(12);
    expect(top.margin).toBeCloseTo(0.085625, 9);
    expect(top.reason).toBe(
      "Lead L-1042 (GTX Pro) went to Sam Lee: highest merit — won 12 of 15 GTX Pro deals (merit 0.74); runner-up Dana Cruz by 0.09.",
    );
    const milk = routeLead(lead, team, { ...settings({}, "milk-round"), version: 3 }, routingState);
    expect(milk.assigneeId).toBe(14);
    expect(milk.reason).toBe("Lead L-1042 (GTX Pro) went to Noor Ali: next in the rotation after Ivy Park; next up Dana Cruz.");
  });
});
