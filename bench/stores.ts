/**
 * A fresh, migrated store for one benchmark run: a temporary PGlite directory, or a new database
 * on the PostgreSQL server of BENCH_DATABASE_URL. Closing it removes the directory or database.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { openStore, type Store } from "../src/store/db.js";

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Runs one statement on the server as the admin connection. */
export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** `label` names the directory or database (`proactive_bench_<label>_<pid>`). */
export async function freshStore(kind: "pglite" | "postgres", label: string): Promise<Store> {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `proactive-bench-${label}-`));
    const store = await openStore({ dataDir: dir, lockAs: "bench" });
    const close = store.close;
    return { ...store, close: async () => (await close(), fs.rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `proactive_bench_${label}_${process.pid}`;
  await adminQuery(`drop database if exists "${name}" with (force)`);
  await adminQuery(`create database "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  const close = store.close;
  return { ...store, close: async () => (await close(), await adminQuery(`drop database if exists "${name}" with (force)`)) };
}
