import { describe, expect, it } from "vitest";
import type { Decision, DecisionCandidate } from "../api/routingTypes.js";
import {
  activityText,
  appendFeedPage,
  finalists,
  formatDecisionTime,
  formatPoints,
  formatScore,
  groupExclusions,
  leadSummary,
  ordinal,
  recordText,
  reroutesByOriginal,
  scoreDuel,
  shortRecord,
  targetText,
} from "./leadFeed.js";

const counts = (over: Partial<NonNullable<DecisionCandidate["counts"]>> = {}) => ({
  winsSimilar: 10,
  closedSimilar: 15,
  winsAll: 13,
  closedAll: 20,
  pointsRank: 2,
  leadsRecent: 3,
  openLeads: 1,
  ...over,
});

// The worked example of docs/ROUTING.md: Dana wins L-1042 over Ivy by 0.184182.
const dana: DecisionCandidate = { rep: "Dana Cruz", repId: 11, rank: 1, m: 0.655, M: 0.884388, a: 31, A: 0.810458, S: 0.846616, excluded: null, counts: counts() };
const ivy: DecisionCandidate = { rep: "Ivy Park", repId: 13, rank: 2, m: 0.325, M: 0.438819, a: 60, A: 1, S: 0.662434, excluded: null };
const eli: DecisionCandidate = { rep: "Eli Moss", repId: 15, rank: null, m: 0.590909, M: null, a: 20, A: null, S: null, excluded: "out of office until 2026-12-01" };
const basis = {
  similarity: "GTX Pro",
  pTeam: 0.5,
  targetSource: "percentile" as const,
  eligibleCount: 4,
  meritWeight: 0.5,
  smoothingK: 5,
  meritWindowDays: 365,
  activityWindowDays: 14,
  recentLeadsWindowDays: 30,
};

function decision(over: Partial<Decision> = {}): Decision {
  return {
    id: 17,
    lead: "L-1042",
    leadId: 9,
    teamId: 2,
    kind: "initial",
    previousDecisionId: null,
    policy: "equilibrium",
    assignee: "Dana Cruz",
    assigneeId: 11,
    runnerUp: "Ivy Park",
    margin: 0.184182,
    reason: "…",
    T: 38.25,
    settingsVersion: 3,
    decidedAt: "2026-11-20T10:00:00.000Z",
    candidates: [eli, ivy, dana],
    basis,
    ...over,
  };
}

