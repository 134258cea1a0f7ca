/**
 * Crash safety on PostgreSQL: `proactive import activities` of 60,000 rows (DATABASE_URL)
 * killed with SIGKILL once some batches committed, then run again, equals one clean import.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabaseUrl } from "../support/stores.js";
import { activityCount, exited, fingerprint, openTarget, ROWS, runImport, startImport, writeCsvs } from "./crash-import.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "proactive-crash-import-pg-"));
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const drop of drops) await drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("a killed import on PostgreSQL", () => {
  it("re-run after kill -9 equals one clean import", async () => {
    const csv = writeCsvs(tmp);
    const [clean, crashed] = [await createTestDatabaseUrl(), await createTestDatabaseUrl()];
    drops.push(clean.drop, crashed.drop);
    await Promise.all([runImport({ databaseUrl: clean.url }, "reps", csv.reps), runImport({ databaseUrl: crashed.url }, "reps", csv.reps)]);
    await runImport({ databaseUrl: clean.url }, "activities", csv.activities);

    // Watch the rows arrive from outside, and kill once a few batches are in.
    const watcher = await openTarget({ databaseUrl: crashed.url });
    let committed = 0;
    try {
      const child = startImport({ databaseUrl: crashed.url }, "activities", csv.activities);
      const exit = exited(child);
      while ((committed = await activityCount(watcher)) < ROWS / 6) await new Promise((r) => setTimeout(r, 20));
      child.kill("SIGKILL");
      expect((await exit).signal).toBe("SIGKILL");
      committed = await activityCount(watcher);
    } finally {
      await watcher.close();
    }
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(ROWS);

    await runImport({ databaseUrl: crashed.url }, "activities", csv.activities);
    const [expected, actual] = [await openTarget({ databaseUrl: clean.url }), await openTarget({ databaseUrl: crashed.url })];
    try {
      const want = await fingerprint(expected);
      expect(want).toMatchObject({ activities: { rows: ROWS }, daily: { total: ROWS } });
      expect(await fingerprint(actual)).toEqual(want);
    } finally {
      await expected.close();
      await actual.close();
    }
    console.log(`crash-import postgres: killed after ${committed} of ${ROWS} rows committed`);
  }, 90_000);
});
