import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { routeLead } from "./policies.js";
import { compareContenders } from "./score.js";
import {
  arbExclusion,
  arbParams,
  arbTeam,
  arbTeamHistory,
  EXCLUSIONS,
  LEAD,
  NOW,
  rep,
  settings,
  state,
  type ExclusionName,
} from "./test-fixtures.js";
import { decisionExplanationSchema, type CandidateInput, type RoutingParams } from "./types.js";

const equilibrium = (team: CandidateInput[], params: RoutingParams, teamHistory = { wins: 10, closed: 20 }) =>
  routeLead(LEAD, team, { policy: "equilibrium", version: 1, params }, state({ teamHistory }));

const row = (decision: ReturnType<typeof routeLead>, id: number) => decision.explanation.candidates.find((c) => c.id === id)!;

describe("equilibrium", () => {
  it("never lowers a rep's score for more proactive activity", () => {
    fc.assert(
      fc.property(
        arbTeam(),
        arbParams,
        arbTeamHistory,
        fc.nat(),
        fc.constantFrom("call", "email", "meeting", "visit", "opportunity-created"),
        fc.integer({ min: 1, max: 60 }),
        (team, params, teamHistory, pick, kind, extra) => {
          const i = pick % team.length;
          const before = row(equilibrium(team, params, teamHistory), team[i]!.id);
          const more = team.map((c, j) =>
            j === i ? { ...c, proactiveActivity: { ...c.proactiveActivity, [kind]: (c.proactiveActivity[kind] ?? 0) + extra } } : c,
          );
          const after = row(equilibrium(more, params, teamHistory), team[i]!.id);
          expect(after.S!).toBeGreaterThanOrEqual(before.S!);
        },
      ),
    );
  });

  it("never lets a rep with A = 0 or M = 0 beat a rep with both above 0", () => {
    fc.assert(
      fc.property(arbTeam({ excludable: true }), arbParams, arbTeamHistory, (team, params, teamHistory) => {
        const { explanation } = equilibrium(team, params, teamHistory);
        const winner = explanation.winner;
        if (!winner || (winner.M! > 0 && winner.A! > 0)) return;
        const eligible = explanation.candidates.filter((c) => c.excluded === null);
        expect(eligible.some((c) => c.M! > 0 && c.A! > 0)).toBe(false);
      }),
    );
    // Direct case: a perfect closer with no activity against a weak but active rep.
    const closer = rep(1, { history: { winsSimilar: 50, closedSimilar: 50, winsAll: 50, closedAll: 50 } });
    const hunter = rep(2, { history: { winsSimilar: 0, closedSimilar: 10, winsAll: 1, closedAll: 30 }, proactiveActivity: { call: 1 } });
    const idle = rep(3, { proactiveActivity: { call: 500 } });
    const decision = equilibrium([closer, hunter, idle], settings({ activityTarget: 100, meritWeight: 0.9 }).params, { wins: 0, closed: 10 });
    expect(row(decision, 1).A).toBe(0);
    expect(row(decision, 3).M).toBe(0);
    expect(decision.assigneeId).toBe(2);
  });

  it("is deterministic and independent of the candidates' order", () => {
    fc.assert(
      fc.property(
        arbTeam({ excludable: true }).chain((team) => fc.tuple(fc.constant(team), fc.shuffledSubarray(team, { minLength: team.length }))),
        arbParams,
        arbTeamHistory,
        fc.constantFrom("equilibrium", "top-performer", "milk-round" as const),
        fc.option(fc.integer({ min: 1, max: 60 })),
        ([team, shuffled], params, teamHistory, policy, last) => {
          const route = (candidates: CandidateInput[]) =>
            routeLead(LEAD, candidates, { policy, version: 4, params }, state({ teamHistory, lastRotationAssigneeId: last }));
          const first = route(team);
          expect(route(shuffled)).toEqual(first);
          expect(route(team)).toEqual(first);
        },
      ),
    );
  });

  it("ranks the eligible reps exactly as sorting them by compareContenders does", () => {
    fc.assert(
      fc.property(arbTeam({ excludable: true }), arbParams, arbTeamHistory, fc.constantFrom("equilibrium", "top-performer" as const), (team, params, teamHistory, policy) => {
        const { candidates } = routeLead(LEAD, team, { policy, version: 1, params }, state({ teamHistory })).explanation;
        const eligible = candidates.filter((c) => c.excluded === null);
        const contenderOf = (c: (typeof candidates)[number]) =>
          policy === "equilibrium" ? { id: c.id, S: c.S!, positive: c.M! > 0 && c.A! > 0, leadsLast30Days: c.leadsLast30Days } : { id: c.id, S: c.m!, positive: true, leadsLast30Days: c.leadsLast30Days };
        const sorted = [...eligible].sort((x, y) => compareContenders(contenderOf(x), contenderOf(y)));
        expect(eligible.map((c) => c.id)).toEqual(sorted.map((c) => c.id));
        expect(eligible.map((c) => c.rank)).toEqual(eligible.map((_, i) => i + 1));
      }),
      { numRuns: 300 },
    );
  });

  it("gives the same A to a rep at the target and a rep at three times it", () => {
    const history = { winsSimilar: 3, closedSimilar: 6, winsAll: 5, closedAll: 12 };
    const atTarget = rep(1, { history, proactiveActivity: { call: 20 }, leadsLast30Days: 2 });
    const triple = rep(2, { history, proactiveActivity: { call: 60 }, leadsLast30Days: 3 });
    const decision = equilibrium([atTarget, triple], settings({ activityTarget: 20 }).params);
    expect(row(decision, 1).A).toBe(1);
    expect(row(decision, 2).A).toBe(1);
    expect(row(decision, 1).S).toBe(row(decision, 2).S);
    // Equal scores: the rep with fewer recent leads wins; dialling more bought nothing.
    expect(decision.assigneeId).toBe(1);
    expect(decision.margin).toBe(0);
    expect(decision.reason).toContain("tied and lost the tie-break (2 vs 3 leads in 30 days)");
  });

  it("breaks ties by fewer recent leads, then the lower id", () => {
    const same = { history: { winsSimilar: 1, closedSimilar: 2, winsAll: 1, closedAll: 2 }, proactiveActivity: { call: 5 } };
    const decision = equilibrium([rep(9, { ...same, leadsLast30Days: 1 }), rep(4, { ...same, leadsLast30Days: 1 }), rep(2, { ...same, leadsLast30Days: 2 })], settings().params);
    expect(decision.explanation.candidates.map((c) => c.id)).toEqual([4, 9, 2]);
  });

  it("reports every excluded rep with its reason and leaves them unscored", () => {
    fc.assert(
      fc.property(fc.array(arbExclusion, { minLength: 1, maxLength: 5 }), (names: ExclusionName[]) => {
        const excluded = names.map((name, i) => rep(100 + i, EXCLUSIONS[name]));
        const decision = equilibrium([rep(1, { proactiveActivity: { call: 3 } }), ...excluded], settings().params);
        expect(decision.assigneeId).toBe(1);
        for (const c of excluded) {
          const r = row(decision, c.id);
          expect(r.excluded).toEqual(expect.any(String));
          expect([r.M, r.A, r.S, r.rank]).toEqual([null, null, null, null]);
        }
      }),
    );
    const decision = equilibrium(
      [
        rep(1, EXCLUSIONS.outOfOffice),
        rep(2, EXCLUSIONS.capacity),
        rep(3, EXCLUSIONS.region),
        rep(4, { role: "manager" }),
      ],
      settings().params,
    );
    expect(decision.assigneeId).toBeNull();
    expect(decision.explanation.candidates.map((c) => [c.id, c.excluded])).toEqual([
      [1, "out of office until 2026-07-01"],
      [2, "capacity 3 of 3 open leads"],
      [3, "region EMEA not in [NA]"],
    ]);
    expect(decision.reason).toBe("Lead L-7 (GTX Pro) was not assigned: no eligible rep (3 excluded by constraints).");
  });

  it("stores an explanation that survives JSON and matches its schema", () => {
    fc.assert(
      fc.property(arbTeam({ excludable: true }), arbParams, fc.constantFrom("equilibrium", "top-performer", "milk-round" as const), (team, params, policy) => {
        const { explanation } = routeLead(LEAD, team, { policy, version: 2, params }, state({ lastRotationAssigneeId: 5 }));
        const roundTripped = JSON.parse(JSON.stringify(explanation));
        expect(roundTripped).toEqual(explanation);
        expect(decisionExplanationSchema.parse(roundTripped)).toEqual(explanation);
        expect(explanation.settingsVersion).toBe(2);
        expect(explanation.candidates).toHaveLength(team.length);
      }),
    );
  });

  it("refuses duplicate candidates", () => {
    expect(() => equilibrium([rep(1), rep(1)], settings().params)).toThrow(/twice/);
  });
});

