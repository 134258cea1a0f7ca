/**
 * The small demo every browser test runs against (6 reps, 2 months, frozen at BROWSER_NOW),
 * loaded ONCE per test run and dumped; each browser test file starts from a copy of the dump
 * in a second instead of generating, loading and routing the demo again. The first file to
 * need it builds it under a lock file; the others wait for the dump to appear.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { loadDemo, type DemoSummary } from "../../src/demo/index.js";
import { openStore, type Store } from "../../src/store/db.js";
import { createTestStore } from "./stores.js";

/** A Wednesday afternoon; the browser tests freeze the server's and the page's clocks here. */
export const BROWSER_NOW = new Date("2025-06-18T15:00:00Z");
export const BROWSER_DEMO = { seed: 7, reps: 6, months: 2, now: BROWSER_NOW } as const;

const BUILD_TIMEOUT_MS = 180_000;

function dumpPaths(): { dump: string; summary: string; lock: string } {
  const base = path.join(os.tmpdir(), `proactive-browser-demo-${inject("testRunId")}`);
  return { dump: `${base}.tar.gz`, summary: `${base}.json`, lock: `${base}.lock` };
}

async function buildDump(paths: ReturnType<typeof dumpPaths>): Promise<void> {
  const store = await createTestStore("pglite");
  try {
    const summary = await loadDemo(store.db, BROWSER_DEMO);
    const dump = await store.pglite!.dumpDataDir("gzip");
    fs.writeFileSync(`${paths.summary}.tmp`, JSON.stringify(summary));
    fs.writeFileSync(`${paths.dump}.tmp`, Buffer.from(await dump.arrayBuffer()));
    // The summary first: a reader waits for the dump, then reads both.
    fs.renameSync(`${paths.summary}.tmp`, paths.summary);
    fs.renameSync(`${paths.dump}.tmp`, paths.dump);
  } finally {
    await store.close();
  }
}

async function ensureDump(): Promise<ReturnType<typeof dumpPaths>> {
  const paths = dumpPaths();
  if (fs.existsSync(paths.dump)) return paths;
  let mine = false;
  try {
    fs.closeSync(fs.openSync(paths.lock, "wx"));
    mine = true;
  } catch {
    // Another test file is building it.
  }
  if (mine) {
    try {
      await buildDump(paths);
    } catch (err) {
      fs.rmSync(paths.lock, { force: true });
      throw err;
    }
    return paths;
  }
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (!fs.existsSync(paths.dump)) {
    if (!fs.existsSync(paths.lock)) return ensureDump(); // the builder failed: try ourselves
    if (Date.now() > deadline) throw new Error(`the browser demo was not built within ${BUILD_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return paths;
}

/** A fresh embedded store holding the browser demo, and the demo's summary (its sign-ins). */
export async function openBrowserDemo(): Promise<{ store: Store; demo: DemoSummary }> {
  const paths = await ensureDump();
  const demo = JSON.parse(fs.readFileSync(paths.summary, "utf8")) as DemoSummary;
  const store = await openStore({ loadDataDir: new Blob([fs.readFileSync(paths.dump)]), migrate: false, lock: false });
  return { store, demo };
}
