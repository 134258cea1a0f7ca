import { decode as unpack, encode as pack } from "@msgpack/msgpack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { routeLead } from "./policies.js";
import {
  CANDIDATE_COLUMNS,
  decodeExplanation,
  DOUBLE_COLUMNS,
  encodeExplanation,
  encodeFormat2,
  encodeFormat3,
  packExplanation,
  ROW_COLUMNS,
  storedExplanationJson,
} from "./stored.js";
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

/** The doubles of a stored format-3 value, by column name, read without the decoder. */
function doublesByColumn(stored: { doubles: string; doubleColumns: string[]; candidates: unknown[] }): Record<string, (number | null)[]> {
  const bytes = Buffer.from(stored.doubles, "base64");
  const n = stored.candidates.length;
  return Object.fromEntries(
    stored.doubleColumns.map((name, k) => [name, Array.from({ length: n }, (_, i) => bytes.readDoubleLE((k * n + i) * 8)).map((x) => (Number.isNaN(x) ? null : x))]),
  );
}

describe("the stored explanation (format 4, or 3)", () => {
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

  it("stores each candidate as one row of values under their column names, no doubles, and the winner and runner-up as indexes", () => {
    fc.assert(
      fc.property(arbExplanation, (e) => {
        const stored = JSON.parse(storedExplanationJson(e));
        // Every explanation routeLead writes: its doubles are the ones its other values give.
        expect(stored.format).toBe(4);
        expect(stored).not.toHaveProperty("doubles");
        expect(stored.candidates).toHaveLength(e.candidates.length);
        stored.candidates.forEach((row: unknown[], i: number) => {
          const { pR, m, M, A, S, ...rest } = e.candidates[i]!;
          void [pR, m, M, A, S];
          expect(byColumnNames(stored.columns, row)).toEqual(rest);
        });
        expect(stored.winner).toBe(e.winner ? 0 : null);
        expect(stored.runnerUp).toBe(e.runnerUp ? 1 : null);
      }),
    );
  });

  it("stores the doubles too (format 3) when one of them is not what the candidate's other values give", () => {
    fc.assert(
      fc.property(arbExplanation, fc.nat(), fc.constantFrom(...DOUBLE_COLUMNS), fc.double({ noNaN: true, noDefaultInfinity: true }), (e, at, column, x) => {
        fc.pre(e.candidates.length > 0 && !Object.is(e.candidates[at % e.candidates.length]![column], x));
        const i = at % e.candidates.length;
        const edited: DecisionExplanation = { ...e, candidates: e.candidates.map((c, j) => (j === i ? { ...c, [column]: x } : c)) };
        const stored = JSON.parse(storedExplanationJson(edited));
        expect(stored.format).toBe(3);
        const doubles = doublesByColumn(stored);
        stored.candidates.forEach((row: unknown[], j: number) =>
          expect({ ...byColumnNames(stored.columns, row), ...Object.fromEntries(Object.entries(doubles).map(([name, xs]) => [name, xs[j]])) }).toEqual(edited.candidates[j]),
        );
        expect(decodeExplanation(stored)).toEqual(edited);
      }),
    );
  });

  it("derives the doubles by the formulas format 4 was written with (worked by hand here)", () => {
    // A decision as stored: k = 5, w = 0.6, p_team = 40/80, T = 30; Eli is out of office.
    const stored = {
      format: 4, policy: "equilibrium", settingsVersion: 3, decidedAt: "2026-11-20T10:00:00.000Z",
      lead: { id: 9, ref: "L-9", product: "GTX Pro", segment: null, region: null, language: null, sizeBand: null },
      params: settings({ smoothingK: 5, meritWeight: 0.6 }).params,
      similarity: { keys: ["product"], label: "GTX Pro" }, team: { wins: 40, closed: 80, pTeam: 0.5 }, T: 30, targetSource: "percentile",
      eligibleCount: 2, winner: 0, runnerUp: 1, margin: 0.1, previousRotationAssigneeId: null,
      columns: [...ROW_COLUMNS],
      candidates: [
        [11, "Dana Cruz", 1, null, 15, 2, 10, 15, 13, 20, 3, 0],
        [13, "Ivy Park", 2, null, 60, 1, 1, 5, 2, 5, 2, 0],
        [15, "Eli Moss", null, "out of office until 2026-12-01", 20, null, 4, 6, 5, 10, 4, 0],
      ],
    };
    const [dana, ivy, eli] = decodeExplanation(stored).candidates as [CandidateExplanation, CandidateExplanation, CandidateExplanation];
    // pR = (winsAll + 5 · 0.5) / (closedAll + 5); m = (winsSimilar + 5 · pR) / (closedSimilar + 5).
    expect(dana.pR).toBe(15.5 / 25);
    expect(dana.m).toBe((10 + 5 * (15.5 / 25)) / 20);
    expect(ivy.pR).toBe(4.5 / 10);
    expect(ivy.m).toBe((1 + 5 * (4.5 / 10)) / 10);
    expect(eli.pR).toBe(7.5 / 15);
    expect(eli.m).toBe((4 + 5 * (7.5 / 15)) / 11);
    // M = m / the eligible reps' largest m (Dana's); A = min(1, a / T); S = M^w · A^(1 − w).
    expect(dana.M).toBe(1);
    expect(ivy.M).toBe(((1 + 5 * (4.5 / 10)) / 10) / ((10 + 5 * (15.5 / 25)) / 20));
    expect([dana.A, ivy.A]).toEqual([15 / 30, 1]);
    expect(dana.S).toBe(1 ** 0.6 * (15 / 30) ** (1 - 0.6));
    expect(ivy.S).toBe(ivy.M! ** 0.6 * 1 ** (1 - 0.6));
    // An excluded rep keeps p_r and m and has no M, A or S.
    expect([eli.M, eli.A, eli.S, eli.a]).toEqual([null, null, null, 20]);
  });

  it("keeps every number whole: any doubles survive the stored JSON", () => {
    // −0 is left out: JSON has no −0 (formats 1 and 2 turned it into 0; format 3's doubles keep it).
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
    expect(stored.winner).toEqual(edited.winner);
    expect(stored.runnerUp).toEqual(edited.runnerUp);
    expect(decodeExplanation(viaJson(stored))).toEqual(edited);
    // Format 2 stored such a candidate as its own row.
    const format2 = encodeFormat2(edited);
    expect(format2.winner).toEqual([1, "Rep 1", 1, null, e.winner!.pR, e.winner!.m, e.winner!.M, e.winner!.a, e.winner!.A, 0.123, 1, 0, 0, 0, 0, 0, 0]);
    expect(decodeExplanation(viaJson(format2))).toEqual(edited);
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
    const head = ["format", "policy", "settingsVersion", "decidedAt", "lead", "params", "similarity", "team", "T", "targetSource", "eligibleCount"];
    const rows = ["winner", "runnerUp", "margin", "previousRotationAssigneeId", "columns", "candidates"];
    const format4 = JSON.parse(storedExplanationJson(e));
    expect(Object.keys(format4)).toEqual([...head, ...rows]);
    expect(format4).toMatchObject({ format: 4, winner: 0, runnerUp: 1, T: 24, eligibleCount: 2, lead: e.lead, params: e.params });
    const stored = JSON.parse(JSON.stringify(encodeFormat3(e)));
    expect(Object.keys(stored)).toEqual([...head, ...rows, "doubleColumns", "doubles"]);
    expect({ ...stored, format: 4, doubleColumns: undefined, doubles: undefined }).toEqual({ ...format4, doubleColumns: undefined, doubles: undefined });
    expect(stored.columns).toEqual([
      "id", "name", "rank", "excluded", "a", "pointsRank", "winsSimilar", "closedSimilar", "winsAll", "closedAll", "leadsLast30Days", "openLeads",
    ]);
    expect(stored.doubleColumns).toEqual(["pR", "m", "M", "A", "S"]);
    const [dana, sam] = e.candidates as [CandidateExplanation, CandidateExplanation];
    expect(stored.candidates).toEqual([
      [11, "Dana Cruz", 1, null, 12, 1, 10, 15, 13, 20, 3, 0],
      [12, "Sam Lee", 2, null, 0, 2, 1, 2, 3, 4, 0, 2],
      [13, "Eli Moss", null, "inactive", 0, null, 0, 0, 0, 0, 0, 0],
    ]);
    // Little-endian IEEE 754, column after column (pR of all three, then m, …), null as NaN.
    const doubles = Buffer.alloc(3 * 5 * 8);
    [dana.pR, sam.pR, 0.5, dana.m, sam.m, 0.5, 1, sam.M, NaN, 0.5, 0, NaN, dana.S, 0, NaN].forEach((x, i) => doubles.writeDoubleLE(x ?? NaN, i * 8));
    expect(stored.doubles).toBe(doubles.toString("base64"));
  });

  it("is smaller than format 2 once doubles are long, as a real team's are", () => {
    const team = Array.from({ length: 200 }, (_, i) =>
      rep(i + 1, { history: { winsSimilar: i % 7, closedSimilar: 9 + (i % 5), winsAll: 20 + (i % 13), closedAll: 60 + (i % 11) }, proactiveActivity: { call: 40 + ((i * 37) % 90) } }),
    );
    const e = routeLead(LEAD, team, settings(), state()).explanation;
    expect(storedExplanationJson(e).length).toBeLessThan(JSON.stringify(encodeFormat2(e)).length * 0.8);
  });

  it("keeps a −0 among the doubles, which JSON would make a 0", () => {
    const e = routeLead(LEAD, [rep(1), rep(2)], settings(), state()).explanation;
    const withMinusZero: DecisionExplanation = { ...e, candidates: e.candidates.map((c, i) => (i === 1 ? { ...c, S: -0 } : c)), runnerUp: { ...e.candidates[1]!, S: -0 } };
    const stored = JSON.parse(storedExplanationJson(withMinusZero));
    expect(stored.format).toBe(3);
    expect(Object.is(decodeExplanation(stored).candidates[1]!.S, -0)).toBe(true);
  });
});

