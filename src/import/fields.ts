/**
 * The canonical import fields of each entity and the zod schema of one row, shared by the
 * CLI and the API (POST /api/v1/import/{entity}). A row is a record of trimmed cell strings
 * keyed by canonical field; only the columns present in the file appear in it. An empty cell
 * parses to `null` ("the export says nothing"), an absent column to `undefined` ("leave it").
 */
import { z } from "zod";
import { ACTIVITY_KINDS, OUTCOMES, ROLES } from "../store/schema.js";
import {
  CADENCE_FIELDS,
  CADENCE_REQUIRED_FIELDS,
  parseRequestRow,
  parseUpdateRow,
  requestRowSchema,
  updateRowSchema,
  type CadenceImportEntity,
  type RequestRow,
  type UpdateRow,
} from "../domain/cadence/fields.js";
import {
  CellError,
  parseBoolean,
  parseChoice,
  parseDate,
  parseDecimal,
  parseEmail,
  parseInteger,
  parseList,
  parseMoneyCents,
  parsePeriod,
} from "./cells.js";

export const IMPORT_ENTITIES = ["reps", "accounts", "products", "opportunities", "activities", "leads", "quotas", "updates", "requests"] as const;
export const importEntitySchema = z.enum(IMPORT_ENTITIES);
export type ImportEntity = z.infer<typeof importEntitySchema>;

/** A cell parser: trimmed non-empty text in, typed value out, `CellError` when it is not one. */
type Parse<T> = (text: string) => T;

interface FieldSpec<T> {
  parse: Parse<T>;
  /** The column must be in the file and the cell must not be empty (keys and references). */
  required?: boolean;
}

const text: FieldSpec<string> = { parse: (t) => t };
const required = <T>(spec: FieldSpec<T>): FieldSpec<T> & { required: true } => ({ ...spec, required: true });
const date: FieldSpec<Date> = { parse: parseDate };
const money: FieldSpec<number> = { parse: parseMoneyCents };
const list: FieldSpec<string[]> = { parse: parseList };
const count: FieldSpec<number> = { parse: (t) => parseInteger(t, { min: 0 }) };
const choice = <T extends string>(allowed: readonly T[]): FieldSpec<T> => ({ parse: (t) => parseChoice(t, allowed) });

/**
 * The cadence's entities parse by the domain's rules (src/domain/cadence/fields.ts); here they
 * only name their columns and which are required.
 */
function cadenceFields<E extends CadenceImportEntity>(entity: E): Record<(typeof CADENCE_FIELDS)[E][number], FieldSpec<string>> {
  return Object.fromEntries(
    CADENCE_FIELDS[entity].map((f) => [f, CADENCE_REQUIRED_FIELDS[entity].includes(f) ? required(text) : text]),
  ) as Record<(typeof CADENCE_FIELDS)[E][number], FieldSpec<string>>;
}

/** Canonical fields per entity, in documentation order. */
export const FIELDS = {
  reps: {
    name: required(text),
    email: { parse: parseEmail },
    team: text,
    manager: text,
    office: text,
    role: choice(ROLES),
    regions: list,
    segments: list,
    products: list,
    languages: list,
    capacity: count,
    outOfOfficeFrom: date,
    outOfOfficeTo: date,
  },
  accounts: {
    name: required(text),
    sector: text,
    employees: count,
    revenue: { parse: (t: string) => parseDecimal(t.replace(/,(?=\d{3}(\D|$))/g, "")) },
    location: text,
    yearEstablished: { parse: (t: string) => parseInteger(t, { min: 1 }) },
    subsidiaryOf: text,
  },
  products: {
    name: required(text),
    series: text,
    price: money,
  },
  opportunities: {
    externalId: required(text),
    owner: required(text),
    product: text,
    account: text,
    stage: required(text),
    outcome: choice(OUTCOMES),
    value: money,
    cost: money,
    engagedAt: date,
    closedAt: date,
    createdOn: date,
    nextStep: text,
    mutualActionPlan: text,
    discountPct: { parse: (t: string) => parseDecimal(t.replace(/%$/, ""), { min: 0, max: 100 }) },
  },
  activities: {
    externalId: required(text),
    rep: required(text),
    kind: required(choice(ACTIVITY_KINDS)),
    proactive: { parse: parseBoolean },
    at: required(date),
    durationMinutes: count,
    account: text,
    opportunity: text,
    lead: text,
    outcome: text,
  },
  leads: {
    externalId: required(text),
    arrivedAt: required(date),
    team: text,
    product: text,
    segment: text,
    region: text,
    language: text,
    account: text,
    source: text,
    value: money,
  },
  quotas: {
    rep: required(text),
    period: required({ parse: parsePeriod }),
    amount: required(money),
  },
  updates: cadenceFields("updates"),
  requests: cadenceFields("requests"),
} satisfies Record<ImportEntity, Record<string, FieldSpec<unknown>>>;

