import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildAgenda, completedStageStays, teamNorms, type AgendaInput, type AgendaOpportunity } from "./agenda.js";
import { agendaItemSchema } from "./schemas.js";

const t = (iso: string) => new Date(`${iso}T00:00:00Z`);
const NOW = t("2024-03-20");
const STAGES = ["Prospecting", "Qualification", "Discovery", "Engaging", "Proposal", "Negotiation"];
const fits = { sector: "Medical", employees: 1_000, region: "Europe" };

/** A healthy early-stage deal: produces no item until a test breaks one thing. */
function deal(externalId: string, extra: Partial<AgendaOpportunity> = {}): AgendaOpportunity {
  return {
    id: externalId,
    externalId,
    name: null,
    stage: "Discovery",
    phase: "early",
    value: 1_000_000,
    nextStep: "Demo with the CFO",
    nextStepDue: t("2024-03-25"),
    mutualActionPlan: "Pilot in April, decision in May",
    strategy: "Land with the lab, expand to the hospital group",
    stageEnteredAt: t("2024-03-15"),
    discountPct: 5,
    account: fits,
    stagesReached: [
      { stage: "Prospecting", at: t("2024-03-01") },
      { stage: "Discovery", at: t("2024-03-15") },
    ],
    proposalsAt: [],
    ...extra,
  };
}

function input(opportunities: AgendaOpportunity[], extra: Partial<AgendaInput> = {}): AgendaInput {
  return {
    repId: 7,
    opportunities,
    norms: { medianDaysInStage: { Discovery: 10, Qualification: 7 }, largeValue: 5_000_000 },
    stageOrder: STAGES,
    icp: { sectors: ["Medical"], regions: ["Europe"] },
    ...extra,
  };
}

const kinds = (agenda: ReturnType<typeof buildAgenda>) => agenda.items.map((i) => [i.kind, i.opportunity?.externalId ?? null]);