describe("milk-round", () => {
  it("keeps every eligible rep within one lead of the others over any run", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 7 }),
        fc.uniqueArray(fc.integer({ min: 41, max: 80 }), { maxLength: 4 }),
        fc.option(fc.integer({ min: 1, max: 80 })),
        fc.array(fc.array(arbExclusion, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 40 }),
        (eligibleIds, blockedIds, start, leads) => {
          const counts = new Map<number, number>();
          let last = start;
          for (const reasons of leads) {
            // The blocked reps fail a different constraint on each lead; the eligible set stays fixed.
            const team = [
              ...eligibleIds.map((id) => rep(id)),
              ...blockedIds.map((id, i) => rep(id, EXCLUSIONS[reasons[i % reasons.length]!])),
            ];
            const decision = routeLead(LEAD, team, settings({}, "milk-round"), state({ lastRotationAssigneeId: last }));
            expect(decision.assigneeId).not.toBeNull();
            counts.set(decision.assigneeId!, (counts.get(decision.assigneeId!) ?? 0) + 1);
            last = decision.assigneeId;
          }
          const perRep = eligibleIds.map((id) => counts.get(id) ?? 0);
          expect(Math.max(...perRep) - Math.min(...perRep)).toBeLessThanOrEqual(1);
          for (const id of blockedIds) expect(counts.get(id)).toBeUndefined();
        },
      ),
    );
  });

  it("rotates by id after the last assignee, skipping reps who fail a constraint", () => {
    const team = [rep(5), rep(2), rep(9, EXCLUSIONS.outOfOffice), rep(12)];
    const next = (last: number | null) => routeLead(LEAD, team, settings({}, "milk-round"), state({ lastRotationAssigneeId: last }));
    expect(next(null).assigneeId).toBe(2);
    expect(next(2).assigneeId).toBe(5);
    expect(next(5).assigneeId).toBe(12); // 9 is out of office
    expect(next(12).assigneeId).toBe(2); // wraps
    expect(next(7).assigneeId).toBe(12); // a departed rep's id still orders the rotation
    const d = next(5);
    expect(d.reason).toBe("Lead L-7 (GTX Pro) went to Rep 12: next in the rotation after Rep 5; next up Rep 2.");
    expect(d.explanation.winner).toMatchObject({ m: null, M: null, a: null, A: null, S: null });
  });
});