describe("the packed explanation (what decisions store)", () => {
  it("is the stored form in MessagePack, and reads back as exactly the explanation decided", () => {
    fc.assert(
      fc.property(arbExplanation, (e) => {
        const packed = packExplanation(e);
        expect(unpack(packed)).toEqual(viaJson(encodeExplanation(e)));
        expect(decodeExplanation(packed)).toEqual(e);
        expect(decodeExplanation(Buffer.from(packed))).toEqual(e);
      }),
    );
  });

  it("does not change with the next one packed (the encoder's buffer is reused)", () => {
    const first = routeLead(LEAD, [rep(1), rep(2)], settings(), state()).explanation;
    const packed = packExplanation(first);
    const copy = Uint8Array.from(packed);
    packExplanation(routeLead(LEAD, [rep(3), rep(4), rep(5)], settings(), state()).explanation);
    expect(packed).toEqual(copy);
    expect(decodeExplanation(packed)).toEqual(first);
  });

  it("holds format 3 when the doubles do not follow from the rest", () => {
    const e = routeLead(LEAD, [rep(1), rep(2)], settings(), state()).explanation;
    const edited: DecisionExplanation = { ...e, candidates: e.candidates.map((c, j) => (j === 0 ? { ...c, S: 0.123 } : c)) };
    const packed = packExplanation(edited);
    expect(unpack(packed)).toMatchObject({ format: 3 });
    expect(decodeExplanation(packed)).toEqual(edited);
  });

  it("refuses bytes that are not a stored explanation, naming what is wrong", () => {
    const e = routeLead(LEAD, [rep(1), rep(2)], settings(), state()).explanation;
    const packed = packExplanation(e);
    expect(() => decodeExplanation(packed.subarray(0, packed.length - 3))).toThrow(RangeError);
    expect(() => decodeExplanation(pack({ ...viaJson(encodeExplanation(e)) as object, format: 9 }))).toThrow(/format/);
    const short = viaJson(encodeExplanation(e)) as { candidates: unknown[][] };
    short.candidates[0]!.pop();
    expect(() => decodeExplanation(pack(short))).toThrow(/12 values/);
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

  it("reads format 3, the doubles as bytes, which decisions stored before format 4", () => {
    fc.assert(
      fc.property(arbExplanation, (e) => {
        expect(decodeExplanation(viaJson(encodeFormat3(e)))).toEqual(e);
      }),
    );
  });

  it("reads format 2, the rows of values decisions stored before format 3", () => {
    fc.assert(
      fc.property(arbExplanation, (e) => {
        const stored = viaJson(encodeFormat2(e)) as { format: number; columns: string[]; candidates: unknown[][] };
        expect(stored.format).toBe(2);
        stored.candidates.forEach((row, i) => expect(byColumnNames(stored.columns, row)).toEqual(e.candidates[i]));
        expect(decodeExplanation(stored)).toEqual(e);
      }),
    );
  });

  it("refuses a stored value it cannot read, naming what is wrong", () => {
    const e = routeLead(LEAD, [rep(1), rep(2)], settings(), state()).explanation;
    type Stored = Record<string, unknown> & { candidates: unknown[][]; columns: string[]; doubles: string; doubleColumns: string[] };
    const broken = (encode: (e: DecisionExplanation) => unknown, edit: (s: Stored) => void) => {
      const s = viaJson(encode(e)) as Stored;
      edit(s);
      return () => decodeExplanation(s);
    };
    expect(broken(encodeExplanation, (s) => (s.format = 5))).toThrow();
    expect(broken(encodeExplanation, (s) => s.candidates[0]!.pop())).toThrow(/12 values/);
    expect(broken(encodeExplanation, (s) => (s.candidates[1]![1] = 7))).toThrow(/name/);
    expect(broken(encodeExplanation, (s) => (s.candidates[0]![4] = "12"))).toThrow(/"a"/);
    expect(broken(encodeExplanation, (s) => (s.candidates[0]![8] = "3"))).toThrow(/"winsAll"/);
    expect(broken(encodeExplanation, (s) => s.columns.reverse())).toThrow(/unknown candidate columns/);
    expect(broken(encodeExplanation, (s) => (s.runnerUp = 2))).toThrow(/out of range/);
    expect(broken(encodeFormat3, (s) => s.candidates[0]!.pop())).toThrow(/12 values/);
    expect(broken(encodeFormat3, (s) => s.doubleColumns.reverse())).toThrow(/unknown double columns/);
    expect(broken(encodeFormat3, (s) => (s.doubles = s.doubles.slice(0, -12)))).toThrow(/5 per candidate/);
    expect(broken(encodeFormat3, (s) => (s.doubles = "not base64!"))).toThrow(/base64/);
    expect(broken(encodeFormat3, (s) => (s.runnerUp = 2))).toThrow(/out of range/);
    expect(broken(encodeFormat2, (s) => s.candidates[0]!.pop())).toThrow(/17 values/);
    expect(broken(encodeFormat2, (s) => (s.candidates[0]![5] = "0.5"))).toThrow(/"m"/);
    expect(broken(encodeFormat2, (s) => s.columns.reverse())).toThrow(/unknown candidate columns/);
    expect(broken(encodeFormat2, (s) => (s.runnerUp = 2))).toThrow(/out of range/);
    expect(() => decodeExplanation({ ...viaJson(e) as object, candidates: [{ id: 1 }] })).toThrow();
  });

  it("names the columns in the order of the candidate schema", () => {
    const e = routeLead(LEAD, [rep(1)], settings(), state()).explanation;
    expect(Object.keys(e.candidates[0]!)).toEqual([...CANDIDATE_COLUMNS]);
    // Format 3 stores every field once: as a row value or as a double (format 4: the row values alone).
    expect([...ROW_COLUMNS, ...DOUBLE_COLUMNS].sort()).toEqual([...CANDIDATE_COLUMNS].sort());
  });
});
