/**
 * CSV import from CRM exports, shared by `proactive import` and POST /api/v1/import/{entity}.
 * Streams the file, validates each row against the entity's zod row schema, resolves
 * references from maps loaded once, and upserts on natural keys in batches (one transaction
 * each), so a re-run creates nothing twice and a crash loses at most the batch in flight.
 * Each batch appends its audit row ("import-batch": who, which lines, what it did) in its own
 * transaction; the whole run's report follows as one "import" row.
 */
import { auditLog } from "../store/schema.js";
import { appendAudit } from "../store/audit.js";
import { query, sql, type Db } from "../store/db.js";
import { FIELDS, KEY_FIELDS, parseRow, requiredFields, type ImportEntity } from "./fields.js";
import { checkMappingFields, EMPTY_MAPPING, ImportUsageError, type Mapping } from "./mapping.js";
import { readCsv } from "./parse.js";
import { loadRefs } from "./refs.js";
import { MAX_REPORTED_ERRORS, type ImportError, type ImportReport } from "./report.js";
import { createRepsWriter } from "./reps.js";
import { createCadenceWriter } from "./cadence.js";
import {
  accountsTable,
  activitiesTable,
  leadsTable,
  opportunitiesTable,
  productsTable,
  quotasTable,
  REFS_NEEDED,
} from "./tables.js";
import { createTableWriter, type EntityWriter, type TableConfig } from "./writer.js";

export { IMPORT_ENTITIES, importEntitySchema, rowSchemas, FIELDS, type ImportEntity, type ImportRow } from "./fields.js";
export { mappingSchema, parseMapping, ImportUsageError, type Mapping } from "./mapping.js";
export { importReportSchema, importErrorSchema, type ImportReport, type ImportError } from "./report.js";

export interface ImportOptions {
  mapping?: Mapping;
  /** Who ran the import, for the audit row (null from the CLI). */
  actorId?: number;
  /** Running total of bytes read, for progress bars. */
  onProgress?: (bytes: number) => void;
  /** Refuses a parsed row before it is written, naming the field (e.g. a rep may load only their own activities). */
  acceptRow?: (row: Record<string, unknown>) => { field: string; reason: string } | undefined;
}

const TABLES: Record<Exclude<ImportEntity, "reps" | "updates" | "requests">, TableConfig<never>> = {
  accounts: accountsTable as TableConfig<never>,
  products: productsTable as TableConfig<never>,
  opportunities: opportunitiesTable as TableConfig<never>,
  activities: activitiesTable as TableConfig<never>,
  leads: leadsTable as TableConfig<never>,
  quotas: quotasTable as TableConfig<never>,
};

/** Which cell of a record feeds each canonical field present in the file. */
export function resolveColumns(header: string[], entity: ImportEntity, mapping: Mapping): Map<string, number> {
  const trimmed = header.map((h) => h.trim());
  const find = (name: string) => {
    const exact = trimmed.indexOf(name);
    return exact >= 0 ? exact : trimmed.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  };
  const columns = new Map<string, number>();
  for (const field of Object.keys(FIELDS[entity])) {
    const mapped = mapping.columns[field];
    const index = find(mapped ?? field);
    if (mapped !== undefined && index < 0) {
      throw new ImportUsageError(`the mapping reads ${field} from column "${mapped}", but the file has no such column (columns: ${trimmed.join(", ")})`);
    }
    if (index >= 0) columns.set(field, index);
  }
  const missing = requiredFields(entity).filter((f) => !columns.has(f));
  if (missing.length) {
    const which = missing.map((f) => (mapping.columns[f] ? `${f} (column "${mapping.columns[f]}")` : f)).join(", ");
    throw new ImportUsageError(`required column missing for ${entity}: ${which} (the file has: ${trimmed.join(", ")}; map them with --mapping)`);
  }
  return columns;
}

/**
 * Imports a CSV (a stream, or the CSV text itself) into `entity`. Bad rows are reported with
 * their line and field and skipped; good rows are kept. Throws `ImportUsageError` for a bad
 * mapping, a missing required column or a file that is not CSV.
 */
