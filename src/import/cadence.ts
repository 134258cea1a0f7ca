/**
 * Importing the cadence's history: `updates` and `requests` (rows parsed by the domain's
 * src/domain/cadence/fields.ts). Each batch, in one transaction: resolve people and subjects
 * from the reference maps (unknown ones are row errors naming the field), classify the batch's
 * updates against the reps' whole history (so a re-run changes nothing), upsert on
 * `external_id`, keep each update's promise in step, then `reclassify` the reps so stored
 * classifications and answered requests match the domain's `classifyUpdates` again.
 */
import { sql } from "drizzle-orm";
import { classifyUpdates, subjectKind, type RequestRow, type UpdateRow } from "../domain/cadence/index.js";
import { loadRequests, loadUpdates } from "../store/cadence/rows.js";
import { reclassify } from "../store/cadence/updates.js";
import { query, type Db } from "../store/db.js";
import type { Refs } from "./refs.js";
import type { ImportError } from "./report.js";
import { arrayLiteral, upsertRows, type Cell, type UpsertSpec } from "./upsert.js";
import type { EntityWriter, FlushResult, RowProblem } from "./writer.js";

type Tx = Db;

function subjectRef(subject: string, refs: Refs): { opportunityId: number | null } | RowProblem {
  const kind = subjectKind(subject);
  if (kind === "rep") return { opportunityId: null };
  if (kind === "account") {
    const name = subject.slice("account:".length);
    return refs.accounts.has(name) ? { opportunityId: null } : { field: "subject", reason: `unknown account "${name}"` };
  }
  const id = refs.opportunities.get(subject);
  return id === undefined ? { field: "subject", reason: `unknown opportunity "${subject}" (a subject is an opportunity's external id, account:<name> or rep)` } : { opportunityId: id };
}

const person = (refs: Refs, name: string, field: string): number | RowProblem => refs.users.get(name) ?? { field, reason: `unknown ${field} "${name}"` };
const isProblem = (v: unknown): v is RowProblem => typeof v === "object" && v !== null && "reason" in v;

const UPDATE_SPEC: UpsertSpec = {
  table: "updates",
  key: ["external_id"],
  touchUpdatedAt: false,
  columns: [
    { name: "external_id", type: "text" },
    { name: "rep_id", type: "int4" },
    { name: "subject", type: "text" },
    { name: "opportunity_id", type: "int8" },
    { name: "at", type: "timestamptz" },
    { name: "text", type: "text" },
    { name: "performatives", type: "text[]" },
    { name: "preemptive", type: "bool" },
  ],
};

const PROMISE_SPEC: UpsertSpec = {
  table: "promises",
  key: ["update_id"],
  touchUpdatedAt: false,
  columns: [
    { name: "update_id", type: "int8" },
    { name: "rep_id", type: "int4" },
    { name: "subject", type: "text" },
    { name: "text", type: "text" },
    { name: "due", type: "date" },
    { name: "kept", type: "bool" },
  ],
};

const REQUEST_SPEC: UpsertSpec = {
  table: "info_requests",
  key: ["external_id"],
  touchUpdatedAt: false,
  columns: [
    { name: "external_id", type: "text" },
    { name: "manager_id", type: "int4" },
    { name: "rep_id", type: "int4" },
    { name: "subject", type: "text" },
    { name: "at", type: "timestamptz" },
    { name: "text", type: "text" },
  ],
};

interface Resolved<Row> {
  row: Row;
  line: number;
  repId: number;
  managerId?: number;
  opportunityId: number | null;
}

function resolveRows<Row extends { rep: string; subject: string; manager?: string }>(batch: { row: Row; line: number }[], refs: Refs, errors: ImportError[]): Resolved<Row>[] {
  const good: Resolved<Row>[] = [];
  for (const { row, line } of batch) {
    const repId = person(refs, row.rep, "rep");
    const managerId = row.manager === undefined ? undefined : person(refs, row.manager, "manager");
    const subject = subjectRef(row.subject, refs);
    const problem = [repId, managerId, subject].find(isProblem);
    if (problem) errors.push({ line, ...(problem as RowProblem) });
    else good.push({ row, line, repId: repId as number, managerId: managerId as number | undefined, opportunityId: (subject as { opportunityId: number | null }).opportunityId });
  }
  return good;
}

