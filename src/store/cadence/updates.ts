/**
 * Writing the preemptive approach (D5): a rep's update, a manager's request, a rep's mark on
 * a promise. An update is classified as it is written: it answers every request open on its
 * (rep, subject) at that moment, and is preemptive when there was none. The rows are locked
 * (`FOR UPDATE`) so two updates at once cannot both answer one request. `reclassify`
 * recomputes the stored classification from the whole history with the domain's
 * `classifyUpdates` (imports arrive out of order, so they use it). Each change appends its
 * audit row in its own transaction (the actor: the rep for updates and marks, the asker for requests).
 */
import { sql } from "drizzle-orm";
import { classifyUpdates, subjectKind } from "../../domain/cadence/index.js";
import type { CadencePromiseView, PostRequestBody, PostUpdateBody, RequestView, UpdateView } from "../../schemas/cadence.js";
import type { RepRow } from "../activity-history.js";
import { query, type Db } from "../db.js";
import { arrayLiteral } from "../../import/upsert.js";
import { appendAudit } from "../audit.js";
import { CadenceError } from "./errors.js";
import { loadPromises, loadRequests, loadUpdates, promiseView, requestView, updateView, type StoredPromise } from "./rows.js";

type Tx = Db;
const iso = (d: Date) => d.toISOString();

/** The opportunity a subject names (must be the rep's), or the account it names (must exist); null for `rep`. */
async function resolveSubject(db: Db, repId: number, subject: string): Promise<{ opportunityId: number | null }> {
  const kind = subjectKind(subject);
  if (kind === "rep") return { opportunityId: null };
  if (kind === "account") {
    const [account] = await query<{ id: number }>(db, sql`select id from accounts where name = ${subject.slice("account:".length)}`);
    if (!account) throw new CadenceError("validation", `no account named "${subject.slice("account:".length)}"`, "subject");
    return { opportunityId: null };
  }
  const [opp] = await query<{ id: string; owner_id: number }>(db, sql`select id::text as id, owner_id from opportunities where external_id = ${subject}`);
  if (!opp) throw new CadenceError("validation", `no opportunity "${subject}" (a subject is an opportunity's external id, account:<name> or rep)`, "subject");
  if (Number(opp.owner_id) !== repId) throw new CadenceError("validation", `opportunity "${subject}" is not the rep's`, "subject");
  return { opportunityId: Number(opp.id) };
}

export async function postUpdate(db: Db, options: { rep: RepRow; body: PostUpdateBody; now: Date }): Promise<UpdateView> {
  const { rep, body, now } = options;
  const { opportunityId } = await resolveSubject(db, rep.id, body.subject);
  if (body.promiseDue !== undefined && body.promiseDue < iso(now).slice(0, 10)) {
    throw new CadenceError("validation", `a promise cannot be due in the past (${body.promiseDue})`, "promiseDue");
  }
  return db.transaction(async (t) => {
    const tx = t as unknown as Tx;
    const open = await query<{ id: string }>(
      tx,
      sql`select id::text as id from info_requests
          where rep_id = ${rep.id} and subject = ${body.subject} and answered_at is null and at <= ${iso(now)}::timestamptz
          order by at, id for update`,
    );
    const [inserted] = await query<{ id: string }>(
      tx,
      sql`insert into updates (rep_id, subject, opportunity_id, at, text, performatives, preemptive)
          values (${rep.id}, ${body.subject}, ${opportunityId}, ${iso(now)}::timestamptz, ${body.text},
                  ${arrayLiteral(body.performatives)}::text[], ${open.length === 0})
          returning id::text as id`,
    );
    const updateId = Number(inserted!.id);
    if (open.length > 0) {
      await query(
        tx,
        sql`update info_requests set answered_at = ${iso(now)}::timestamptz, answered_by_update = ${updateId}
            where id in (${sql.join(open.map((r) => sql`${r.id}::bigint`), sql`, `)})`,
      );
    }
    let promise: StoredPromise | undefined;
    if (body.promiseDue !== undefined) {
      const [p] = await query<{ id: string }>(
        tx,
        sql`insert into promises (rep_id, update_id, subject, text, due) values (${rep.id}, ${updateId}, ${body.subject}, ${body.text}, ${body.promiseDue}::date)
            returning id::text as id`,
      );
      promise = { id: Number(p!.id), repId: rep.id, updateId, oneOnOneId: null, subject: body.subject, text: body.text, due: body.promiseDue, kept: null, markedAt: null };
    }
    const stored = { id: updateId, externalId: null, repId: rep.id, subject: body.subject, at: now, text: body.text, performatives: body.performatives, preemptive: open.length === 0 };
    const view = updateView(stored, open.map((r) => Number(r.id)), promise, now);
    await appendAudit(tx, {
      actorId: rep.id,
      action: "update-post",
      entity: "update",
      entityId: updateId,
      before: open.length ? { openRequests: view.answered } : null,
      after: { subject: view.subject, text: view.text, performatives: view.performatives, preemptive: view.preemptive, answered: view.answered, promise: promise ? { id: promise.id, due: promise.due } : null },
    });
    return view;
  });
}

