/**
 * Crash safety of the embedded store: `proactive import activities` of 60,000 rows killed
 * with SIGKILL after some batches committed, then run again, equals one clean import.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { activityCount, exited, fingerprint, openTarget, ROWS, runImport, startImport, writeCsvs } from "./crash-import.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "proactive-crash-import-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("a killed import on PGlite", () => {
  it("re-run after kill -9 equals one clean import", async () => {
    const csv = writeCsvs(tmp);
    const base = path.join(tmp, "base");
    await runImport({ dataDir: base }, "reps", csv.reps);

    const clean = path.join(tmp, "clean");
    fs.cpSync(base, clean, { recursive: true });
    const started = Date.now();
    await runImport({ dataDir: clean }, "activities", csv.activities);
    const cleanMs = Date.now() - started;

    // Kill part-way through; the embedded store cannot be read while the child holds it,
    // so aim by the clean run's time and check afterwards that the kill fell mid-import.
    const crashed = path.join(tmp, "crashed");
    let committed = 0;
    for (const fraction of [0.7, 0.85, 0.55]) {
      fs.rmSync(crashed, { recursive: true, force: true });
      fs.cpSync(base, crashed, { recursive: true });
      const child = startImport({ dataDir: crashed }, "activities", csv.activities);
      const exit = exited(child);
      await new Promise((r) => setTimeout(r, cleanMs * fraction));
      child.kill("SIGKILL");
      expect((await exit).signal).toBe("SIGKILL");
      const store = await openTarget({ dataDir: crashed });
      committed = await activityCount(store);
      await store.close();
      if (committed > 0 && committed < ROWS) break;
    }
    expect(committed, "the kill must land after some batches and before the last").toBeGreaterThan(0);
    expect(committed).toBeLessThan(ROWS);

    await runImport({ dataDir: crashed }, "activities", csv.activities);
    const [expected, actual] = [await openTarget({ dataDir: clean }), await openTarget({ dataDir: crashed })];
    try {
      const want = await fingerprint(expected);
      expect(want).toMatchObject({ activities: { rows: ROWS }, daily: { total: ROWS } });
      expect(await fingerprint(actual)).toEqual(want);
    } finally {
      await expected.close();
      await actual.close();
    }
    console.log(`crash-import pglite: killed after ${committed} of ${ROWS} rows committed; clean import ${cleanMs} ms`);
  }, 120_000);
});