describe("top-performer", () => {
  it("picks the highest m regardless of activity", () => {
    const lazyStar = rep(1, { history: { winsSimilar: 9, closedSimilar: 10, winsAll: 9, closedAll: 10 } });
    const busy = rep(2, { history: { winsSimilar: 2, closedSimilar: 10, winsAll: 2, closedAll: 10 }, proactiveActivity: { call: 99 } });
    const d = routeLead(LEAD, [busy, lazyStar], settings({}, "top-performer"), state());
    expect(d.assigneeId).toBe(1);
    expect(d.explanation.winner).toMatchObject({ a: null, A: null, S: null, M: 1 });
    expect(d.margin).toBeCloseTo(d.explanation.winner!.m! - d.explanation.runnerUp!.m!, 12);
    expect(d.reason).toMatch(/^Lead L-7 \(GTX Pro\) went to Rep 1: highest merit — won 9 of 10 GTX Pro deals \(merit 0\.\d\d\); runner-up Rep 2 by 0\.\d\d\.$/);
  });
});

describe("decision time", () => {
  it("records the decision time and the settings version", () => {
    const d = routeLead(LEAD, [rep(1)], { ...settings(), version: 12 }, state());
    expect(d.decidedAt).toBe(NOW);
    expect(d.explanation.decidedAt).toBe("2026-06-15T12:00:00.000Z");
    expect(d.settingsVersion).toBe(12);
    expect(d.reason).toContain("no other eligible rep");
  });
});
