/**
 * Opening a store: embedded PGlite (the zero-setup default) or a PostgreSQL server
 * (`DATABASE_URL`). Both speak the same SQL and run the same migrations from `drizzle/`.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema.js";
import { acquireLock } from "./lock.js";
import { DEFAULT_CHECKPOINT_POLICY, limitRecycledWal, startCheckpointer, type CheckpointPolicy } from "./checkpointer.js";

export type Schema = typeof schema;
/** A Drizzle database over either driver; repositories take one of these as an argument. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../drizzle");

export interface Store {
  db: Db;
  kind: "pglite" | "postgres";
  /** Where the data lives, for messages (never includes a password). */
  location: string;
  pglite?: PGlite;
  pool?: pg.Pool;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Use this PostgreSQL server instead of the embedded store. */
  databaseUrl?: string;
  /** Embedded store: the data directory (the database lives in `<dataDir>/pgdata`). */
  dataDir?: string;
  /** Embedded store: start from a dumped data directory (tests use a migrated template). */
  loadDataDir?: Blob;
  /** Embedded store: what the lock file says holds it. Skip locking with `lock: false` (in-memory). */
  lockAs?: string;
  lock?: boolean;
  /** Apply migrations on open (default true). */
  migrate?: boolean;
  /** Embedded store in a data directory: when to checkpoint (checkpointer.ts); false: never. */
  checkpoint?: CheckpointPolicy | false;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://…";
  }
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store = options.databaseUrl ? await openPostgres(options.databaseUrl, options) : await openPglite(options);
  if (options.migrate !== false) await migrateStore(store);
  return store;
}

async function openPostgres(databaseUrl: string, options: OpenStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  // Count columns come back as bigint strings; numbers are what the app uses for them.
  pool.on("error", () => {}); // idle client errors surface on the next query instead
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    location: redactUrl(databaseUrl),
    pool,
    close: () => pool.end(),
  };
}

/**
 * bytea to and from PostgreSQL's hex text with Buffer: PGlite's own serializer and parser go
 * byte by byte through strings and took 2–3 ms each way for a decision's 30 KB explanation
 * (routing_decisions.explanation_packed). Gives a Buffer, as node-postgres does.
 */
const BYTEA = 17;
function byteaText(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new Error("a bytea value must be a Uint8Array");
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex")}`;
}
const byteaBytes = (text: string): Buffer => Buffer.from(text.slice(2), "hex");

async function openPglite(options: OpenStoreOptions): Promise<Store> {
  const dataDir = options.dataDir;
  let release = () => {};
  if (dataDir && options.lock !== false) release = acquireLock(dataDir, { command: options.lockAs ?? "proactive" });
  try {
    const client = await PGlite.create({
      dataDir: dataDir ? path.join(dataDir, "pgdata") : undefined,
      loadDataDir: options.loadDataDir,
      relaxedDurability: false,
      serializers: { [BYTEA]: byteaText },
      parsers: { [BYTEA]: byteaBytes },
    });
    const db = drizzlePglite(client, { schema }) as unknown as Db;
    // A store on disk checkpoints (PGlite never does on its own); one in memory has no log to keep short.
    const policy = options.checkpoint ?? DEFAULT_CHECKPOINT_POLICY;
    let checkpointer: { stop(): Promise<void> } | null = null;
    if (dataDir && policy) {
      await limitRecycledWal(client);
      checkpointer = startCheckpointer(client, policy);
    }
    return {
      db,
      kind: "pglite",
      location: dataDir ? path.resolve(dataDir) : "memory",
      pglite: client,
      close: async () => {
        try {
          await checkpointer?.stop();
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

export async function migrateStore(store: Store): Promise<void> {
  if (store.kind === "pglite") {
    await migratePglite(store.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    await migratePg(store.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

const dialect = new PgDialect();

/**
 * `query` as a named prepared statement on a PostgreSQL server: each pooled connection parses
 * and plans `name`'s text once instead of on every call (a routing decision's read and write,
 * ~0.2 ms each; docs/ROUTING.md, "One decision, two statements"). Every call under one name must build the same text (only
 * the parameters differ). PGlite, and a transaction's handle, run it as `query` does.
 */
export async function queryPrepared<T extends Record<string, unknown>>(db: Db, name: string, statement: SQL): Promise<T[]> {
  const client = (db as unknown as { $client?: unknown }).$client;
  if (!(client instanceof pg.Pool)) return query<T>(db, statement);
  const { sql: text, params } = dialect.sqlToQuery(statement);
  return (await client.query<T>({ name, text, values: params })).rows;
}

/** Runs raw SQL on either driver and returns its rows. */
export async function query<T extends Record<string, unknown>>(db: Db, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

export { sql };