export async function importCsv(
  db: Db,
  entity: ImportEntity,
  input: NodeJS.ReadableStream | string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const mapping = options.mapping ?? EMPTY_MAPPING;
  checkMappingFields(mapping, entity);
  const report: ImportReport = { read: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, errors: [] };
  const errors: ImportError[] = [];
  const note = (e: ImportError) => {
    if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
  };

  let columns: [string, number, Record<string, string> | undefined][] | undefined;
  let width = 0;
  let writer: EntityWriter<unknown> | undefined;
  const keyFields = KEY_FIELDS[entity];
  const seenKeys = new Set<string>();
  let inFlight: Promise<void> | undefined;

  let batchFirstLine: number | undefined;
  let batchLastLine = 0;
  /**
   * Writes the queued rows in one transaction with their audit row (the writer's own
   * transactions become savepoints of it). `taken` settles once the writer holds its batch:
   * until then no row may be queued, or it would join this batch under the wrong lines.
   */
  const flush = (): { taken: Promise<void>; done: Promise<void> } => {
    const lines = batchFirstLine === undefined ? null : [batchFirstLine, batchLastLine];
    batchFirstLine = undefined;
    let markTaken!: () => void;
    const taken = new Promise<void>((resolve) => (markTaken = resolve));
    const done = db
      .transaction(async (raw) => {
        const tx = raw as unknown as Db;
        const writing = writer!.flush(tx); // takes the queue synchronously
        markTaken();
        const written = await writing;
        if (written.created + written.updated > 0) {
          await appendAudit(tx, {
            actorId: options.actorId ?? null,
            action: "import-batch",
            entity,
            after: { lines, created: written.created, updated: written.updated, unchanged: written.unchanged, rejected: written.errors.length },
          });
        }
        return written;
      })
      .then((result) => {
        report.created += result.created;
        report.updated += result.updated;
        report.unchanged += result.unchanged;
        report.rejected += result.errors.length;
        for (const e of result.errors) note(e);
      })
      .finally(markTaken); // a failed BEGIN must not leave the parser waiting
    return { taken, done };
  };

  for await (const { line, cells } of readCsv(input, options.onProgress)) {
    if (!columns) {
      const resolved = resolveColumns(cells, entity, mapping);
      columns = [...resolved].map(([field, index]) => [field, index, mapping.values[field]]);
      width = cells.length;
      const present = new Set(resolved.keys());
      const refs = await loadRefs(db, REFS_NEEDED[entity]);
      writer = (
        entity === "reps"
          ? createRepsWriter(refs, present)
          : entity === "updates" || entity === "requests"
            ? createCadenceWriter(entity, refs)
            : createTableWriter(TABLES[entity], refs, present)
      ) as EntityWriter<unknown>;
      continue;
    }
    report.read++;
    // Trailing empty cells are harmless (spreadsheets add them); anything else is a broken row.
    if (cells.length < width || (cells.length > width && cells.slice(width).some((c) => c.trim() !== ""))) {
      report.rejected++;
      note({ line, field: "row", reason: `expected ${width} cells, found ${cells.length}` });
      continue;
    }
    const raw: Record<string, string> = {};
    for (const [field, index, values] of columns) {
      const cell = cells[index]!.trim();
      raw[field] = values?.[cell] ?? cell;
    }
    const parsed = parseRow(entity, raw);
    if (parsed.issues) {
      report.rejected++;
      for (const issue of parsed.issues) note({ line, ...issue });
      continue;
    }
    const row = parsed.row as Record<string, unknown>;
    const refused = options.acceptRow?.(row);
    if (refused) {
      report.rejected++;
      note({ line, ...refused });
      continue;
    }
    const key = keyFields.map((f) => (f === "period" ? (row.period as { period: string }).period : String(row[f]))).join("\u0000");
    if (seenKeys.has(key)) {
      report.rejected++;
      note({ line, field: keyFields[0]!, reason: `duplicate: an earlier row of this file has the same ${keyFields.join(" + ")}` });
      continue;
    }
    seenKeys.add(key);
    writer!.add(row, line);
    batchFirstLine ??= line;
    batchLastLine = line;
    if (writer!.pending >= writer!.batchSize) {
      // One batch in flight while the next is parsed: PostgreSQL works while JS parses.
      await inFlight;
      const next = flush();
      await next.taken;
      inFlight = next.done;
      inFlight.catch(() => {}); // handled when awaited above or below
    }
  }
  await inFlight;
  if (!columns) throw new ImportUsageError("the file is empty (no header line)");
  await flush().done;

  errors.sort((a, b) => a.line - b.line);
  report.errors = errors;
  const { errors: _omit, ...counts } = report;
  await db.insert(auditLog).values({ actorId: options.actorId ?? null, action: "import", entity, after: counts });
  if (report.created + report.updated >= ANALYZE_AFTER_ROWS) await query(db, sql.raw(`analyze ${ANALYZED_TABLES[entity].join(", ")}`));
  return report;
}

/**
 * After a large import, fresh planner statistics for the tables it wrote (and the aggregates
 * their triggers keep). PGlite has no autovacuum at all, and PostgreSQL's may have sampled the
 * table while it was still empty: with statistics saying "empty", re-importing 20,000
 * activities took 13 s instead of under 1 s (every statement planned for an empty table).
 */
const ANALYZE_AFTER_ROWS = 1_000;
const ANALYZED_TABLES: Record<ImportEntity, string[]> = {
  reps: ["users", "teams"],
  accounts: ["accounts"],
  products: ["products"],
  opportunities: ["opportunities", "opportunity_close_daily"],
  activities: ["activities", "activity_daily", "activity_monthly", "meeting_follow_ups"],
  leads: ["leads"],
  quotas: ["quotas"],
  updates: ["updates", "promises"],
  requests: ["info_requests"],
};
