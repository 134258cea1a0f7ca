/**
 * The reverse funnel measured as of an instant: won so far, expected pipeline, smoothed win
 * rate and average won deal, from the loaded history alone. `computeTargets` measures twice:
 * as of `at` (the answer) and as of the period start (the pacing plan).
 */
import { smoothedRate, teamWinRate } from "../routing/merit.js";
import { isoDay } from "../periods.js";
import type { TargetsConfig } from "./config.js";
import { formatAmount, formatPercent, plural } from "./format.js";
import { reverseFunnel } from "./funnel.js";
import { closedCounts, isOpenAt, lookback, meanValue, stageAt, totalValue, wonIn } from "./history.js";
import { stageWinRates } from "./stage-rates.js";
import type { Source, TargetsInput } from "./types.js";

export function measureFunnel(input: TargetsInput, config: TargetsConfig, at: Date) {
  const { repId, period, quota, opportunities: opps, stageOrder } = input;
  const lines: string[] = [];
  const mine = opps.filter((o) => o.ownerId === repId);

  // Won so far: the rep's deals won in [period start, at).
  const wonDeals = wonIn(mine, { start: period.start, end: at });
  const won = totalValue(wonDeals);
  lines.push(
    `Won: ${plural(wonDeals.length, "deal", "deals")} closed won from ${isoDay(period.start)} up to ${at.toISOString()}, worth ${formatAmount(won)}`,
  );

  // Win rate: the rep's smoothed rate over the history window.
  const history = lookback(at, config.historyWindowDays);
  const rep = closedCounts(mine, history);
  const team = closedCounts(opps, history);
  const pTeam = teamWinRate(team);
  const k = config.smoothingK;
  const winRate = smoothedRate(rep.wins, rep.closed, k, pTeam);
  lines.push(
    `Win rate: (${rep.wins} won + ${k} × ${formatPercent(pTeam)} team rate) ÷ (${rep.closed} closed + ${k}) = ${formatPercent(winRate)}` +
      ` over the ${config.historyWindowDays} days before ${isoDay(at)}` +
      (team.closed === 0 ? " (the team closed nothing, so its rate is taken as 50%)" : ` (team: ${team.wins} of ${team.closed})`),
  );

  // Average won deal: the rep's, else the team's.
  const repWon = wonIn(mine, history);
  const repMean = meanValue(repWon);
  const teamMean = meanValue(wonIn(opps, history));
  const useRep = repMean.count >= config.minRepWonDeals;
  const averageWonDeal = useRep ? repMean.mean : teamMean.mean;
  const averageWonDealSource: Source = useRep ? "rep" : teamMean.mean !== null ? "team" : "none";
  lines.push(
    averageWonDealSource === "none"
      ? "Average won deal: unknown, nobody in the team won a deal with a value in the window"
      : `Average won deal: ${formatAmount(averageWonDeal!)}, the ${averageWonDealSource === "rep" ? "rep's" : "team's"} mean over ${plural(useRep ? repMean.count : teamMean.count, "won deal", "won deals")}` +
          (useRep ? "" : ` (the rep has ${repMean.count}, fewer than ${config.minRepWonDeals})`),
  );

  // Expected from the open pipeline: value × the stage's win probability. A deal with no
  // value yet (the sample's open deals have none) is worth the average won deal, the best
  // estimate there is; 0 when even that is unknown.
  const closedBefore = opps.filter((o) => o.outcome !== "open" && o.closedAt !== null && o.closedAt.getTime() < at.getTime());
  const rates = stageWinRates(closedBefore, stageOrder, config.stageWinRates);
  const rateOf = new Map<string, number>(rates.map((r) => [r.stage, r.rate]));
  for (const [stage, rate] of Object.entries(config.stageWinRates)) rateOf.set(stage, rate);
  const open = mine.filter((o) => isOpenAt(o, at));
  let expectedFromPipeline = 0;
  const byStage = new Map<string, { count: number; value: number }>();
  for (const opp of open) {
    const stage = stageAt(opp, stageOrder);
    const value = opp.value ?? averageWonDeal ?? 0;
    expectedFromPipeline += value * (rateOf.get(stage) ?? 0);
    const entry = byStage.get(stage) ?? { count: 0, value: 0 };
    entry.count += 1;
    entry.value += value;
    byStage.set(stage, entry);
  }
  const openWithoutValue = open.filter((o) => o.value === null).length;
  const parts = [...byStage].map(
    ([stage, e]) => `${stage}: ${formatAmount(e.value)} × ${formatPercent(rateOf.get(stage) ?? 0)} (${e.count} open)`,
  );
  lines.push(
    `Expected from pipeline: ${plural(open.length, "open opportunity", "open opportunities")}` +
      (parts.length > 0 ? `; ${parts.join(" + ")}` : "") +
      ` = ${formatAmount(expectedFromPipeline)}` +
      (openWithoutValue > 0
        ? ` (${plural(openWithoutValue, "deal", "deals")} without a value counted at ${formatAmount(averageWonDeal ?? 0)})`
        : ""),
  );

  const funnel = reverseFunnel({ quota, won, expectedFromPipeline, winRate, averageWonDeal });
  lines.push(...funnel.lines);

  return {
    lines,
    mine,
    won,
    wonDeals,
    rates,
    open,
    openWithoutValue,
    expectedFromPipeline,
    history,
    rep,
    team,
    pTeam,
    k,
    winRate,
    repWon,
    repMean,
    teamMean,
    useRep,
    averageWonDeal,
    averageWonDealSource,
    funnel,
  };
}
