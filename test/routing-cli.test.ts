import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { decisionSchema } from "../src/schemas/routing.js";
import { openStore, query, sql } from "../src/store/db.js";
import { seedTeam } from "./support/routing-fixtures.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "proactive-route-cli-"));
const data = path.join(tmp, "data");
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, DATABASE_URL: "" };
    execFile("node", ["bin/proactive.js", ...args, "--data", data], { env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function storedCounts() {
  const store = await openStore({ dataDir: data, lockAs: "test" });
  try {
    return (await query<{ leads: number; decisions: number }>(
      store.db,
      sql`select (select count(*)::int from leads) as leads, (select count(*)::int from routing_decisions) as decisions`,
    ))[0]!;
  } finally {
    await store.close();
  }
}

const output = z.object({ decisions: z.array(decisionSchema), rejected: z.number(), errors: z.array(z.object({ line: z.number(), field: z.string(), reason: z.string() })) }).strict();

describe("proactive route (CLI)", () => {
  beforeAll(async () => {
    const store = await openStore({ dataDir: data, lockAs: "test" });
    await seedTeam(store.db, { reps: 3 });
    await store.close();
    fs.writeFileSync(
      path.join(tmp, "leads.csv"),
      [
        "Lead,Arrived,team,product,value",
        "L-2,2020-11-20T11:00:00Z,Alpha,GTX Pro,1000",
        "L-1,2020-11-20T10:00:00Z,Alpha,MG Special,",
        "L-3,2020-11-20T12:00:00Z,Alpha,Nope,",
        "L-4,not a date,Alpha,,",
      ].join("\n"),
    );
    fs.writeFileSync(path.join(tmp, "m.json"), JSON.stringify({ columns: { externalId: "Lead", arrivedAt: "Arrived" } }));
  });

  it("--dry-run prints the decisions in arrivedAt order, reports bad rows and stores nothing", async () => {
    const res = await run(["route", path.join(tmp, "leads.csv"), "--mapping", path.join(tmp, "m.json"), "--policy", "milk-round", "--dry-run", "--json"]);
    expect(res.code, res.stderr).toBe(1);
    const out = output.parse(JSON.parse(res.stdout));
    expect(out.decisions.map((d) => [d.lead, d.policy, d.assignee])).toEqual([
      ["L-1", "milk-round", "Rep 1"],
      ["L-2", "milk-round", "Rep 2"],
    ]);
    expect(out.decisions[0]!.candidates.map((c) => c.rep)).toEqual(["Rep 1", "Rep 2", "Rep 3"]);
    expect(out.rejected).toBe(2);
    expect(out.errors.map((e) => [e.line, e.field])).toEqual([
      [4, "product"],
      [5, "arrivedAt"],
    ]);
    expect(await storedCounts()).toEqual({ leads: 0, decisions: 0 });
  }, 60_000);

  it("routes for real, and a second run returns the first decisions", async () => {
    const first = await run(["route", path.join(tmp, "leads.csv"), "--mapping", path.join(tmp, "m.json"), "--json"]);
    const decisions = output.parse(JSON.parse(first.stdout)).decisions;
    expect(decisions.map((d) => [d.lead, d.policy])).toEqual([
      ["L-1", "equilibrium"],
      ["L-2", "equilibrium"],
    ]);
    expect(await storedCounts()).toEqual({ leads: 2, decisions: 2 });
    const text = await run(["route", path.join(tmp, "leads.csv"), "--mapping", path.join(tmp, "m.json")]);
    expect(text.stdout).toContain(`L-1 → ${decisions[0]!.assignee} (equilibrium): ${decisions[0]!.reason}`);
    expect(text.stdout).toMatch(/2 leads routed, 2 rejected\n {2}line 4, product: unknown product "Nope"/);
    expect(await storedCounts()).toEqual({ leads: 2, decisions: 2 });

    // Nobody touched them since 2020: `proactive sla` re-routes both, once.
    const sla = await run(["sla", "--json"]);
    expect(sla.code, sla.stderr).toBe(0);
    const rerouted = z.object({ decisions: z.array(decisionSchema) }).parse(JSON.parse(sla.stdout)).decisions;
    expect(rerouted.map((d) => [d.lead, d.kind, d.previousDecisionId])).toEqual([
      ["L-1", "sla-reroute", decisions[0]!.id],
      ["L-2", "sla-reroute", decisions[1]!.id],
    ]);
    expect(rerouted[0]!.assignee).not.toBe(decisions[0]!.assignee);
    expect(JSON.parse((await run(["sla", "--json"])).stdout)).toEqual({ decisions: [] });
  }, 90_000);
});
