/**
 * Import field shapes of the cadence (a contract for the CSV import): `updates` and
 * `requests`, as rows of trimmed cell strings keyed by canonical field. Same conventions as
 * src/import/fields.ts: an empty cell is `null`, an absent column `undefined`, dates are ISO
 * 8601 and read as UTC when they carry no offset. Errors name the field they are about.
 * People are names here (the import resolves them to ids); the subject is normalised as in
 * `subjectSchema`.
 */
import { z } from "zod";
import { PERFORMATIVES, subjectSchema, type Performative } from "./schemas.js";
import { parseIsoInstant } from "./time.js";

export const CADENCE_IMPORT_ENTITIES = ["updates", "requests"] as const;
export type CadenceImportEntity = (typeof CADENCE_IMPORT_ENTITIES)[number];

export const CADENCE_FIELDS = {
  updates: ["externalId", "rep", "subject", "at", "text", "performatives", "promiseDue", "promiseKept"],
  requests: ["externalId", "manager", "rep", "subject", "at", "text"],
} as const satisfies Record<CadenceImportEntity, readonly string[]>;

export const CADENCE_REQUIRED_FIELDS: Record<CadenceImportEntity, readonly string[]> = {
  updates: ["externalId", "rep", "subject", "at", "performatives"],
  requests: ["externalId", "manager", "rep", "subject", "at"],
};

export interface UpdateRow {
  externalId: string;
  rep: string;
  subject: string;
  at: Date;
  text: string | null | undefined;
  performatives: Performative[];
  /** `YYYY-MM-DD`; present exactly when the performatives include promise. */
  promiseDue: string | null | undefined;
  promiseKept: boolean | null | undefined;
}

export interface RequestRow {
  externalId: string;
  manager: string;
  rep: string;
  subject: string;
  at: Date;
  text: string | null | undefined;
}

export interface FieldIssue {
  field: string;
  reason: string;
}

class CellError extends Error {}

/** ISO 8601 date or date-time; a date alone is midnight UTC, no offset means UTC. */
export function parseInstant(text: string): Date {
  const parsed = parseIsoInstant(text);
  if (typeof parsed === "string") throw new CellError(parsed);
  return parsed;
}

/** A due day: `YYYY-MM-DD` (a date-time is cut to its UTC day). */
function parseDueDay(text: string): string {
  return parseInstant(text).toISOString().slice(0, 10);
}

/** `promise; Assertion` → ["promise", "assertion"], without repeats, in the row's order. */
export function parsePerformatives(text: string): Performative[] {
  const out: Performative[] = [];
  for (const raw of text.split(";")) {
    const word = raw.trim().toLowerCase();
    if (word === "") continue;
    const hit = PERFORMATIVES.find((p) => p === word);
    if (!hit) throw new CellError(`"${raw.trim()}" is not a performative (one of: ${PERFORMATIVES.join(", ")})`);
    if (!out.includes(hit)) out.push(hit);
  }
  if (out.length === 0) throw new CellError("performatives needs at least one of: " + PERFORMATIVES.join(", "));
  return out;
}

const TRUE = new Set(["true", "yes", "y", "1", "kept"]);
const FALSE = new Set(["false", "no", "n", "0", "broken"]);

function parseKept(text: string): boolean {
  const t = text.toLowerCase();
  if (TRUE.has(t)) return true;
  if (FALSE.has(t)) return false;
  throw new CellError(`"${text}" is not true or false`);
}

function parseSubject(text: string): string {
  const parsed = subjectSchema.safeParse(text);
  if (!parsed.success) throw new CellError("subject is required");
  return parsed.data;
}

type Parse = (text: string) => unknown;
const PARSERS: Record<string, Parse> = {
  at: parseInstant,
  subject: parseSubject,
  performatives: parsePerformatives,
  promiseDue: parseDueDay,
  promiseKept: parseKept,
};

function parseCells(entity: CadenceImportEntity, raw: Record<string, string>): { row: Record<string, unknown>; issues: FieldIssue[] } {
  const row: Record<string, unknown> = {};
  const issues: FieldIssue[] = [];
  const required = CADENCE_REQUIRED_FIELDS[entity];
  for (const field of CADENCE_FIELDS[entity]) {
    const cell = raw[field];
    if (cell === undefined || cell.trim() === "") {
      if (required.includes(field)) issues.push({ field, reason: `${field} is required` });
      else if (cell !== undefined) row[field] = null;
      continue;
    }
    try {
      row[field] = (PARSERS[field] ?? ((t: string) => t))(cell.trim());
    } catch (err) {
      if (!(err instanceof CellError)) throw err;
      issues.push({ field, reason: err.message });
    }
  }
  return { row, issues };
}

/** One `updates` row: the typed row, or every issue by field (promise fields checked together). */
export function parseUpdateRow(raw: Record<string, string>): { row: UpdateRow; issues?: undefined } | { row?: undefined; issues: FieldIssue[] } {
  const { row, issues } = parseCells("updates", raw);
  const performatives = row.performatives as Performative[] | undefined;
  if (performatives) {
    const promises = performatives.includes("promise");
    if (promises && (row.promiseDue === undefined || row.promiseDue === null) && !issues.some((i) => i.field === "promiseDue")) {
      issues.push({ field: "promiseDue", reason: "promiseDue is required when performatives include promise" });
    }
    if (!promises && typeof row.promiseDue === "string") {
      issues.push({ field: "promiseDue", reason: "promiseDue is set but performatives do not include promise" });
    }
    if (!promises && typeof row.promiseKept === "boolean") {
      issues.push({ field: "promiseKept", reason: "promiseKept is set but performatives do not include promise" });
    }
  }
  return issues.length > 0 ? { issues } : { row: row as unknown as UpdateRow };
}

export function parseRequestRow(raw: Record<string, string>): { row: RequestRow; issues?: undefined } | { row?: undefined; issues: FieldIssue[] } {
  const { row, issues } = parseCells("requests", raw);
  return issues.length > 0 ? { issues } : { row: row as unknown as RequestRow };
}

function rowSchemaOf<T>(parse: (raw: Record<string, string>) => { row: T; issues?: undefined } | { row?: undefined; issues: FieldIssue[] }) {
  return z.record(z.string(), z.string()).transform((raw, ctx): T => {
    const parsed = parse(raw);
    if (parsed.row !== undefined) return parsed.row;
    for (const issue of parsed.issues ?? []) ctx.issues.push({ code: "custom", message: issue.reason, path: [issue.field], input: raw[issue.field] });
    return z.NEVER;
  });
}

/** zod schemas of one row: cell strings by canonical field in, typed values out; issues carry the field as path. */
export const updateRowSchema = rowSchemaOf(parseUpdateRow);
export const requestRowSchema = rowSchemaOf(parseRequestRow);
