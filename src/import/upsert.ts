/**
 * One batched upsert on natural keys, for any table:
 *
 *   INSERT INTO t AS t (…) SELECT … FROM unnest($1::text::int4[], $2::text::text[], …) AS u(…)
 *   ON CONFLICT (key) DO UPDATE SET … WHERE (t.…) IS DISTINCT FROM (excluded.…)
 *   RETURNING (xmax = 0) AS inserted
 *
 * Each column travels as ONE parameter (a PostgreSQL array literal, sent as text and cast), so
 * a 5,000-row batch costs a handful of parameters on either driver. Rows the WHERE filters out
 * return nothing: they are the unchanged ones, so created/updated/unchanged are exact.
 */
import { sql, type SQL } from "drizzle-orm";
import { query, type Db } from "../store/db.js";

export type PgType = "text" | "int4" | "int8" | "float8" | "timestamptz" | "bool" | "date" | "text[]";
export type Cell = string | number | boolean | Date | string[] | null;

export interface UpsertColumn {
  name: string;
  type: PgType;
  /** An empty (null) new value keeps the stored one instead of clearing it. */
  keepWhenNull?: boolean;
}

export interface UpsertSpec {
  table: string;
  /** Conflict target: the natural key's columns (a unique index). */
  key: string[];
  /** Every column written, key columns included. */
  columns: UpsertColumn[];
  /** Set `updated_at = now()` when a row changes. */
  touchUpdatedAt: boolean;
  /** Only create missing rows; never touch existing ones. */
  insertOnly?: boolean;
}

export interface UpsertResult {
  created: number;
  updated: number;
  /** First key column of each created or updated row, when asked for. */
  changedKeys?: { key: string; inserted: boolean }[];
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function element(value: Exclude<Cell, null>): string {
  let text: string;
  if (value instanceof Date) return `"${value.toISOString()}"`;
  if (typeof value === "boolean") return value ? "t" : "f";
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) text = arrayLiteral(value);
  else text = value;
  return `"${text.replace(/[\\"]/g, "\\$&")}"`;
}

/** A one-dimensional PostgreSQL array literal: {"a","b",NULL}. */
export function arrayLiteral(values: readonly Cell[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = v === null || v === undefined ? "NULL" : element(v);
  }
  return `{${parts.join(",")}}`;
}

/** Upserts `rows` (each a cell per column of `spec.columns`, in order). */
export async function upsertRows(db: Db, spec: UpsertSpec, rows: Cell[][], options: { returnKeys?: boolean } = {}): Promise<UpsertResult> {
  if (rows.length === 0) return { created: 0, updated: 0, changedKeys: [] };
  const names = spec.columns.map((c) => ident(c.name));
  const params: SQL[] = spec.columns.map((column, i) => {
    const literal = arrayLiteral(rows.map((r) => r[i] ?? null));
    // text[] cells travel as text (an array literal each) because unnest flattens 2-D arrays.
    const elementType = column.type === "text[]" ? "text" : column.type;
    return sql`${literal}::text::${sql.raw(elementType)}[]`;
  });
  const selects = spec.columns.map((c) => (c.type === "text[]" ? `u.${ident(c.name)}::text[]` : `u.${ident(c.name)}`));
  const keySet = new Set(spec.key);
  const updatable = spec.columns.filter((c) => !keySet.has(c.name));
  const table = ident(spec.table);
  let onConflict: string;
  if (updatable.length === 0 || spec.insertOnly) {
    onConflict = "DO NOTHING";
  } else {
    const newValue = (c: UpsertColumn) =>
      c.keepWhenNull ? `coalesce(excluded.${ident(c.name)}, t.${ident(c.name)})` : `excluded.${ident(c.name)}`;
    const sets = updatable.map((c) => `${ident(c.name)} = ${newValue(c)}`);
    if (spec.touchUpdatedAt) sets.push(`"updated_at" = now()`);
    onConflict =
      `DO UPDATE SET ${sets.join(", ")} ` +
      `WHERE (${updatable.map((c) => `t.${ident(c.name)}`).join(", ")}) IS DISTINCT FROM (${updatable.map(newValue).join(", ")})`;
  }
  const keyReturn = options.returnKeys ? `, t.${ident(spec.key[0]!)}::text AS key` : "";
  const statement = sql.join([
    sql.raw(`INSERT INTO ${table} AS t (${names.join(", ")}) SELECT ${selects.join(", ")} FROM unnest(`),
    sql.join(params, sql`, `),
    sql.raw(
      `) AS u(${names.join(", ")}) ON CONFLICT (${spec.key.map(ident).join(", ")}) ${onConflict} ` +
        `RETURNING (t.xmax = 0) AS inserted${keyReturn}`,
    ),
  ]);
  const returned = await query<{ inserted: boolean; key?: string }>(db, statement);
  let created = 0;
  for (const r of returned) if (r.inserted) created++;
  return {
    created,
    updated: returned.length - created,
    changedKeys: options.returnKeys ? returned.map((r) => ({ key: String(r.key), inserted: r.inserted })) : undefined,
  };
}

/** PostgreSQL integrity violations (class 23) carry a constraint name; both drivers expose it. */
export function constraintViolation(err: unknown): { code: string; constraint?: string; message: string } | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint, message } = e as { code?: unknown; constraint?: unknown; message?: unknown };
    if (typeof code === "string" && code.startsWith("23")) {
      return { code, constraint: typeof constraint === "string" ? constraint : undefined, message: String(message) };
    }
  }
  return undefined;
}
