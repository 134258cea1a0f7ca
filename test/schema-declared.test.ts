/**
 * One schema: every table the migrations create is declared in src/store/schema.ts with the same
 * columns (type, nullability) and the same primary and foreign keys, so queries built from
 * schema.ts and drizzle-kit's diffs see the database the migrations make (hand-written ones too).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { query, sql, type Store } from "../src/store/db.js";
import * as schema from "../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "./support/stores.js";

/** drizzle's SQL type as PostgreSQL's format_type names it. */
const asPostgres = (type: string) => type.replace(/^bigserial$/, "bigint").replace(/^serial$/, "integer").replace(/, /g, ",");

/** PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN − 1); drizzle's long key names are cut so. */
const asIdentifier = (name: string) => name.slice(0, 63);

/** A column as both sides describe it: its type, then whether it refuses nulls. */
const columnShape = (type: string, notNull: boolean) => `${type}${notNull ? " not null" : ""}`;

type Shape = Record<string, { columns: Record<string, string>; keys: string[] }>;

function declared(): Shape {
  const shape: Shape = {};
  for (const value of Object.values(schema)) {
    if (!is(value, PgTable)) continue;
    const t = getTableConfig(value);
    const keys = [...t.primaryKeys.map((k) => k.getName()), ...t.foreignKeys.map((k) => k.getName())];
    for (const c of t.columns) if (c.primary) keys.push(`${t.name}_pkey`);
    shape[t.name] = {
      columns: Object.fromEntries(t.columns.map((c) => [c.name, columnShape(asPostgres(c.getSQLType()), c.notNull)])),
      keys: keys.map(asIdentifier).sort(),
    };
  }
  return shape;
}

async function migrated(store: Store): Promise<Shape> {
  const columns = await query<{ table: string; column: string; type: string; not_null: boolean }>(
    store.db,
    sql`select c.relname as table, a.attname as column, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null
        from pg_class c join pg_namespace n on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid
        where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`,
  );
  const keys = await query<{ table: string; name: string }>(
    store.db,
    sql`select c.relname as table, k.conname as name
        from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and k.contype in ('p', 'f')`,
  );
  const shape: Shape = {};
  for (const c of columns) (shape[c.table] ??= { columns: {}, keys: [] }).columns[c.column] = columnShape(c.type, c.not_null);
  for (const k of keys) shape[k.table]?.keys.push(k.name);
  for (const table of Object.values(shape)) table.keys.sort();
  return shape;
}

describe.each(STORE_KINDS)("the migrated schema on %s", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(kind);
  });
  afterAll(() => store?.close());

  it("is the one schema.ts declares: the same tables, columns, types, nullability and keys", async () => {
    const actual = await migrated(store);
    const expected = declared();
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const table of Object.keys(expected)) expect({ table, ...actual[table] }).toEqual({ table, ...expected[table] });
  });
});
