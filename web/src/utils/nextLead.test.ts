import { describe, expect, it } from "vitest";
import type { NextLeadItem } from "../api/routingTypes.js";
import { countOutcomes, nextLeadHeadline, nextLeadVerdict, pointsAsActivities, reachChartTitle, reachSteps } from "./nextLead.js";

const WEIGHTS = { call: 1, email: 0.5, meeting: 3, visit: 3, proposal: 2, "follow-up": 0, "next-step": 0, "opportunity-created": 5 };

let id = 0;
const item = (outcome: NextLeadItem["outcome"], over: Partial<NextLeadItem> = {}): NextLeadItem => ({
  decisionId: ++id,
  lead: `L-${id}`,
  decidedAt: "2026-11-20T10:00:00.000Z",
  assignee: "Dana Cruz",
  outcome,
  pointsNeeded: null,
  message: "",
  product: "GTX Pro",
  reason: null,
  ...over,
});

// Sam of the worked example needs 19.42 points; Noor and Ivy lack merit; Eli is away.
const leads = [
  item("points", { pointsNeeded: 19.42 }),
  item("merit"),
  item("points", { pointsNeeded: 5 }),
  item("won", { assignee: "Sam Lee" }),
  item("points", { pointsNeeded: 19.42 }),
  item("excluded", { reason: "out of office until 2026-12-01" }),
  item("merit"),
];

describe("next lead", () => {
  it("counts outcomes", () => {
    expect(countOutcomes(leads)).toEqual({ won: 1, points: 3, merit: 2, excluded: 1, "not-applicable": 0, "not-a-candidate": 0, total: 7 });
  });

  it("steps up the leads won as points are added, each distinct amount once", () => {
    expect(reachSteps(leads)).toEqual([
      { points: 5, leads: 1 },
      { points: 19.42, leads: 3 },
    ]);
    expect(reachSteps([item("won"), item("merit")])).toEqual([]);
  });

  it("puts points in meetings and calls with the team's weights", () => {
    expect(pointsAsActivities(19.42, WEIGHTS)).toBe("about 7 meetings or 20 calls");
    expect(pointsAsActivities(3, WEIGHTS)).toBe("about 1 meeting or 3 calls");
    expect(pointsAsActivities(3, { ...WEIGHTS, meeting: 0 })).toBe("about 3 calls");
    expect(pointsAsActivities(10, WEIGHTS, ["opportunity-created"])).toBe("about 2 new opportunities");
    expect(pointsAsActivities(0, WEIGHTS)).toBe("");
    expect(pointsAsActivities(4, null)).toBe("");
  });

  it("says each verdict to the rep, or about them to their manager", () => {
    const self = { self: true, name: "Sam" };
    const other = { self: false, name: "Sam" };
    expect(nextLeadVerdict(leads[0]!, self, 14)).toBe("19.42 more proactive points in 14 days would have won it.");
    expect(nextLeadVerdict(leads[1]!, self, 14)).toBe("More activity alone would not have won it: your record on deals like it decided.");
    expect(nextLeadVerdict(leads[1]!, other, 14)).toBe("More activity alone would not have won it: Sam's record on deals like it decided.");
    expect(nextLeadVerdict(leads[3]!, self, 14)).toBe("You won it.");
    expect(nextLeadVerdict(leads[3]!, other, 14)).toBe("Sam won it.");
    expect(nextLeadVerdict(leads[5]!, self, 14)).toBe("Not eligible: out of office until 2026-12-01.");
    expect(nextLeadVerdict(item("not-applicable", { reason: "the rotation decides; activity plays no part" }), self, 14)).toBe(
      "Activity did not count: the rotation decides; activity plays no part.",
    );
  });

  it("sums it up in a headline", () => {
    expect(nextLeadHeadline(leads, { self: true, name: "Sam" }, WEIGHTS, 14)).toBe(
      "Of the team's last 7 leads, you won 1. 3 more were within reach of more hunting: the closest needed 5 more proactive points in 14 days " +
        "(about 2 meetings or 5 calls). On 2 leads, merit on deals like them, not activity, is what you lack.",
    );
    expect(nextLeadHeadline([item("won"), item("merit")], { self: false, name: "Sam" }, WEIGHTS, 14)).toBe(
      "Of the team's last 2 leads, Sam won 1. On 1 lead, merit on deals like it, not activity, is what was missing.",
    );
    expect(nextLeadHeadline([], { self: true, name: "Sam" }, WEIGHTS, 14)).toBe("No leads have been routed in the team yet.");
  });
});

describe("reachChartTitle", () => {
  it("names the activity window when there is one", () => {
    expect(reachChartTitle(14)).toBe("More proactive points in 14 days that would have won each lead");
    expect(reachChartTitle(null)).toBe("More proactive points that would have won each lead");
  });
});
