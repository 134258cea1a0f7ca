import { describe, expect, it } from "vitest";
import { stageWinRates } from "./stage-rates.js";

const ORDER = ["Prospecting", "Discovery", "Proposal"];
const won = { outcome: "won" as const, furthestStage: null };
const lost = (furthestStage: string | null) => ({ outcome: "lost" as const, furthestStage });

describe("stageWinRates", () => {
  it("is the share of deals that reached each stage and were won, given the stage order", () => {
    const closed = [won, won, lost("Prospecting"), lost("Prospecting"), lost("Discovery"), lost(null)];
    const rates = stageWinRates(closed, ORDER);
    // Reached: Prospecting all 6; Discovery 2 won + Discovery loss + unknown loss = 4; Proposal 2 won + unknown = 3.
    expect(rates.map((r) => [r.stage, r.reached, r.won])).toEqual([
      ["Prospecting", 6, 2],
      ["Discovery", 4, 2],
      ["Proposal", 3, 2],
    ]);
    expect(rates.map((r) => r.rate)).toEqual([2 / 6, 2 / 4, 2 / 3]);
    expect(rates.every((r) => r.source === "history")).toBe(true);
  });

  it("takes a configured rate over the historical one", () => {
    const rates = stageWinRates([won, lost("Prospecting")], ORDER, { Proposal: 0.9 });
    expect(rates[2]).toEqual({ stage: "Proposal", rate: 0.9, reached: 1, won: 1, source: "configured" });
    expect(rates[0]!.rate).toBe(0.5);
  });

  it("gives 0 to every stage when nothing was ever won, and ignores open deals", () => {
    const rates = stageWinRates([lost("Discovery"), { outcome: "open", furthestStage: null }], ORDER);
    expect(rates.map((r) => [r.rate, r.reached])).toEqual([
      [0, 1],
      [0, 1],
      [0, 0],
    ]);
  });

  it("never decreases along the order when history alone decides", () => {
    const rates = stageWinRates([won, lost("Prospecting"), lost("Discovery"), lost("Proposal"), won], ORDER);
    for (let i = 1; i < rates.length; i += 1) expect(rates[i]!.rate).toBeGreaterThanOrEqual(rates[i - 1]!.rate);
  });
});
