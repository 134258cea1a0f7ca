import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countHistory, merit, relativeMerit, similarityLabel, sizeBandOf, teamWinRate, type ClosedOpportunity } from "./merit.js";
import { LEAD, NOW } from "./test-fixtures.js";

const K = 5;
/** A rep whose whole record is `wins` of `closed`, all on the lead's product. */
const onlyHistory = (wins: number, closed: number, pTeam: number, k = K) =>
  merit({ winsSimilar: wins, closedSimilar: closed, winsAll: wins, closedAll: closed }, k, pTeam).m;

describe("merit", () => {
  it("follows the two-level smoothing formula", () => {
    // p_r = (13 + 5·0.5) / (20 + 5) = 0.62; m = (10 + 5·0.62) / (15 + 5) = 0.655
    const { pR, m } = merit({ winsSimilar: 10, closedSimilar: 15, winsAll: 13, closedAll: 20 }, K, 0.5);
    expect(pR).toBeCloseTo(0.62, 12);
    expect(m).toBeCloseTo(0.655, 12);
  });

  it("gives a rep with no history the team's rate, and the team 0.5 when it closed nothing", () => {
    expect(teamWinRate({ wins: 0, closed: 0 })).toBe(0.5);
    expect(teamWinRate({ wins: 3, closed: 12 })).toBe(0.25);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (pTeam) => {
        const { pR, m } = merit({ winsSimilar: 0, closedSimilar: 0, winsAll: 0, closedAll: 0 }, K, pTeam);
        expect(pR).toBeCloseTo(pTeam, 12);
        expect(m).toBeCloseTo(pTeam, 12);
      }),
    );
  });

  it("stays within [0, 1] and rises with every extra similar win", () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), fc.double({ min: 0, max: 1, noNaN: true }), (a, b, pTeam) => {
        const closed = Math.max(a, b) + 1;
        const wins = Math.min(a, b);
        const base = { winsSimilar: wins, closedSimilar: closed, winsAll: wins, closedAll: closed };
        const { m } = merit(base, K, pTeam);
        const better = merit({ ...base, winsSimilar: wins + 1, winsAll: wins + 1 }, K, pTeam).m;
        expect(m).toBeGreaterThanOrEqual(0);
        expect(m).toBeLessThanOrEqual(1);
        if (wins + 1 <= closed) expect(better).toBeGreaterThan(m);
      }),
    );
  });

  it("does not let 2 of 2 beat 40 of 60 at p_team 0.5 when the 2/2 rep's overall record is no better than the team's", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(40), fc.nat(40), (pTeam, x, y) => {
        // Other (non-similar) history keeps the rep's smoothed overall rate p_r at or below 0.5.
        const otherClosed = Math.max(x, y);
        let otherWins = Math.min(x, y);
        const pR = () => (2 + otherWins + K * pTeam) / (2 + otherClosed + K);
        while (otherWins > 0 && pR() > 0.5) otherWins -= 1;
        fc.pre(pR() <= 0.5);
        const twoOfTwo = merit({ winsSimilar: 2, closedSimilar: 2, winsAll: 2 + otherWins, closedAll: 2 + otherClosed }, K, pTeam);
        expect(twoOfTwo.m).toBeLessThan(onlyHistory(40, 60, pTeam));
      }),
    );
  });

  it("KNOWN GAP in the contract formula: with no other history, 2 of 2 beats 40 of 60 once p_team exceeds ~0.343 (k = 5)", () => {
    // m(2/2) = (24 + 25·p) / 49 and m(40/60) = (2800 + 25·p) / 4225 when each record is the rep's whole history.
    expect(onlyHistory(2, 2, 0.5)).toBeCloseTo(0.7449, 4);
    expect(onlyHistory(40, 60, 0.5)).toBeCloseTo(0.6657, 4);
    expect(onlyHistory(2, 2, 0.5)).toBeGreaterThan(onlyHistory(40, 60, 0.5));
    expect(onlyHistory(2, 2, 0.34)).toBeLessThan(onlyHistory(40, 60, 0.34));
    expect(onlyHistory(2, 2, 0.35)).toBeGreaterThan(onlyHistory(40, 60, 0.35));
    // A team can close the gap with a larger k (a per-team parameter): k = 10 suffices at p_team 0.5.
    expect(onlyHistory(2, 2, 0.5, 10)).toBeLessThan(onlyHistory(40, 60, 0.5, 10));
    expect(onlyHistory(2, 2, 0.5, 9)).toBeGreaterThan(onlyHistory(40, 60, 0.5, 9));
  });

  it("makes merit relative to the best eligible rep, and neutral when nobody has any", () => {
    expect(relativeMerit(0.3, 0.6)).toBe(0.5);
    expect(relativeMerit(0, 0)).toBe(1);
  });
});

describe("similarity and history counting", () => {
  const opp = (ownerId: number, outcome: "won" | "lost", closedAt: string, product = "GTX Pro"): ClosedOpportunity => ({
    ownerId,
    outcome,
    closedAt: new Date(closedAt),
    product,
    segment: "SMB",
    region: "EMEA",
    sizeBand: null,
  });

  it("counts by close date over [t − 365 days, t), similar on every key the lead has", () => {
    const { byRep, team } = countHistory({
      lead: LEAD,
      keys: ["product", "sizeBand"], // the lead has no size band: only product narrows
      now: NOW,
      windowDays: 365,
      opportunities: [
        opp(1, "won", "2026-06-15T11:59:59Z"),
        opp(1, "lost", "2026-06-15T12:00:00Z"), // at t: outside
        opp(1, "won", "2025-06-15T12:00:00Z"), // exactly t − 365 d: inside
        opp(1, "won", "2025-06-15T11:59:59Z"), // just before: outside
        opp(1, "lost", "2026-01-01T00:00:00Z", "MG Advanced"),
        opp(2, "lost", "2026-02-01T00:00:00Z"),
      ],
    });
    expect(byRep.get(1)).toEqual({ winsSimilar: 2, closedSimilar: 2, winsAll: 2, closedAll: 3 });
    expect(byRep.get(2)).toEqual({ winsSimilar: 0, closedSimilar: 1, winsAll: 0, closedAll: 1 });
    expect(team).toEqual({ wins: 2, closed: 4 });
  });

  it("labels similar deals by the lead's values", () => {
    expect(similarityLabel(LEAD, ["product"])).toBe("GTX Pro");
    expect(similarityLabel(LEAD, ["product", "region"])).toBe("GTX Pro / EMEA");
    expect(similarityLabel({ ...LEAD, product: null }, ["product"])).toBe("similar");
  });

  it("bands deal sizes by upper edges", () => {
    const edges = [1_000_000, 10_000_000];
    expect(sizeBandOf(null, edges)).toBeNull();
    expect(sizeBandOf(999_999, edges)).toBe("0-10000");
    expect(sizeBandOf(1_000_000, edges)).toBe("10000-100000");
    expect(sizeBandOf(50_000_000, edges)).toBe("100000+");
  });
});