describe("buildAgenda", () => {
  it("a healthy early-stage deal needs no discussion", () => {
    expect(buildAgenda(input([deal("OK")]), NOW).items).toEqual([]);
  });

  it("raises one item per warning sign", () => {
    const cases: [string, Partial<AgendaOpportunity>, string][] = [
      ["no-next-step", { nextStep: "  " }, "No next step"],
      ["no-next-step", { nextStepDue: t("2024-03-19") }, "Next step overdue"],
      ["no-mutual-action-plan", { mutualActionPlan: null }, "No mutual action plan"],
      ["stalled", { stageEnteredAt: t("2024-03-09") }, "Stalled in Discovery"],
      ["large-without-strategy", { value: 5_000_000, strategy: "" }, "Large deal without a strategy"],
      ["premature-presentation", { proposalsAt: [t("2024-03-16")] }, "Proposal before discovery"],
      ["maverick-discount", { discountPct: 15.5 }, "Discount of 15.5%"],
      ["off-profile", { account: { sector: "Retail", employees: 10, region: "Europe" } }, "Off-profile account"],
    ];
    for (const [kind, change, title] of cases) {
      const agenda = buildAgenda(input([deal("D1", change)]), NOW);
      expect(agenda.items.map((i) => i.kind), kind).toEqual([kind]);
      expect(agenda.items[0]!.title).toContain(title);
      expect(agenda.items[0]!.opportunity?.externalId).toBe("D1");
      expect(agendaItemSchema.safeParse(agenda.items[0]).success).toBe(true);
    }
  });

  it("judges the edges: at the norm is not stalled, at the threshold is no maverick, under the top quartile is not large", () => {
    const edges = [deal("A", { stageEnteredAt: t("2024-03-10") }), deal("B", { discountPct: 15 }), deal("C", { value: 4_999_999, strategy: null })];
    expect(buildAgenda(input(edges), NOW).items).toEqual([]);
    expect(buildAgenda(input([deal("B", { discountPct: 15 })], { config: { discountThresholdPct: 10 } }), NOW).items.map((i) => i.kind)).toEqual([
      "maverick-discount",
    ]);
  });

  it("a proposal after the deal left discovery is not premature", () => {
    const reached = [...deal("X").stagesReached, { stage: "Engaging", at: t("2024-03-18") }];
    const ok = deal("X", { stage: "Engaging", stagesReached: reached, stageEnteredAt: t("2024-03-18"), proposalsAt: [t("2024-03-18")] });
    expect(buildAgenda(input([ok]), NOW).items).toEqual([]);
    const before = { ...ok, proposalsAt: [t("2024-03-17"), t("2024-03-19")] };
    expect(buildAgenda(input([before]), NOW).items[0]!.detail).toBe("A proposal went out on 2024-03-17, before the deal left Discovery on 2024-03-18.");
  });

  it("discusses only early-stage deals and counts the late ones", () => {
    const late = (id: string) => deal(id, { stage: "Negotiation", phase: "late", nextStep: null, mutualActionPlan: null, discountPct: 40 });
    const agenda = buildAgenda(input([deal("E1", { nextStep: null }), late("L1"), late("L2"), late("L3"), late("L4"), late("L5")]), NOW);
    expect(kinds(agenda)).toEqual([["no-next-step", "E1"]]);
    expect(agenda).toMatchObject({ earlyStageDeals: 1, lateStageDeals: 5, lateStageNote: "5 late-stage deals (not discussed here)" });
    expect(buildAgenda(input([late("L1")]), NOW).lateStageNote).toBe("1 late-stage deal (not discussed here)");
    expect(buildAgenda(input([]), NOW).lateStageNote).toBeNull();
  });

  it("adds pacing when behind or at risk, and the rep's open promises", () => {
    const promises = [
      { updateId: 2, subject: "OPP-9", text: "Send the business case", due: "2024-03-22" },
      { updateId: 1, subject: "rep", text: "Book 10 meetings", due: "2024-03-21" },
      { updateId: 3, subject: "rep", text: "Was due", due: "2024-03-19" },
      { updateId: 4, subject: "rep", text: "Done", due: "2024-03-30", kept: true },
    ];
    const agenda = buildAgenda(input([], { pacing: { status: "behind", reason: "3 created against 6 scheduled" }, promises }), NOW);
    expect(agenda.items.map((i) => [i.kind, i.title])).toEqual([
      ["pacing", "Pacing: behind"],
      ["open-promise", "Promise due 2024-03-21"],
      ["open-promise", "Promise due 2024-03-22 on OPP-9"],
    ]);
    expect(buildAgenda(input([], { pacing: { status: "on-track", reason: "fine" } }), NOW).items).toEqual([]);
  });

  it("orders by kind priority, then larger deals first, and is stable", () => {
    const opps = [
      deal("S-small", { value: 100, nextStep: null }),
      deal("S-big", { value: 900_000, nextStep: null }),
      deal("S-none", { value: null, nextStep: null }),
      deal("M", { discountPct: 30, mutualActionPlan: null }),
      deal("P", { stage: "Qualification", stagesReached: [{ stage: "Qualification", at: t("2024-03-15") }], proposalsAt: [t("2024-03-16")] }),
    ];
    const agenda = buildAgenda(input(opps, { pacing: { status: "at-risk", reason: "deadline passed" } }), NOW);
    expect(kinds(agenda)).toEqual([
      ["pacing", null],
      ["premature-presentation", "P"],
      ["maverick-discount", "M"],
      ["no-next-step", "S-big"],
      ["no-next-step", "S-small"],
      ["no-next-step", "S-none"],
      ["no-mutual-action-plan", "M"],
    ]);
    expect(agenda.items.map((i) => i.priority)).toEqual([1, 2, 4, 7, 7, 7, 8]);
    fc.assert(
      fc.property(fc.shuffledSubarray(opps, { minLength: opps.length, maxLength: opps.length }), (shuffled) => {
        expect(buildAgenda(input(shuffled, { pacing: { status: "at-risk", reason: "deadline passed" } }), NOW)).toEqual(agenda);
      }),
    );
  });
});

describe("team norms", () => {
  it("large = at or above the 75th percentile of open values (top quartile)", () => {
    const norms = teamNorms({ stageStays: [], openValues: [100, 200, 300, 400, 500, null] });
    expect(norms.largeValue).toBe(400);
    const opps = [100, 200, 300, 400, 500].map((v) => deal(`V${v}`, { value: v, strategy: null }));
    expect(buildAgenda(input(opps, { norms }), NOW).items.map((i) => i.opportunity?.externalId)).toEqual(["V500", "V400"]);
    expect(teamNorms({ stageStays: [], openValues: [null] }).largeValue).toBeNull();
    const big = deal("BIG", { value: 1_234_560, strategy: null });
    const large = { medianDaysInStage: {}, largeValue: 1_000_000 };
    expect(buildAgenda(input([big], { norms: large }), NOW).items[0]!.detail).toBe(
      "Value $12,345.60 is in the team's top quartile (from $10,000.00) and has no written strategy.",
    );
    expect(buildAgenda(input([big], { norms: large, formatValue: (v) => `$${v}` }), NOW).items[0]!.detail).toContain("Value $1234560");
  });

  it("takes the median completed stay per stage from stage histories", () => {
    const stays = [
      ...completedStageStays([
        { stage: "Discovery", at: t("2024-01-11") },
        { stage: "Prospecting", at: t("2024-01-01") },
        { stage: "Engaging", at: t("2024-01-15") },
      ]),
      { stage: "Discovery", days: 10 },
      { stage: "Discovery", days: 2 },
    ];
    expect(stays.slice(0, 2)).toEqual([
      { stage: "Prospecting", days: 10 },
      { stage: "Discovery", days: 4 },
    ]);
    expect(teamNorms({ stageStays: stays, openValues: [] }).medianDaysInStage).toEqual({ Discovery: 4, Prospecting: 10 });
  });
});
