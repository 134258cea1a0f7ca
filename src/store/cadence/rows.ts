/**
 * Loading the cadence's stored rows as the domain's plain shapes: updates, requests and
 * promises of some reps, in one query each, plus their API views.
 */
import { sql } from "drizzle-orm";
import { promiseState, type CadenceRequest, type CadenceUpdate, type Performative } from "../../domain/cadence/index.js";
import type { CadencePromiseView, RequestView, UpdateView } from "../../schemas/cadence.js";
import { query, type Db } from "../db.js";

export const idList = (ids: readonly number[]) => (ids.length ? sql.join(ids.map((id) => sql`${id}`), sql`, `) : sql`null`);
const iso = (v: string | Date) => new Date(v).toISOString();
const isoOrNull = (v: string | Date | null) => (v === null ? null : iso(v));

export interface StoredUpdate {
  id: number;
  externalId: string | null;
  repId: number;
  subject: string;
  at: Date;
  text: string;
  performatives: Performative[];
  preemptive: boolean;
}

export interface StoredRequest {
  id: number;
  externalId: string | null;
  managerId: number;
  managerName: string;
  repId: number;
  subject: string;
  at: Date;
  text: string;
  answeredAt: Date | null;
  answeredByUpdate: number | null;
}

export interface StoredPromise {
  id: number;
  repId: number;
  updateId: number | null;
  oneOnOneId: number | null;
  subject: string;
  text: string;
  due: string;
  kept: boolean | null;
  markedAt: Date | null;
}

/** PostgreSQL text[] comes back parsed from pg and as a string literal from some paths: accept both. */
function textArray(v: unknown): string[] {
  if (Array.isArray(v)) return v as string[];
  const s = String(v);
  return s === "{}" ? [] : s.slice(1, -1).split(",").map((x) => x.replace(/^"|"$/g, ""));
}

export async function loadUpdates(db: Db, repIds: readonly number[], options: { until?: Date } = {}): Promise<StoredUpdate[]> {
  if (repIds.length === 0) return [];
  const rows = await query<{ id: string; external_id: string | null; rep_id: number; subject: string; at: string | Date; text: string; performatives: unknown; preemptive: boolean }>(
    db,
    sql`select id::text as id, external_id, rep_id, subject, at, text, performatives, preemptive from updates
        where rep_id in (${idList(repIds)}) ${options.until ? sql`and at <= ${options.until.toISOString()}::timestamptz` : sql``}
        order by at, id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    externalId: r.external_id,
    repId: Number(r.rep_id),
    subject: r.subject,
    at: new Date(r.at),
    text: r.text,
    performatives: textArray(r.performatives) as Performative[],
    preemptive: r.preemptive,
  }));
}

export async function loadRequests(db: Db, repIds: readonly number[]): Promise<StoredRequest[]> {
  if (repIds.length === 0) return [];
  const rows = await query<{
    id: string;
    external_id: string | null;
    manager_id: number;
    manager_name: string;
    rep_id: number;
    subject: string;
    at: string | Date;
    text: string;
    answered_at: string | Date | null;
    answered_by_update: string | null;
  }>(
    db,
    sql`select r.id::text as id, r.external_id, r.manager_id, m.name as manager_name, r.rep_id, r.subject, r.at, r.text, r.answered_at,
               r.answered_by_update::text as answered_by_update
        from info_requests r join users m on m.id = r.manager_id
        where r.rep_id in (${idList(repIds)}) order by r.at, r.id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    externalId: r.external_id,
    managerId: Number(r.manager_id),
    managerName: r.manager_name,
    repId: Number(r.rep_id),
    subject: r.subject,
    at: new Date(r.at),
    text: r.text,
    answeredAt: r.answered_at === null ? null : new Date(r.answered_at),
    answeredByUpdate: r.answered_by_update === null ? null : Number(r.answered_by_update),
  }));
}

export async function loadPromises(db: Db, where: { repIds?: readonly number[]; oneOnOneId?: number; ids?: readonly number[] }): Promise<StoredPromise[]> {
  const conditions = [
    where.repIds ? sql`rep_id in (${idList(where.repIds)})` : undefined,
    where.oneOnOneId !== undefined ? sql`one_on_one_id = ${where.oneOnOneId}` : undefined,
    where.ids ? sql`id in (${idList(where.ids)})` : undefined,
  ].filter((c) => c !== undefined);
  if (conditions.length === 0) return [];
  const rows = await query<{
    id: string;
    rep_id: number;
    update_id: string | null;
    one_on_one_id: string | null;
    subject: string;
    text: string;
    due: string;
    kept: boolean | null;
    marked_at: string | Date | null;
  }>(
    db,
    sql`select id::text as id, rep_id, update_id::text as update_id, one_on_one_id::text as one_on_one_id, subject, text,
               to_char(due, 'YYYY-MM-DD') as due, kept, marked_at
        from promises where ${sql.join(conditions, sql` and `)} order by due, id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    repId: Number(r.rep_id),
    updateId: r.update_id === null ? null : Number(r.update_id),
    oneOnOneId: r.one_on_one_id === null ? null : Number(r.one_on_one_id),
    subject: r.subject,
    text: r.text,
    due: r.due,
    kept: r.kept,
    markedAt: r.marked_at === null ? null : new Date(r.marked_at),
  }));
}

/** As the domain reads them: the update carries its promise (when it made one). */
export function domainUpdates(updates: readonly StoredUpdate[], promises: readonly StoredPromise[]): CadenceUpdate[] {
  const byUpdate = new Map(promises.filter((p) => p.updateId !== null).map((p) => [p.updateId!, p]));
  return updates.map((u) => {
    const p = byUpdate.get(u.id);
    return {
      id: u.id,
      repId: u.repId,
      subject: u.subject,
      at: u.at,
      text: u.text,
      performatives: u.performatives,
      promise: p ? { due: p.due, kept: p.kept, markedAt: p.markedAt } : null,
    };
  });
}

export function domainRequests(requests: readonly StoredRequest[]): CadenceRequest[] {
  return requests.map((r) => ({ id: r.id, managerId: r.managerId, repId: r.repId, subject: r.subject, at: r.at, text: r.text }));
}

export function promiseView(p: StoredPromise, now: Date): CadencePromiseView {
  const state = promiseState({ due: p.due, kept: p.kept, markedAt: p.markedAt }, now);
  return {
    id: p.id,
    repId: p.repId,
    subject: p.subject,
    text: p.text,
    due: p.due,
    updateId: p.updateId,
    oneOnOneId: p.oneOnOneId,
    state: state.state,
    kept: p.kept,
    markedAt: p.markedAt === null ? null : p.markedAt.toISOString(),
    brokeAt: state.state === "broken" ? state.brokeAt.toISOString() : null,
  };
}

export function requestView(r: StoredRequest): RequestView {
  return {
    id: r.id,
    externalId: r.externalId,
    managerId: r.managerId,
    managerName: r.managerName,
    repId: r.repId,
    subject: r.subject,
    at: r.at.toISOString(),
    text: r.text,
    answeredAt: isoOrNull(r.answeredAt),
    answeredByUpdate: r.answeredByUpdate,
  };
}

export function updateView(u: StoredUpdate, answered: number[], promise: StoredPromise | undefined, now: Date): UpdateView {
  return {
    id: u.id,
    externalId: u.externalId,
    repId: u.repId,
    subject: u.subject,
    at: u.at.toISOString(),
    text: u.text,
    performatives: u.performatives,
    preemptive: u.preemptive,
    answered,
    promise: promise ? promiseView(promise, now) : null,
  };
}
