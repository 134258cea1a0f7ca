/**
 * The CLI contracts: `config --stage-win-rates`, `targets --json` (the worked example, 28)
 * and `kpis --json`, one spawn each, on a PostgreSQL copy seeded in-process.
 */
import { execFile } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/db.js";
import { kpisSchema, targetsSchema } from "../../src/schemas/performance.js";
import { createTestDatabaseUrl } from "../support/stores.js";
import { addOpps, addQuota, addRep, funnelOpps } from "./seed.js";

let database: { url: string; drop: () => Promise<void> };

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("node", ["bin/proactive.js", ...args], { env: { ...process.env, DATABASE_URL: database.url } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  database = await createTestDatabaseUrl();
  const store = await openStore({ databaseUrl: database.url, migrate: false, poolSize: 2 });
  try {
    const { repId } = await addRep(store.db, { name: "Funnel Rep", team: "Funnel" });
    await addOpps(store.db, repId, funnelOpps("c"));
    await addQuota(store.db, repId, "2017-Q3", 120_000, "2017-07-01", "2017-09-30");
  } finally {
    await store.close();
  }
});
afterAll(async () => database.drop());

describe("activity-management CLI", () => {
  it("pins a stage win rate, then prints the worked example's targets as one JSON object", async () => {
    const config = await run(["config", "--team", "Funnel", "--stage-win-rates", '{"Proposal":0.5}', "--json"]);
    expect(config.code, config.stderr).toBe(0);
    expect(JSON.parse(config.stdout).settings.stageWinRates).toMatchObject({ value: { Proposal: 0.5 }, source: "team" });

    const targets = await run(["targets", "--rep", "Funnel Rep", "--period", "2017-Q3", "--at", "2017-08-15", "--json"]);
    expect(targets.code, targets.stderr).toBe(0);
    expect(targets.stdout.trim().split("\n")).toHaveLength(1);
    const t = targetsSchema.parse(JSON.parse(targets.stdout));
    expect(t).toMatchObject({
      quota: 120_000,
      won: 30_000,
      expectedFromPipeline: 20_000,
      gap: 70_000,
      winRate: 0.25,
      averageWonDeal: 10_000,
      newOpportunitiesNeeded: 28,
      opportunitiesCreated: 0,
    });
    expect(t.creationDeadline).toMatch(/^2017-\d\d-\d\d$/);
    expect(["on-track", "behind", "at-risk"]).toContain(t.status);
  }, 60_000);

  it("prints a rep's KPIs as one JSON object", async () => {
    const res = await run(["kpis", "--rep", "Funnel Rep", "--period", "2017-Q3", "--json"]);
    expect(res.code, res.stderr).toBe(0);
    const k = kpisSchema.parse(JSON.parse(res.stdout));
    expect(k).toMatchObject({ won: 3, lost: 0, conversion: 1, revenue: 30_000, profit: 30_000, tier: "B" });
    expect(k.pipeline.find((s) => s.stage === "Proposal")).toMatchObject({ count: 2, value: 40_000 });
    expect(k.dealDocuments).toEqual({ meetings: 0, followedUp: 0, share: null, medianDelayHours: null });
  }, 60_000);
});
