import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { routeLead } from "./policies.js";
import { CANDIDATE_COLUMNS, decodeExplanation, encodeExplanation, storedExplanationJson } from "./stored.js";
import { arbParams, arbTeam, arbTeamHistory, LEAD, rep, settings, state } from "./test-fixtures.js";
import type { CandidateExplanation, DecisionExplanation, RoutingPolicy } from "./types.js";

const POLICIES: RoutingPolicy[] = ["equilibrium", "top-performer", "milk-round"];

/** Explanations as `routeLead` writes them: any policy, team, parameters and team history. */
const arbExplanation: fc.Arbitrary<DecisionExplanation> = fc
  .record({
    team: arbTeam({ excludable: true }),
    params: arbParams,
    policy: fc.constantFrom(...POLICIES),
    teamHistory: arbTeamHistory,
    last: fc.option(fc.integer({ min: 1, max: 60 })),
  })
  .map(({ team, params, policy, teamHistory, last }) =>
    routeLead(LEAD, team, { policy, version: 4, params }, state({ teamHistory, lastRotationAssigneeId: last })).explanation,
  );

const viaJson = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

/** A candidate read from a stored row by the column names stored with it (not by the decoder). */
function byColumnNames(columns: readonly string[], row: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((name, i) => [name, row[i]]));
}

describe("the stored explanation (format 2)", () => {
  it("reads back as exactly the explanation decided, in memory and through JSON", () => {
    fc.assert(
      fc.property(arbExplanation, (e) => {
        expect(decodeExplanation(encodeExplanation(e))).toEqual(e);
        expect(decodeExplanation(viaJson(encodeExplanation(e)))).toEqual(e);
        expect(decodeExplanation(JSON.parse(storedExplanationJson(e)))).toEqual(e);
        expect(viaJson(decodeExplanation(JSON.parse(storedExplanationJson(e))))).toEqual(viaJson(e));
      }),
    );
  });

  it("stores each candidate as one row of values under its column names, and the winner and runner-up as indexes", () => {
    fc.assert(
      fc.property(arbExplanation, (e) => {
        const stored = JSON.parse(storedExplanationJson(e));
        expect(stored.format).toBe(2);
        expect(stored.candidates).toHaveLength(e.candidates.length);
        stored.candidates.forEach((row: unknown[], i: number) => expect(byColumnNames(stored.columns, row)).toEqual(e.candidates[i]));
        expect(stored.winner).toBe(e.winner ? 0 : null);
        expect(stored.runnerUp).toBe(e.runnerUp ? 1 : null);
      }),
    );
  });

  it("keeps every number whole: any doubles survive the stored JSON", () => {
    // −0 is left out: JSON has no −0 (format 1 turned it into 0 just the same).
    const num = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x));
    const arbCandidate = (id: number): fc.Arbitrary<CandidateExplanation> =>
      fc.record({
        id: fc.constant(id),
        name: fc.string(),
        rank: fc.option(fc.nat()),
        excluded: fc.option(fc.string()),
        pR: fc.option(num),
        m: fc.option(num),
        M: fc.option(num),
        a: fc.option(num),
        A: fc.option(num),
        S: fc.option(num),
        pointsRank: fc.option(fc.nat()),
        winsSimilar: num,
        closedSimilar: num,
        winsAll: num,
        closedAll: num,
        leadsLast30Days: num,
        openLeads: num,
      });
    const base = routeLead(LEAD, [rep(1), rep(2)], settings(), state()).explanation;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(1000), { maxLength: 6 }).chain((ids) => fc.tuple(...ids.map(arbCandidate))),
        num,
        (candidates, margin) => {
          const e: DecisionExplanation = { ...base, candidates, margin, winner: candidates[0] ? { ...candidates[0] } : null, runnerUp: null };
          expect(decodeExplanation(JSON.parse(storedExplanationJson(e)))).toEqual(e);
        },
      ),
    );
  });

  it("stores a winner or runner-up that is not one of the candidates in full", () => {
    const e = routeLead(LEAD, [rep(1, { proactiveActivity: { call: 9 } }), rep(2)], settings(), state()).explanation;
    const edited: DecisionExplanation = { ...e, winner: { ...e.winner!, S: 0.123 }, runnerUp: { ...e.runnerUp!, id: 99 } };
    const stored = encodeExplanation(edited);
    expect(stored.winner).toEqual([1, "Rep 1", 1, null, e.winner!.pR, e.winner!.m, e.winner!.M, e.winner!.a, e.winner!.A, 0.123, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.isArray(stored.runnerUp)).toBe(true);
    expect(decodeExplanation(viaJson(stored))).toEqual(edited);
  });

  it("gives the winner and runner-up as copies, like routeLead", () => {
    const e = routeLead(LEAD, [rep(1), rep(2)], settings(), state()).explanation;
    const decoded = decodeExplanation(viaJson(encodeExplanation(e)));
    expect(decoded.winner).toEqual(decoded.candidates[0]);
    expect(decoded.winner).not.toBe(decoded.candidates[0]);
    expect(decoded.runnerUp).not.toBe(decoded.candidates[1]);
  });

  it("has this exact layout, which stored rows depend on", () => {
    const team = [
      rep(11, { name: "Dana Cruz", history: { winsSimilar: 10, closedSimilar: 15, winsAll: 13, closedAll: 20 }, proactiveActivity: { call: 12 }, leadsLast30Days: 3 }),
      rep(12, { name: "Sam Lee", history: { winsSimilar: 1, closedSimilar: 2, winsAll: 3, closedAll: 4 }, openLeads: 2 }),
      rep(13, { name: "Eli Moss", active: false }),
    ];
    const e = routeLead(LEAD, team, settings({ activityTarget: 24 }), state()).explanation;
    const stored = JSON.parse(storedExplanationJson(e));
    expect(Object.keys(stored)).toEqual([
      "format", "policy", "settingsVersion", "decidedAt", "lead", "params", "similarity", "team", "T", "targetSource", "eligibleCount",
      "winner", "runnerUp", "margin", "previousRotationAssigneeId", "columns", "candidates",
    ]);
    expect(stored).toMatchObject({ format: 2, winner: 0, runnerUp: 1, T: 24, eligibleCount: 2, lead: e.lead, params: e.params });
    expect(stored.columns).toEqual([
      "id", "name", "rank", "excluded", "pR", "m", "M", "a", "A", "S", "pointsRank",
      "winsSimilar", "closedSimilar", "winsAll", "closedAll", "leadsLast30Days", "openLeads",
    ]);
    const [dana, sam] = e.candidates as [CandidateExplanation, CandidateExplanation];
    expect(stored.candidates).toEqual([
      [11, "Dana Cruz", 1, null, dana.pR, dana.m, 1, 12, 0.5, dana.S, 1, 10, 15, 13, 20, 3, 0],
      [12, "Sam Lee", 2, null, sam.pR, sam.m, sam.M, 0, 0, 0, 2, 1, 2, 3, 4, 0, 2],
      [13, "Eli Moss", null, "inactive", 0.5, 0.5, null, 0, null, null, null, 0, 0, 0, 0, 0, 0],
    ]);
    expect(storedExplanationJson(e).length).toBeLessThan(JSON.stringify(e).length * 0.75);
  });
});

