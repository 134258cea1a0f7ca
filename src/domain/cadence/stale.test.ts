import { describe, expect, it } from "vitest";
import { lastTouchByOpportunity, managerStaleView, staleDeals, staleThresholdDays, type StaleCandidate } from "./stale.js";

const t = (iso: string) => new Date(iso);
const opp = (externalId: string, stage: string, phase: StaleCandidate["phase"], extra: Partial<StaleCandidate> = {}): StaleCandidate => ({
  id: externalId,
  externalId,
  ownerId: 1,
  stage,
  phase,
  outcome: "open",
  createdAt: t("2024-01-01T00:00:00Z"),
  ...extra,
});

describe("stale deals", () => {
  const touches = new Map([
    ["E1", t("2024-03-01T10:00:00Z")],
    ["L1", t("2024-03-01T10:00:00Z")],
  ]);

  it("is stale from lastTouch + N days on: 14 for early stages, 7 for late ones by default", () => {
    const opps = [opp("E1", "Discovery", "early"), opp("L1", "Negotiation", "late")];
    expect(staleDeals(opps, touches, {}, t("2024-03-08T09:59:59Z"))).toEqual([]);
    const late = staleDeals(opps, touches, {}, t("2024-03-08T10:00:00Z"));
    expect(late.map((d) => [d.externalId, d.thresholdDays, d.staleSince.toISOString()])).toEqual([["L1", 7, "2024-03-08T10:00:00.000Z"]]);
    expect(staleDeals(opps, touches, {}, t("2024-03-15T09:59:59Z")).map((d) => d.externalId)).toEqual(["L1"]);
    expect(staleDeals(opps, touches, {}, t("2024-03-15T10:00:00Z")).map((d) => d.externalId)).toEqual(["L1", "E1"]);
  });

  it("a stage's own setting wins over its phase", () => {
    const config = { stale: { byStage: { Discovery: 3 } } };
    expect(staleThresholdDays("Discovery", "early", config)).toBe(3);
    expect(staleThresholdDays("Qualification", "early", config)).toBe(14);
    expect(staleDeals([opp("E1", "Discovery", "early")], touches, config, t("2024-03-04T10:00:00Z"))).toHaveLength(1);
  });

  it("nudges the rep at staleSince and reaches the manager only after the grace days", () => {
    const opps = [opp("L1", "Negotiation", "late")];
    const [atGraceEdge] = staleDeals(opps, touches, {}, t("2024-03-11T09:59:59Z"));
    expect(atGraceEdge).toMatchObject({
      nudgeRepAt: t("2024-03-08T10:00:00Z"),
      escalateToManagerAt: t("2024-03-11T10:00:00Z"),
      escalated: false,
    });
    expect(managerStaleView(staleDeals(opps, touches, {}, t("2024-03-11T09:59:59Z")))).toEqual([]);
    expect(managerStaleView(staleDeals(opps, touches, {}, t("2024-03-11T10:00:00Z")))).toHaveLength(1);
    const longGrace = staleDeals(opps, touches, { stale: { graceDays: 5 } }, t("2024-03-12T00:00:00Z"));
    expect(longGrace[0]).toMatchObject({ escalateToManagerAt: t("2024-03-13T10:00:00Z"), escalated: false });
  });

  it("counts from creation when nothing touched the deal, and ignores closed deals", () => {
    const opps = [
      opp("N1", "Prospecting", "early", { createdAt: t("2024-03-01T00:00:00Z") }),
      opp("W1", "Won", "closed", { outcome: "won" }),
      opp("X1", "Proposal", "late", { outcome: "lost" }),
    ];
    const stale = staleDeals(opps, new Map(), {}, t("2024-03-20T00:00:00Z"));
    expect(stale.map((d) => [d.externalId, d.lastTouchAt, d.staleSince.toISOString(), d.daysSinceTouch])).toEqual([
      ["N1", null, "2024-03-15T00:00:00.000Z", 19],
    ]);
  });

  it("takes the latest touch up to now from updates and activities alike", () => {
    const latest = lastTouchByOpportunity(
      [
        { opportunity: "E1", at: t("2024-03-01T00:00:00Z") },
        { opportunity: "E1", at: t("2024-03-03T00:00:00Z") },
        { opportunity: "E1", at: t("2024-03-30T00:00:00Z") },
        { opportunity: null, at: t("2024-03-03T00:00:00Z") },
      ],
      t("2024-03-10T00:00:00Z"),
    );
    expect([...latest]).toEqual([["E1", t("2024-03-03T00:00:00Z")]]);
  });
});