type Fields = typeof FIELDS;
type ValueOf<S> = S extends FieldSpec<infer T> ? T : never;
/** A parsed row of `entity`: required fields are always there, others may be null or absent. */
export type ImportRow<E extends ImportEntity> = E extends "updates"
  ? UpdateRow
  : E extends "requests"
    ? RequestRow
    : {
        [K in keyof Fields[E]]: Fields[E][K] extends { required: true } ? ValueOf<Fields[E][K]> : ValueOf<Fields[E][K]> | null | undefined;
      };

export function fieldNames(entity: ImportEntity): string[] {
  return Object.keys(FIELDS[entity]);
}

export function requiredFields(entity: ImportEntity): string[] {
  return Object.entries(FIELDS[entity] as Record<string, FieldSpec<unknown>>)
    .filter(([, spec]) => spec.required)
    .map(([name]) => name);
}

/** The natural key fields of each entity (quotas: rep + period). */
export const KEY_FIELDS: Record<ImportEntity, string[]> = {
  reps: ["name"],
  accounts: ["name"],
  products: ["name"],
  opportunities: ["externalId"],
  activities: ["externalId"],
  leads: ["externalId"],
  quotas: ["rep", "period"],
  updates: ["externalId"],
  requests: ["externalId"],
};

/** One cell by the rules of its field: the value, or the reason it is refused. */
function parseCell<T>(name: string, spec: FieldSpec<T>, raw: string): { value: T | null } | { reason: string } {
  const value = raw.trim();
  if (value === "") return spec.required ? { reason: `${name} is required` } : { value: null };
  try {
    return { value: spec.parse(value) };
  } catch (err) {
    if (err instanceof CellError) return { reason: err.message };
    throw err;
  }
}

function cellSchema<T>(name: string, spec: FieldSpec<T>) {
  return z.string().transform((raw, ctx): T | null => {
    const cell = parseCell(name, spec, raw);
    if ("value" in cell) return cell.value;
    ctx.issues.push({ code: "custom", message: cell.reason, input: raw });
    return z.NEVER;
  });
}

function rowSchema<E extends ImportEntity>(entity: E) {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, spec] of Object.entries(FIELDS[entity] as Record<string, FieldSpec<unknown>>)) {
    const cell = cellSchema(name, spec);
    shape[name] = spec.required ? cell : cell.optional();
  }
  return z.object(shape) as unknown as z.ZodType<ImportRow<E>, Record<string, string>>;
}

/** zod schema of one row per entity: cell strings by canonical field in, typed values out. */
export const rowSchemas: { [E in ImportEntity]: z.ZodType<ImportRow<E>, Record<string, string>> } = {
  reps: rowSchema("reps"),
  accounts: rowSchema("accounts"),
  products: rowSchema("products"),
  opportunities: rowSchema("opportunities"),
  activities: rowSchema("activities"),
  leads: rowSchema("leads"),
  quotas: rowSchema("quotas"),
  updates: updateRowSchema as unknown as z.ZodType<UpdateRow, Record<string, string>>,
  requests: requestRowSchema as unknown as z.ZodType<RequestRow, Record<string, string>>,
};

export interface FieldIssue {
  field: string;
  reason: string;
}

/**
 * The same rules as `rowSchemas[entity]` (the same cell parsers), without zod's per-row
 * overhead: the import's hot path, where a million rows must stay cheap.
 */
export function parseRow<E extends ImportEntity>(
  entity: E,
  raw: Record<string, string>,
): { row: ImportRow<E>; issues?: undefined } | { row?: undefined; issues: FieldIssue[] } {
  type Parsed = { row: ImportRow<E>; issues?: undefined } | { row?: undefined; issues: FieldIssue[] };
  if (entity === "updates") return parseUpdateRow(raw) as Parsed;
  if (entity === "requests") return parseRequestRow(raw) as Parsed;
  const specs = FIELDS[entity] as Record<string, FieldSpec<unknown>>;
  const row: Record<string, unknown> = {};
  let issues: FieldIssue[] | undefined;
  for (const field in specs) {
    const spec = specs[field]!;
    const text = raw[field];
    if (text === undefined) {
      if (spec.required) (issues ??= []).push({ field, reason: `${field} is required` });
      continue;
    }
    const cell = parseCell(field, spec, text);
    if ("value" in cell) row[field] = cell.value;
    else (issues ??= []).push({ field, reason: cell.reason });
  }
  return issues ? { issues } : { row: row as ImportRow<E> };
}
