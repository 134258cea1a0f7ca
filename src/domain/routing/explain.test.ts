import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ordinal, pointsNeededToWin, renderPointsNeeded } from "./explain.js";
import { routeLead } from "./policies.js";
import { arbParams, arbTeam, arbTeamHistory, EXCLUSIONS, LEAD, rep, settings, state } from "./test-fixtures.js";
import type { CandidateInput, RoutingParams } from "./types.js";

describe("ordinal", () => {
  it.each([
    [1, "1st"],
    [2, "2nd"],
    [3, "3rd"],
    [4, "4th"],
    [9, "9th"],
    [11, "11th"],
    [12, "12th"],
    [13, "13th"],
    [21, "21st"],
    [22, "22nd"],
    [23, "23rd"],
    [101, "101st"],
    [111, "111th"],
    [112, "112th"],
  ])("%d is %s", (n, text) => expect(ordinal(n)).toBe(text));
});

describe("pointsNeededToWin", () => {
  /** Extra points go in as "next-step" activities weighted 0.01, so x points = 100·x of them. */
  const withHundredths = (params: RoutingParams): RoutingParams => ({
    ...params,
    activityWeights: { ...params.activityWeights, "next-step": 0.01 },
  });
  const addHundredths = (team: CandidateInput[], id: number, n: number) =>
    team.map((c) => (c.id === id ? { ...c, proactiveActivity: { ...c.proactiveActivity, "next-step": n } } : c));

  it("names the smallest extra points that win: exactly that many wins, 0.01 or 1 point less does not", () => {
    let checked = 0;
    fc.assert(
      fc.property(arbTeam({ minLength: 2 }), arbParams, arbTeamHistory, (team, params0, teamHistory) => {
        const params = withHundredths(params0);
        const decision = routeLead(LEAD, team, { policy: "equilibrium", version: 1, params }, state({ teamHistory }));
        const e = decision.explanation;
        // Same field, T held at the recorded value.
        const reroute = (id: number, n: number) =>
          routeLead(LEAD, addHundredths(team, id, n), { policy: "equilibrium", version: 1, params: { ...params, activityTarget: e.T } }, state({ teamHistory }));
        expect(reroute(-1, 0).explanation.candidates).toEqual(e.candidates.map((c) => ({ ...c, pointsRank: expect.any(Number) })));
        for (const c of e.candidates) {
          const result = pointsNeededToWin(e, c.id);
          if (c.id === decision.assigneeId) {
            expect(result).toEqual({ kind: "won" });
          } else if (result.kind === "points") {
            checked += 1;
            const n = Math.round(result.points * 100);
            expect(n).toBeGreaterThan(0);
            expect(reroute(c.id, n).assigneeId).toBe(c.id);
            expect(reroute(c.id, n - 1).assigneeId).toBe(decision.assigneeId);
            if (n >= 100) expect(reroute(c.id, n - 100).assigneeId).toBe(decision.assigneeId);
          } else {
            expect(result.kind).toBe("merit");
            // Even far past the target (A = 1) they would not have won.
            const plenty = Math.ceil((e.T ?? 0) * 100) + 10_000;
            const rerouted = reroute(c.id, plenty);
            expect(rerouted.explanation.candidates.find((r) => r.id === c.id)!.A).toBe(1);
            expect(rerouted.assigneeId).toBe(decision.assigneeId);
          }
        }
      }),
      { numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(20);
  });

  it("honours the tie rule at the threshold", () => {
    // Same merit; rep 1 has more points. Rep 2 has fewer recent leads, so reaching rep 1's
    // points exactly (a tie on S) is enough for rep 2.
    const history = { winsSimilar: 2, closedSimilar: 4, winsAll: 2, closedAll: 4 };
    const params = settings({ activityTarget: 40 }).params;
    const team = [
      rep(1, { history, proactiveActivity: { call: 30 }, leadsLast30Days: 3 }),
      rep(2, { history, proactiveActivity: { call: 10 }, leadsLast30Days: 1 }),
      rep(3, { history, proactiveActivity: { call: 10 }, leadsLast30Days: 5 }),
    ];
    const e = routeLead(LEAD, team, { policy: "equilibrium", version: 1, params }, state()).explanation;
    expect(e.winner!.id).toBe(1);
    expect(pointsNeededToWin(e, 2)).toMatchObject({ kind: "points", points: 20 });
    expect(pointsNeededToWin(e, 3)).toMatchObject({ kind: "points", points: 20.01 });
  });

  it("says when merit, exclusion or the policy is what decided", () => {
    const strong = rep(1, { history: { winsSimilar: 20, closedSimilar: 20, winsAll: 20, closedAll: 20 }, proactiveActivity: { call: 10 } });
    const weak = rep(2, { history: { winsSimilar: 0, closedSimilar: 20, winsAll: 0, closedAll: 20 }, proactiveActivity: { call: 10 } });
    const away = rep(3, EXCLUSIONS.outOfOffice);
    const team = [strong, weak, away];
    const e = routeLead(LEAD, team, settings({ activityTarget: 10 }), state()).explanation;
    const merit = pointsNeededToWin(e, 2);
    expect(merit.kind).toBe("merit");
    expect(renderPointsNeeded(merit, 14)).toBe("More activity alone would not have won this lead: merit on deals like it is what decided.");
    const away3 = pointsNeededToWin(e, 3);
    expect(away3).toEqual({ kind: "excluded", reason: "out of office until 2026-07-01" });
    expect(renderPointsNeeded(away3, 14)).toBe("You were not eligible: out of office until 2026-07-01.");
    expect(pointsNeededToWin(e, 99)).toEqual({ kind: "unknown-rep" });
    const milk = routeLead(LEAD, team, settings({}, "milk-round"), state()).explanation;
    expect(pointsNeededToWin(milk, 2).kind).toBe("not-applicable");
    const top = routeLead(LEAD, team, settings({}, "top-performer"), state()).explanation;
    expect(pointsNeededToWin(top, 2).kind).toBe("not-applicable");
    expect(renderPointsNeeded({ kind: "points", points: 7.5, A: 1, S: 1, winnerS: 1 }, 14)).toBe(
      "7.5 more proactive points in 14 days would have won you this lead.",
    );
  });
});
