import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importReportSchema } from "../src/import/index.js";
import { SAMPLE_DIR } from "../examples/crm-sample/location.js";

const SAMPLE = SAMPLE_DIR;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "proactive-import-cli-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, DATABASE_URL: "" };
    execFile("node", ["bin/proactive.js", "import", ...args, "--data", path.join(tmp, "data")], { env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("proactive import (CLI)", () => {
  it("prints the contract JSON and exits 0, 1 or 2", async () => {
    const ok = await run(["products", path.join(SAMPLE, "products.csv"), "--mapping", "examples/crm-sample/products.mapping.json", "--json"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(importReportSchema.strict().parse(JSON.parse(ok.stdout))).toEqual({ read: 7, created: 7, updated: 0, unchanged: 0, rejected: 0, errors: [] });

    const bad = path.join(tmp, "bad.csv");
    fs.writeFileSync(bad, "name,series,price\nGTX Basic,GTX,550\nCheap,X,-1\n");
    const some = await run(["products", bad, "--json"]);
    expect(some.code).toBe(1);
    expect(JSON.parse(some.stdout)).toEqual({
      read: 2,
      created: 0,
      updated: 0,
      unchanged: 1,
      rejected: 1,
      errors: [{ line: 3, field: "price", reason: '"-1" is negative; amounts must be zero or more' }],
    });

    const usage = await run(["widgets", bad, "--json"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/unknown entity "widgets"/);
  }, 60_000);
});
