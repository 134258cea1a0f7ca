/**
 * Bulk activities as NDJSON (one JSON object per line) through the same importer as CSV, so
 * both formats obey the same fields and rules (docs/IMPORT.md): each line becomes one CSV
 * record, the importer runs, and its line numbers are mapped back to the NDJSON lines.
 * A line that is not a JSON object is rejected here with its line number.
 */
import { stringify } from "csv-stringify/sync";
import type { Db } from "../store/db.js";
import { FIELDS, importCsv, type ImportError, type ImportOptions, type ImportReport } from "../import/index.js";

const ACTIVITY_FIELDS = Object.keys(FIELDS.activities);
const REQUIRED = ["externalId", "rep", "kind", "at"];
const BREAKS = /\r\n|\r|\n/g;

export interface NdjsonOptions extends Pick<ImportOptions, "actorId" | "acceptRow"> {
  /** The rep a line without `rep` belongs to (the caller themselves). */
  defaultRep?: string;
}

function cell(value: unknown): string | undefined {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export async function importNdjsonActivities(db: Db, body: string, options: NdjsonOptions = {}): Promise<ImportReport> {
  const errors: ImportError[] = [];
  const records: { line: number; values: Record<string, string> }[] = [];
  let badLines = 0;
  body.split(/\r?\n/).forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      badLines++;
      errors.push({ line, field: "row", reason: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      badLines++;
      errors.push({ line, field: "row", reason: "each line must be one JSON object" });
      return;
    }
    const values: Record<string, string> = {};
    let bad = false;
    for (const field of ACTIVITY_FIELDS) {
      if (!(field in parsed)) continue;
      const text = cell((parsed as Record<string, unknown>)[field]);
      if (text === undefined) {
        errors.push({ line, field, reason: `${field} must be a string, number, boolean or null` });
        bad = true;
      } else values[field] = text;
    }
    if (bad) {
      badLines++;
      return;
    }
    if (values.rep === undefined && options.defaultRep !== undefined) values.rep = options.defaultRep;
    records.push({ line, values });
  });

  const report: ImportReport = { read: badLines, created: 0, updated: 0, unchanged: 0, rejected: badLines, errors: [] };
  if (records.length > 0) {
    const present = new Set(records.flatMap((r) => Object.keys(r.values)));
    const header = ACTIVITY_FIELDS.filter((f) => present.has(f) || REQUIRED.includes(f));
    const rows = records.map((r) => header.map((f) => r.values[f] ?? ""));
    // The CSV's physical line of each record (header = line 1) → the NDJSON line it came from.
    const lineOf = new Map<number, number>();
    let csvLine = 2;
    records.forEach((r, i) => {
      lineOf.set(csvLine, r.line);
      csvLine += 1 + rows[i]!.reduce((n, c) => n + (c.match(BREAKS)?.length ?? 0), 0);
    });
    const csv = stringify([header, ...rows]);
    const result = await importCsv(db, "activities", csv, { actorId: options.actorId, acceptRow: options.acceptRow });
    report.read += result.read;
    report.created += result.created;
    report.updated += result.updated;
    report.unchanged += result.unchanged;
    report.rejected += result.rejected;
    errors.push(...result.errors.map((e) => ({ ...e, line: lineOf.get(e.line) ?? e.line })));
  }
  report.errors = errors.sort((a, b) => a.line - b.line);
  return report;
}
