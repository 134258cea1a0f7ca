/**
 * The table-driven writer: queue parsed rows, then per batch resolve references from the maps
 * and upsert in one transaction. A batch the database refuses for an integrity reason (a
 * constraint no row check foresaw) is retried row by row under savepoints, so only the
 * offending rows are rejected.
 */
import type { Db } from "../store/db.js";
import type { ImportError } from "./report.js";
import { constraintViolation, upsertRows, type Cell, type UpsertColumn, type UpsertSpec } from "./upsert.js";
import type { Refs } from "./refs.js";

export interface RowProblem {
  field: string;
  reason: string;
}

export interface FlushResult {
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportError[];
}

export interface EntityWriter<Row> {
  /** Rows per transaction. */
  readonly batchSize: number;
  add(row: Row, line: number): void;
  readonly pending: number;
  flush(db: Db): Promise<FlushResult>;
}

export interface TableColumn<Row> extends UpsertColumn {
  /** Written only when this canonical field's column is in the file (absent = leave as is). */
  field?: string;
  value(row: Row, refs: Refs): Cell | RowProblem;
}

export interface TableConfig<Row> {
  table: string;
  key: string[];
  touchUpdatedAt: boolean;
  batchSize: number;
  columns: TableColumn<Row>[];
  /** Whole-row checks after the cells resolved. */
  check?(row: Row, refs: Refs): RowProblem | undefined;
  /** Runs (committed) before each batch, e.g. to create teams the rows name. */
  beforeBatch?(db: Db, rows: Row[], refs: Refs): Promise<void>;
  /** Field blamed when a named constraint refuses a row. */
  constraintFields?: Record<string, RowProblem>;
}

export function isProblem(value: unknown): value is RowProblem {
  return typeof value === "object" && value !== null && "reason" in value && "field" in value && !(value instanceof Date);
}

/** Looks `name` up in `map`; a null name is a null reference. */
export function ref(map: Map<string, number>, name: string | null | undefined, field: string, what: string): number | null | RowProblem {
  if (name === null || name === undefined) return null;
  const id = map.get(name);
  return id === undefined ? { field, reason: `unknown ${what} "${name}"` } : id;
}

export function createTableWriter<Row>(config: TableConfig<Row>, refs: Refs, present: ReadonlySet<string>): EntityWriter<Row> {
  const columns = config.columns.filter((c) => !c.field || present.has(c.field));
  const spec: UpsertSpec = { table: config.table, key: config.key, columns, touchUpdatedAt: config.touchUpdatedAt };
  let queue: { row: Row; line: number }[] = [];

  const resolve = (row: Row): Cell[] | RowProblem => {
    const cells = new Array<Cell>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const v = columns[i]!.value(row, refs);
      if (isProblem(v)) return v;
      cells[i] = v;
    }
    return config.check?.(row, refs) ?? cells;
  };

  const blame = (err: NonNullable<ReturnType<typeof constraintViolation>>): RowProblem =>
    (err.constraint && config.constraintFields?.[err.constraint]) || { field: "row", reason: err.message };

  return {
    batchSize: config.batchSize,
    get pending() {
      return queue.length;
    },
    add(row, line) {
      queue.push({ row, line });
    },
    async flush(db) {
      const batch = queue;
      queue = [];
      const result: FlushResult = { created: 0, updated: 0, unchanged: 0, errors: [] };
      if (batch.length === 0) return result;
      await config.beforeBatch?.(db, batch.map((b) => b.row), refs);
      const good: { line: number; cells: Cell[] }[] = [];
      for (const { row, line } of batch) {
        const cells = resolve(row);
        if (isProblem(cells)) result.errors.push({ line, ...cells });
        else good.push({ line, cells });
      }
      try {
        const r = await db.transaction((tx) => upsertRows(tx as unknown as Db, spec, good.map((g) => g.cells)));
        result.created = r.created;
        result.updated = r.updated;
        result.unchanged = good.length - r.created - r.updated;
        return result;
      } catch (err) {
        if (!constraintViolation(err)) throw err;
      }
      // Row by row, each under a savepoint, in one transaction.
      await db.transaction(async (tx) => {
        for (const g of good) {
          try {
            const r = await tx.transaction((sp) => upsertRows(sp as unknown as Db, spec, [g.cells]));
            result.created += r.created;
            result.updated += r.updated;
            result.unchanged += 1 - r.created - r.updated;
          } catch (err) {
            const violation = constraintViolation(err);
            if (!violation) throw err;
            result.errors.push({ line: g.line, ...blame(violation) });
          }
        }
      });
      return result;
    },
  };
}