async function writeUpdates(tx: Tx, rows: Resolved<UpdateRow>[]): Promise<{ created: number; updated: number }> {
  const repIds = [...new Set(rows.map((r) => r.repId))];
  // Classify against the stored history with this batch's rows in place of their stored versions.
  const [stored, requests] = await Promise.all([loadUpdates(tx, repIds), loadRequests(tx, repIds)]);
  const incoming = new Set(rows.map((r) => r.row.externalId));
  const history = [
    ...stored.filter((u) => u.externalId === null || !incoming.has(u.externalId)).map((u) => ({ id: u.id as number | string, repId: u.repId, subject: u.subject, at: u.at })),
    ...rows.map((r) => ({ id: `import:${r.row.externalId}`, repId: r.repId, subject: r.row.subject, at: r.row.at })),
  ];
  const preemptive = new Map(classifyUpdates(history, requests).updates.map((c) => [c.update.id, c.preemptive]));
  const cells: Cell[][] = rows.map((r) => [
    r.row.externalId,
    r.repId,
    r.row.subject,
    r.opportunityId,
    r.row.at,
    r.row.text ?? "",
    r.row.performatives,
    preemptive.get(`import:${r.row.externalId}`) ?? true,
  ]);
  const result = await upsertRows(tx, UPDATE_SPEC, cells);
  const ids = await query<{ id: string; external_id: string }>(
    tx,
    sql`select id::text as id, external_id from updates where external_id = any(${arrayLiteral([...incoming])}::text::text[])`,
  );
  const idOf = new Map(ids.map((r) => [r.external_id, Number(r.id)]));
  const withPromise = rows.filter((r) => r.row.performatives.includes("promise") && r.row.promiseDue);
  const promiseCells: Cell[][] = withPromise.map((r) => [idOf.get(r.row.externalId)!, r.repId, r.row.subject, r.row.text ?? "", r.row.promiseDue!, r.row.promiseKept ?? null]);
  const promises = await upsertRows(tx, PROMISE_SPEC, promiseCells);
  const without = rows.filter((r) => !r.row.performatives.includes("promise")).map((r) => idOf.get(r.row.externalId)!);
  const dropped = without.length
    ? await query(tx, sql`delete from promises where update_id = any(${arrayLiteral(without)}::text::bigint[]) returning id`)
    : [];
  await reclassify(tx, repIds);
  // An update whose promise alone changed counts as updated.
  const changed = Math.min(rows.length - result.created, result.updated + promises.updated + dropped.length);
  return { created: result.created, updated: changed };
}

async function writeRequests(tx: Tx, rows: Resolved<RequestRow>[]): Promise<{ created: number; updated: number }> {
  const cells: Cell[][] = rows.map((r) => [r.row.externalId, r.managerId!, r.repId, r.row.subject, r.row.at, r.row.text ?? ""]);
  const result = await upsertRows(tx, REQUEST_SPEC, cells);
  await reclassify(tx, [...new Set(rows.map((r) => r.repId))]);
  return result;
}

export function createCadenceWriter(entity: "updates" | "requests", refs: Refs): EntityWriter<UpdateRow | RequestRow> {
  let queue: { row: UpdateRow | RequestRow; line: number }[] = [];
  return {
    batchSize: 5000,
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
      const good = resolveRows(batch as { row: UpdateRow & RequestRow; line: number }[], refs, result.errors);
      if (good.length === 0) return result;
      const written = await db.transaction((t) =>
        entity === "updates" ? writeUpdates(t as unknown as Tx, good as Resolved<UpdateRow>[]) : writeRequests(t as unknown as Tx, good as Resolved<RequestRow>[]),
      );
      result.created = written.created;
      result.updated = written.updated;
      result.unchanged = good.length - written.created - written.updated;
      return result;
    },
  };
}
