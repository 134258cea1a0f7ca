/**
 * One suite, every driver: storage and API tests run on each of these.
 *
 *   describe.each(STORE_KINDS)("imports on %s", (kind) => { … createTestStore(kind) … })
 */
import fs from "node:fs";
import crypto from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { openStore, type Store } from "../../src/store/db.js";
import { databaseUrlFor, TEST_DATABASE_URL } from "./templates.js";

export const STORE_KINDS = ["pglite", "postgres"] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

let pgliteTemplate: Blob | undefined;

/** A fresh, migrated, empty store of the given kind; `close()` also drops a PostgreSQL copy. */
export async function createTestStore(kind: StoreKind): Promise<Store> {
  if (kind === "pglite") {
    pgliteTemplate ??= new Blob([fs.readFileSync(inject("pgliteTemplate"))]);
    return openStore({ loadDataDir: pgliteTemplate, migrate: false, lock: false });
  }
  const name = `proactive_t_${inject("testRunId")}_${crypto.randomBytes(4).toString("hex")}`;
  await adminQuery(`create database "${name}" template "${inject("postgresTemplate")}"`);
  const store = await openStore({ databaseUrl: databaseUrlFor(name), migrate: false, poolSize: 5 });
  const close = store.close;
  return {
    ...store,
    close: async () => {
      await close();
      await adminQuery(`drop database if exists "${name}" with (force)`);
    },
  };
}

/** A PostgreSQL database URL of a fresh migrated copy, for tests that start child processes. */
export async function createTestDatabaseUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `proactive_t_${inject("testRunId")}_${crypto.randomBytes(4).toString("hex")}`;
  await adminQuery(`create database "${name}" template "${inject("postgresTemplate")}"`);
  return { url: databaseUrlFor(name), drop: () => adminQuery(`drop database if exists "${name}" with (force)`) };
}

async function adminQuery(text: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(text);
      return;
    } catch (err) {
      // Two files cloning the template at the same instant: PostgreSQL asks one to wait.
      if (attempt < 20 && /being accessed by other users/.test(String(err))) {
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
        continue;
      }
      throw err;
    } finally {
      await client.end();
    }
  }
}
