/**
 * Migrated database templates, made once per migration set and shared by every test:
 * a dumped PGlite data directory, and a PostgreSQL template database. A test's store is a
 * copy of one of them (PGlite `loadDataDir`, PostgreSQL `CREATE DATABASE … TEMPLATE`),
 * so no test pays for migrating a fresh database.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { MIGRATIONS_FOLDER, openStore } from "../../src/store/db.js";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const CACHE_DIR = path.resolve("node_modules/.cache/proactive-test");

export function migrationsHash(): string {
  const hash = crypto.createHash("sha256");
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(fs.readFileSync(full));
    }
  };
  walk(MIGRATIONS_FOLDER);
  return hash.digest("hex").slice(0, 12);
}

export function pgliteTemplatePath(hash = migrationsHash()): string {
  return path.join(CACHE_DIR, `pglite-${hash}.tar.gz`);
}

export function postgresTemplateName(hash = migrationsHash()): string {
  return `proactive_tpl_${hash}`;
}

export function databaseUrlFor(name: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function ensurePgliteTemplate(): Promise<string> {
  const file = pgliteTemplatePath();
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const store = await openStore({ lock: false });
  const dump = await store.pglite!.dumpDataDir("gzip");
  await store.close();
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, file);
  return file;
}

export async function ensurePostgresTemplate(): Promise<string> {
  const name = postgresTemplateName();
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount) return name;
    const building = `${name}_build_${process.pid}`;
    await admin.query(`drop database if exists "${building}"`);
    await admin.query(`create database "${building}"`);
    const store = await openStore({ databaseUrl: databaseUrlFor(building), poolSize: 1 });
    await store.close();
    try {
      await admin.query(`alter database "${building}" rename to "${name}"`);
    } catch (err) {
      // Another run finished first: theirs is identical.
      await admin.query(`drop database if exists "${building}"`);
      if (!(await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount) throw err;
    }
    return name;
  } finally {
    await admin.end();
  }
}
