/**
 * Stage-to-win rates: the probability that an opportunity at a stage is eventually won.
 *
 * With the open stages in order s₀ < s₁ < …, a closed deal "reached" sᵢ when its furthest
 * stage is sᵢ or later. A won deal reached every stage; a lost deal reached the stages up to
 * its furthest one, and when that is unknown (or not an open stage) it is taken to have
 * reached them all, which invents no stage information (every rate then equals the overall
 * win rate). rate(sᵢ) = won / reached. No deal reached sᵢ means no win either: rate 0.
 *
 * A configured rate replaces the historical one for its stage.
 */
import type { OpportunityFacts } from "./history.js";

export interface StageRate {
  stage: string;
  rate: number;
  /** Closed deals that reached the stage, and how many of them were won (history). */
  reached: number;
  won: number;
  source: "history" | "configured";
}

export function stageWinRates(
  closed: readonly Pick<OpportunityFacts, "outcome" | "furthestStage">[],
  stageOrder: readonly string[],
  configured: Readonly<Record<string, number>> = {},
): StageRate[] {
  const reached = new Array<number>(stageOrder.length).fill(0);
  let won = 0;
  for (const opp of closed) {
    if (opp.outcome === "open") continue;
    const furthest = opp.outcome === "won" ? -1 : stageOrder.indexOf(opp.furthestStage ?? "");
    const last = furthest < 0 ? stageOrder.length - 1 : furthest;
    for (let i = 0; i <= last; i += 1) reached[i]! += 1;
    if (opp.outcome === "won") won += 1;
  }
  return stageOrder.map((stage, i) => {
    const n = reached[i]!;
    const configuredRate = configured[stage];
    if (configuredRate !== undefined) return { stage, rate: configuredRate, reached: n, won, source: "configured" };
    return { stage, rate: n > 0 ? won / n : 0, reached: n, won, source: "history" };
  });
}
