import { describe, expect, it } from "vitest";
import { parsePeriod } from "../periods.js";
import type { OpportunityFacts } from "../targets/history.js";
import { conversion, pipelineByStage, revenueAndProfit } from "./kpis.js";

let id = 0;
const opp = (f: Partial<OpportunityFacts>): OpportunityFacts => ({
  id: (id += 1),
  ownerId: 1,
  outcome: "open",
  stage: "Prospecting",
  value: null,
  createdOn: null,
  engagedAt: null,
  closedAt: null,
  ...f,
});
const d = (iso: string) => new Date(`${iso}T00:00:00Z`);
const Q3 = parsePeriod("2017-Q3");

const deals = [
  opp({ outcome: "won", stage: "Won", value: 1_000, cost: 600, closedAt: d("2017-07-01") }),
  opp({ outcome: "won", stage: "Won", value: 2_000, cost: null, closedAt: d("2017-09-30") }),
  opp({ outcome: "won", stage: "Won", value: 9_000, cost: 1, closedAt: d("2017-10-01") }),
  opp({ outcome: "lost", stage: "Lost", value: 0, closedAt: d("2017-08-01"), furthestStage: "Engaging" }),
  opp({ outcome: "lost", stage: "Lost", value: 0, closedAt: d("2017-06-30") }),
];

describe("outcome KPIs", () => {
  it("converts won ÷ (won + lost) among deals closed in the period", () => {
    expect(conversion(deals, Q3)).toEqual({ won: 2, lost: 1, rate: 2 / 3 });
    expect(conversion(deals, parsePeriod("2016-Q1"))).toEqual({ won: 0, lost: 0, rate: null });
  });

  it("sums revenue and profit of deals won in the period, flagging missing costs", () => {
    expect(revenueAndProfit(deals, Q3)).toEqual({ revenue: 3_000, cost: 600, profit: 2_400, wonDeals: 2, withoutCost: 1 });
  });

  it("counts the pipeline per stage as of a date, in stage order", () => {
    const pipeline = [
      opp({ stage: "Engaging", value: 500, createdOn: d("2017-07-01") }),
      opp({ stage: "Engaging", value: null, createdOn: d("2017-07-02") }),
      opp({ stage: "Prospecting", value: 100, createdOn: d("2017-08-10") }),
      opp({ outcome: "lost", stage: "Lost", value: 0, createdOn: d("2017-07-01"), closedAt: d("2017-08-05"), furthestStage: "Engaging" }),
    ];
    expect(pipelineByStage(pipeline, d("2017-08-01"), ["Prospecting", "Engaging"])).toEqual([
      { stage: "Prospecting", count: 0, value: 0, withoutValue: 0 },
      { stage: "Engaging", count: 3, value: 500, withoutValue: 1 },
    ]);
    expect(pipelineByStage(pipeline, d("2017-08-10"), ["Prospecting", "Engaging"])[0]!.count).toBe(0);
    expect(pipelineByStage(pipeline, d("2017-08-11"), ["Prospecting", "Engaging"])).toEqual([
      { stage: "Prospecting", count: 1, value: 100, withoutValue: 0 },
      { stage: "Engaging", count: 2, value: 500, withoutValue: 1 },
    ]);
  });
});