export async function postRequest(db: Db, options: { managerId: number; managerName: string; rep: RepRow; body: PostRequestBody; now: Date }): Promise<RequestView> {
  const { rep, body, now } = options;
  await resolveSubject(db, rep.id, body.subject);
  const row = await db.transaction(async (t) => {
    const tx = t as unknown as Tx;
    const [inserted] = await query<{ id: string }>(
      tx,
      sql`insert into info_requests (manager_id, rep_id, subject, at, text)
          values (${options.managerId}, ${rep.id}, ${body.subject}, ${iso(now)}::timestamptz, ${body.text}) returning id::text as id`,
    );
    await appendAudit(tx, {
      actorId: options.managerId,
      action: "request-post",
      entity: "info_request",
      entityId: inserted!.id,
      after: { repId: rep.id, subject: body.subject, text: body.text },
    });
    return inserted;
  });
  return requestView({
    id: Number(row!.id),
    externalId: null,
    managerId: options.managerId,
    managerName: options.managerName,
    repId: rep.id,
    subject: body.subject,
    at: now,
    text: body.text,
    answeredAt: null,
    answeredByUpdate: null,
  });
}

/** The rep marks their own promise kept or broken, once. */
export async function markPromise(db: Db, options: { promiseId: number; repId: number; kept: boolean; now: Date }): Promise<CadencePromiseView> {
  const [p] = await loadPromises(db, { ids: [options.promiseId] });
  if (!p) throw new CadenceError("not_found", "Promise not found.");
  if (p.repId !== options.repId) throw new CadenceError("forbidden", "Only the rep who made a promise marks it.");
  await db.transaction(async (t) => {
    const tx = t as unknown as Tx;
    const marked = await query<{ id: string }>(
      tx,
      sql`update promises set kept = ${options.kept}, marked_at = ${iso(options.now)}::timestamptz
          where id = ${p.id} and kept is null returning id::text as id`,
    );
    if (marked.length === 0) throw new CadenceError("conflict", `This promise is already marked ${p.kept ? "kept" : "broken"}.`);
    await appendAudit(tx, {
      actorId: options.repId,
      action: options.kept ? "promise-kept" : "promise-broken",
      entity: "promise",
      entityId: p.id,
      before: { kept: null, markedAt: null },
      after: { kept: options.kept, markedAt: iso(options.now) },
    });
  });
  return promiseView({ ...p, kept: options.kept, markedAt: options.now }, options.now);
}

/**
 * Recomputes, for these reps, which updates are preemptive and which update answered each
 * request, from their whole history (the domain's `classifyUpdates`). Returns how many stored
 * rows changed. Runs inside the caller's transaction when given one.
 */
export async function reclassify(db: Db, repIds: readonly number[]): Promise<{ updates: number; requests: number }> {
  if (repIds.length === 0) return { updates: 0, requests: 0 };
  const [updates, requests] = await Promise.all([loadUpdates(db, repIds), loadRequests(db, repIds)]);
  const classified = classifyUpdates(updates, requests);
  const changedUpdates = classified.updates.filter((c) => c.update.preemptive !== c.preemptive);
  const changedRequests = classified.requests.filter(
    (c) => c.request.answeredByUpdate !== c.answeredBy || (c.request.answeredAt?.getTime() ?? null) !== (c.answeredAt?.getTime() ?? null),
  );
  if (changedUpdates.length) {
    await query(
      db,
      sql`update updates u set preemptive = c.preemptive
          from unnest(${arrayLiteral(changedUpdates.map((c) => c.update.id))}::text::bigint[], ${arrayLiteral(changedUpdates.map((c) => c.preemptive))}::text::bool[]) as c(id, preemptive)
          where u.id = c.id`,
    );
  }
  if (changedRequests.length) {
    await query(
      db,
      sql`update info_requests r set answered_at = c.answered_at, answered_by_update = c.answered_by
          from unnest(${arrayLiteral(changedRequests.map((c) => c.request.id))}::text::bigint[],
                      ${arrayLiteral(changedRequests.map((c) => c.answeredAt))}::text::timestamptz[],
                      ${arrayLiteral(changedRequests.map((c) => (c.answeredBy === null ? null : Number(c.answeredBy))))}::text::bigint[]) as c(id, answered_at, answered_by)
          where r.id = c.id`,
    );
  }
  return { updates: changedUpdates.length, requests: changedRequests.length };
}

export { loadUpdates, loadRequests };
