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

  it("checkpoints on its own while open, so the write-ahead log stays short, and keeps at most 256 MB of it recycled", async () => {
    const dataDir = tempDir();
    const policy = { everyMs: 25, walBytes: 4 * 1024 * 1024, maxAgeMs: 3_600_000 };
    let store = await openStore({ dataDir, lockAs: "test", migrate: false, checkpoint: policy });
    const lsn = async () =>
      (await query<{ redo: string; behind: string }>(
        store.db,
        sql`select (pg_control_checkpoint()).redo_lsn::text as redo, pg_wal_lsn_diff(pg_current_wal_lsn(), (pg_control_checkpoint()).redo_lsn)::bigint::text as behind`,
      ))[0]!;
    try {
      const before = await lsn();
      await query(store.db, sql`create table wal_filler (id int, pad text)`);
      // ~25 MB of log in a few statements: the checkpointer must step in between them.
      for (let i = 0; i < 5; i++) await query(store.db, sql`insert into wal_filler select g, repeat('x', 200) from generate_series(1, 20000) g`);
      await expect.poll(async () => (await lsn()).redo, { timeout: 10_000, interval: 50 }).not.toBe(before.redo);
      await expect.poll(async () => Number((await lsn()).behind), { timeout: 10_000, interval: 50 }).toBeLessThan(policy.walBytes);
    } finally {
      await store.close();
    }
    // PostgreSQL reads ALTER SYSTEM at start: from the second start on, 256 MB instead of 1 GB.
    store = await openStore({ dataDir, lockAs: "test", migrate: false, checkpoint: false });
    try {
      const [row] = await query<{ max_wal_size: string }>(store.db, sql`show max_wal_size`);
      expect(row!.max_wal_size).toBe("256MB");
      expect(Number((await query<{ n: number }>(store.db, sql`select count(*)::int as n from wal_filler`))[0]!.n)).toBe(100_000);
    } finally {
      await store.close();
    }
  });
});
