import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, query, sql } from "../src/store/db.js";
import { StoreBusyError, readLock } from "../src/store/lock.js";

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proactive-crash-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("embedded store", () => {
  it("survives kill -9 mid-write: reopens with every committed row, and the stale lock is taken over", async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/crash-writer.ts", dataDir], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let committed = 0;
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (code) => reject(new Error(`writer exited early with ${code}`)));
      child.stdout.on("data", (chunk: Buffer) => {
        const lines = chunk.toString().trim().split("\n");
        committed = Number(lines[lines.length - 1]);
        if (committed >= 50) resolve();
      });
    });
    child.removeAllListeners("exit");
    const exited = new Promise((r) => child.on("exit", r));
    child.kill("SIGKILL");
    await exited;
    expect(readLock(dataDir)?.pid).toBe(child.pid); // the dead writer's lock is still there

    const store = await openStore({ dataDir, lockAs: "test" });
    try {
      const [row] = await query<{ n: number }>(store.db, sql`select count(*)::int as n from audit_log where action = 'crash-test'`);
      expect(row!.n).toBeGreaterThanOrEqual(committed);
      await query(store.db, sql`insert into audit_log (action, entity) values ('after-crash', 'row')`);
    } finally {
      await store.close();
    }
    expect(readLock(dataDir)).toBeUndefined();
  });

  it("refuses a second process while the first holds the data directory, naming the holder", async () => {
    const dataDir = tempDir();
    const first = await openStore({ dataDir, lockAs: "first" });
    try {
      // The lock is per process; pretend to be another process by writing a live foreign pid.
      const lockFile = path.join(dataDir, "proactive.lock");
      const original = fs.readFileSync(lockFile, "utf8");
      fs.writeFileSync(lockFile, JSON.stringify({ pid: process.ppid, command: "proactive serve", url: "http://127.0.0.1:3000", since: "" }));
      const second = openStore({ dataDir, lockAs: "second" });
      await expect(second).rejects.toBeInstanceOf(StoreBusyError);
      await expect(second).rejects.toThrow(/in use by a running Proactive server .*http:\/\/127\.0\.0\.1:3000/);
      fs.writeFileSync(lockFile, original);
    } finally {
      await first.close();
    }
  });
});