describe("numbers as the reasons print them", () => {
  it("formats scores, points and ranks", () => {
    expect(formatScore(0.884388)).toBe("0.88");
    expect(formatScore(null)).toBe("—");
    expect(formatPoints(31)).toBe("31");
    expect(formatPoints(7.5)).toBe("7.5");
    expect(formatPoints(19.416)).toBe("19.42");
    expect(formatPoints(null)).toBe("—");
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual(["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]);
  });

  it("says what the winner's numbers rest on", () => {
    expect(recordText(counts(), "GTX Pro")).toBe("won 10 of 15 GTX Pro deals");
    expect(recordText(counts({ closedSimilar: 0, winsSimilar: 0 }), "GTX Pro")).toBe("no GTX Pro deals closed yet, won 13 of 20 overall");
    expect(recordText(counts({ closedSimilar: 0, winsSimilar: 0, closedAll: 0, winsAll: 0 }), "GTX Pro")).toBe("no closed deals yet");
    expect(shortRecord(counts(), "GTX Pro")).toBe("won 10 of 15 GTX Pro");
    expect(shortRecord(counts({ closedSimilar: 0, winsSimilar: 0 }), "GTX Pro")).toBe("won 13 of 20 overall");
    expect(shortRecord(counts({ closedSimilar: 0, winsSimilar: 0, closedAll: 0, winsAll: 0 }), "GTX Pro")).toBe("no closed deals");
    expect(activityText(dana, basis)).toBe("31 proactive points in 14 days, 2nd of 4");
    expect(activityText({ ...dana, counts: undefined }, basis)).toBe("31 proactive points in 14 days");
    expect(targetText(38.25, "percentile")).toBe("target 38.25 points (75th percentile of the team)");
    expect(targetText(40, "manager")).toBe("target 40 points (set by the manager)");
    expect(targetText(null, null)).toBeNull();
  });
});

describe("finalists and the score duel", () => {
  it("finds the winner and runner-up by rank, whatever the order", () => {
    expect(finalists(decision())).toEqual({ winner: dana, runnerUp: ivy });
  });

  it("draws S for the equilibrium and m for top-performer", () => {
    expect(scoreDuel(decision())).toEqual({
      measure: "S",
      winner: { name: "Dana Cruz", value: 0.846616 },
      runnerUp: { name: "Ivy Park", value: 0.662434 },
      margin: 0.184182,
    });
    const top = decision({ policy: "top-performer", margin: 0.33, candidates: [{ ...dana, M: null, a: null, A: null, S: null }, { ...ivy, M: null, a: null, A: null, S: null }] });
    expect(scoreDuel(top)).toMatchObject({ measure: "m", winner: { value: 0.655 }, runnerUp: { value: 0.325 } });
  });

  it("has nothing to draw for the rotation, an unassigned lead, or a lone rep", () => {
    expect(scoreDuel(decision({ policy: "milk-round" }))).toBeNull();
    expect(scoreDuel(decision({ candidates: [eli], assignee: null, assigneeId: null }))).toBeNull();
    expect(scoreDuel(decision({ candidates: [dana], runnerUp: null, margin: null }))).toMatchObject({ runnerUp: null, margin: null });
  });
});

describe("the feed's lines and pages", () => {
  it("puts the lead in one line, skipping what it lacks", () => {
    const info = { product: "GTX Pro", segment: "Enterprise", region: "EMEA", language: "en", source: "web form", value: 12_300, arrivedAt: "2026-11-20T10:00:00.000Z" };
    expect(leadSummary(info)).toBe("GTX Pro · Enterprise · EMEA · $12.3k · web form");
    expect(leadSummary({ ...info, segment: null, value: null, source: null })).toBe("GTX Pro · EMEA");
    expect(leadSummary(undefined)).toBe("");
  });

  it("groups excluded reps by constraint, keeping each rep's exact words", () => {
    const away = (repId: number, rep: string, excluded: string): DecisionCandidate => ({ ...eli, repId, rep, excluded });
    const groups = groupExclusions([
      dana,
      away(1, "Ann", "language pt not in [en]"),
      away(2, "Bo", "inactive"),
      away(3, "Cy", "language pt not in [en, es]"),
      away(4, "Di", "capacity 8 of 8 open leads"),
    ]);
    expect(groups.map((g) => [g.label, g.reps.map((r) => r.rep)])).toEqual([
      ["language pt not covered", ["Ann", "Cy"]],
      ["inactive", ["Bo"]],
      ["capacity 8 of 8 open leads", ["Di"]],
    ]);
    expect(groups[0]!.reps[1]!.excluded).toBe("language pt not in [en, es]");
    expect(groupExclusions([dana, ivy])).toEqual([]);
  });

  it("links each re-routed decision to its re-route", () => {
    const original = decision({ id: 5 });
    const reroute = decision({ id: 9, kind: "sla-reroute", previousDecisionId: 5 });
    const map = reroutesByOriginal([reroute, decision({ id: 7 }), original]);
    expect([...map.keys()]).toEqual([5]);
    expect(map.get(5)?.id).toBe(9);
  });

  it("appends a page newest first, once each", () => {
    const ids = appendFeedPage([decision({ id: 9 }), decision({ id: 8 })], [decision({ id: 8 }), decision({ id: 3 }), decision({ id: 6 })]).map((d) => d.id);
    expect(ids).toEqual([9, 8, 6, 3]);
  });

  it("shows the decision time in the given zone", () => {
    expect(formatDecisionTime("2026-11-20T10:05:00.000Z", "UTC")).toBe("Nov 20, 10:05 AM");
    expect(formatDecisionTime("2026-11-20T10:05:00.000Z", "America/New_York")).toBe("Nov 20, 5:05 AM");
  });
});