describe("decodeExplanation", () => {
  it("reads format 1, the explanation object older decisions stored", () => {
    fc.assert(
      fc.property(arbExplanation, (e) => {
        expect(decodeExplanation(viaJson(e))).toEqual(e);
      }),
    );
  });

  it("refuses a stored value it cannot read, naming what is wrong", () => {
    const e = routeLead(LEAD, [rep(1), rep(2)], settings(), state()).explanation;
    const stored = () => viaJson(encodeExplanation(e)) as Record<string, unknown> & { candidates: unknown[][]; columns: string[] };
    const broken = (edit: (s: ReturnType<typeof stored>) => void) => {
      const s = stored();
      edit(s);
      return () => decodeExplanation(s);
    };
    expect(broken((s) => (s.format = 3))).toThrow();
    expect(broken((s) => s.candidates[0]!.pop())).toThrow(/17 values/);
    expect(broken((s) => (s.candidates[1]![1] = 7))).toThrow(/name/);
    expect(broken((s) => (s.candidates[0]![5] = "0.5"))).toThrow(/"m"/);
    expect(broken((s) => s.columns.reverse())).toThrow(/unknown candidate columns/);
    expect(broken((s) => (s.runnerUp = 2))).toThrow(/out of range/);
    expect(() => decodeExplanation({ ...viaJson(e) as object, candidates: [{ id: 1 }] })).toThrow();
  });

  it("names the columns in the order of the candidate schema", () => {
    const e = routeLead(LEAD, [rep(1)], settings(), state()).explanation;
    expect(Object.keys(e.candidates[0]!)).toEqual([...CANDIDATE_COLUMNS]);
  });
});
