/**
 * The outbox dispatcher (docs/CADENCE.md, Notifications). At-least-once delivery of each
 * outbox item to its targets: every active webhook endpoint of its team (signed, see
 * sign.ts) and, when a mailer is configured, one email per recipient with an address.
 *
 * - **Claiming.** One item at a time, with `FOR UPDATE SKIP LOCKED`: the claim pushes
 *   `available_at` to now + lease and counts the attempt, in one autocommitted statement.
 *   That `available_at` value is the claim's token: before each target the dispatcher renews
 *   the lease only if the token is still its own (compare-and-set), and it settles the item
 *   under the same condition. So two dispatchers (two server processes) never work on one
 *   item at once; one that stalls past its lease loses the item to the next, and its late
 *   writes change nothing but the delivery rows of attempts it really made.
 * - **Targets.** An item is done for a target once a delivery to it succeeded (or an SMTP
 *   server refused the recipient for good); a retry goes only to the targets still missing.
 * - **Recording.** Every attempt at every target is a `deliveries` row: target, attempt
 *   number, status, HTTP or SMTP code, error (never a URL, secret or password) and time.
 * - **Retries.** After a failed attempt n the item waits min(maxDelay, baseDelay·2^(n−1)):
 *   30 s, 1 min, 2 min … capped at 1 h. After `maxAttempts` (80: about three days of
 *   retries) it is dead (`failed_at`), kept, and listed by `deadItems`.
 */
import { sql } from "drizzle-orm";
import { query, type Db } from "../store/db.js";
import { describeNotification, type Mailer } from "./email.js";
import { DELIVERY_HEADER, EVENT_HEADER, ATTEMPT_HEADER, SIGNATURE_HEADER, sign } from "./sign.js";

export interface DispatchOptions {
  /** The clock: a fixed instant, or a function read at each step (leases, signatures). */
  now: Date | (() => Date);
  /** Email transport; null or absent: no email targets. */
  mailer?: Mailer | null;
  /** Items handled in one run at most (default 200). */
  limit?: number;
  /** How long a claim holds an item before another dispatcher may take it (default 60 s; renewed before each target). */
  leaseMs?: number;
  /** Attempts before an item is dead (default 80). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** One webhook request's time limit (default 10 s); must be shorter than the lease. */
  timeoutMs?: number;
}

export type DeliveryStatus = "delivered" | "failed" | "rejected";

export interface DeliveryAttempt {
  outboxId: number;
  target: string;
  attempt: number;
  status: DeliveryStatus;
  code: number | null;
  error: string | null;
  durationMs: number;
}

export interface DispatchRun {
  claimed: number;
  delivered: number;
  retrying: number;
  /** Items that became dead in this run. */
  failed: number;
  /** Items another dispatcher took over (this one's lease ran out). */
  lost: number;
  attempts: DeliveryAttempt[];
}

export const DISPATCH_DEFAULTS = {
  limit: 200,
  leaseMs: 60_000,
  maxAttempts: 80,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  timeoutMs: 10_000,
} as const;

/** The wait after failed attempt `attempt` (1-based). */
export function backoffMs(attempt: number, options: { baseDelayMs?: number; maxDelayMs?: number } = {}): number {
  const base = options.baseDelayMs ?? DISPATCH_DEFAULTS.baseDelayMs;
  const cap = options.maxDelayMs ?? DISPATCH_DEFAULTS.maxDelayMs;
  return Math.min(cap, base * 2 ** Math.min(attempt - 1, 40));
}

type Claimed = {
  id: string;
  kind: string;
  payload: Record<string, unknown> & { recipients?: unknown; teamId?: number | null };
  created_at: string | Date;
  attempts: number;
};

interface SendResult {
  status: DeliveryStatus;
  code: number | null;
  error: string | null;
}

interface Target {
  key: string;
  send(attempt: number): Promise<SendResult>;
}

/** Removes every occurrence of the given strings (URLs, secrets) from an error text. */
export function scrub(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("…");
  return out.length > 500 ? `${out.slice(0, 500)}…` : out;
}

function webhookError(err: unknown, url: string, secret: string, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return `timeout after ${timeoutMs} ms`;
  const text = e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    /* an invalid URL: scrub it whole */
  }
  return scrub(text, [url, secret, parsed?.pathname && parsed.pathname !== "/" ? parsed.pathname : null, parsed?.search || null, parsed?.password || null]);
}

async function targetsOf(db: Db, row: Claimed, clock: () => Date, mailer: Mailer | null, timeoutMs: number): Promise<Target[]> {
  const teamId = typeof row.payload.teamId === "number" ? row.payload.teamId : null;
  const hooks = await query<{ id: number; url: string; secret: string }>(
    db,
    // An endpoint of a team also receives its sub-teams' items (a regional office hears from its
    // teams); `union` stops at a cycle in parent links.
    sql`with recursive up(id) as (
          select ${teamId}::int where ${teamId}::int is not null
          union select t.parent_id from teams t join up on t.id = up.id where t.parent_id is not null)
        select id, url, secret from webhook_endpoints where active and (team_id is null or team_id in (select id from up)) order by id`,
  );
  // The same bytes on every attempt: receivers dedupe on the item id (X-Proactive-Delivery).
  const body = JSON.stringify({ id: Number(row.id), kind: row.kind, createdAt: new Date(row.created_at).toISOString(), payload: row.payload });
  const targets: Target[] = hooks.map((h) => ({
    key: `webhook:${h.id}`,
    async send(attempt) {
      try {
        const res = await fetch(h.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "user-agent": "Proactive-Webhooks/1",
            [SIGNATURE_HEADER]: sign(body, h.secret, clock()),
            [EVENT_HEADER]: row.kind,
            [DELIVERY_HEADER]: row.id,
            [ATTEMPT_HEADER]: String(attempt),
          },
          body,
          redirect: "manual", // a redirect is a failure: the signed body never goes elsewhere
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.body?.cancel().catch(() => undefined);
        const ok = res.status >= 200 && res.status < 300;
        return { status: ok ? "delivered" : "failed", code: res.status, error: ok ? null : `HTTP ${res.status}` };
      } catch (err) {
        return { status: "failed", code: null, error: webhookError(err, h.url, h.secret, timeoutMs) };
      }
    },
  }));
  const recipients = Array.isArray(row.payload.recipients) ? row.payload.recipients.filter((id): id is number => Number.isInteger(id)) : [];
  if (mailer && recipients.length) {
    const users = await query<{ email: string }>(
      db,
      sql`select distinct lower(email) as email from users
          where active and email is not null and email <> '' and id in (${sql.join(recipients.map((id) => sql`${id}`), sql`, `)}) order by 1`,
    );
    const message = describeNotification(row.kind, row.payload);
    for (const { email } of users) {
      targets.push({
        key: `email:${email}`,
        async send() {
          try {
            await mailer.send({ to: email, ...message });
            return { status: "delivered", code: 250, error: null };
          } catch (err) {
            const e = err as { responseCode?: number; code?: string; message?: string };
            // The server refused this recipient or message for good (5xx): retrying will not help.
            const permanent = typeof e.responseCode === "number" && e.responseCode >= 500 && (e.code === "EENVELOPE" || e.code === "EMESSAGE");
            return { status: permanent ? "rejected" : "failed", code: e.responseCode ?? null, error: e.message ?? String(err) };
          }
        },
      });
    }
  }
  return targets;
}

async function claimOne(db: Db, now: Date, leaseMs: number): Promise<{ row: Claimed; token: string } | undefined> {
  const token = new Date(now.getTime() + leaseMs).toISOString();
  const [row] = await query<Claimed>(
    db,
    sql`with due as (
          select id from outbox
          where delivered_at is null and failed_at is null and available_at <= ${now.toISOString()}::timestamptz
          order by available_at, id limit 1 for update skip locked)
        update outbox o set available_at = ${token}::timestamptz, attempts = o.attempts + 1
        from due where o.id = due.id
        returning o.id::text as id, o.kind, o.payload, o.created_at, o.attempts`,
  );
  return row ? { row: { ...row, attempts: Number(row.attempts) }, token } : undefined;
}

/** Extends the lease if it is still ours; the new token, or null when another dispatcher holds the item. */
async function renew(db: Db, id: string, token: string, now: Date, leaseMs: number): Promise<string | null> {
  const next = new Date(Math.max(now.getTime() + leaseMs, Date.parse(token))).toISOString();
  const rows = await query(
    db,
    sql`update outbox set available_at = ${next}::timestamptz
        where id = ${id}::bigint and available_at = ${token}::timestamptz and delivered_at is null and failed_at is null returning id`,
  );
  return rows.length ? next : null;
}

/** Delivers what is due; see the module comment. Safe to run in several processes at once. */
export async function dispatchOutbox(db: Db, options: DispatchOptions): Promise<DispatchRun> {
  const opts = { ...DISPATCH_DEFAULTS, ...stripUndefined(options) };
  const clock = typeof options.now === "function" ? options.now : () => options.now as Date;
  const mailer = options.mailer ?? null;
  if (opts.leaseMs <= opts.timeoutMs) throw new Error("dispatchOutbox: leaseMs must be longer than timeoutMs");
  const run: DispatchRun = { claimed: 0, delivered: 0, retrying: 0, failed: 0, lost: 0, attempts: [] };

  while (run.claimed < opts.limit) {
    const claimed = await claimOne(db, clock(), opts.leaseMs);
    if (!claimed) break;
    run.claimed++;
    const { row } = claimed;
    let token: string | null = claimed.token;
    const attempt = row.attempts;
    const settled = new Set(
      (
        await query<{ target: string }>(
          db,
          sql`select distinct target from deliveries where outbox_id = ${row.id}::bigint and status in ('delivered', 'rejected')`,
        )
      ).map((d) => d.target),
    );
    const rejectedBefore = (await query(db, sql`select 1 from deliveries where outbox_id = ${row.id}::bigint and status = 'rejected' limit 1`)).length > 0;
    let failed = false;
    let rejected = rejectedBefore;
    for (const target of (await targetsOf(db, row, clock, mailer, opts.timeoutMs)).filter((t) => !settled.has(t.key))) {
      token = await renew(db, row.id, token, clock(), opts.leaseMs);
      if (token === null) break;
      const started = clock();
      const t0 = performance.now();
      const result = await target.send(attempt);
      const durationMs = Math.round(performance.now() - t0);
      await query(
        db,
        sql`insert into deliveries (outbox_id, target, attempt, status, response_code, error, duration_ms, at)
            values (${row.id}::bigint, ${target.key}, ${attempt}, ${result.status}, ${result.code}, ${result.error}, ${Math.round(durationMs)}, ${started.toISOString()}::timestamptz)`,
      );
      run.attempts.push({ outboxId: Number(row.id), target: target.key, attempt, ...result, durationMs });
      if (result.status === "failed") failed = true;
      if (result.status === "rejected") rejected = true;
    }
    if (token === null) {
      run.lost++;
      continue;
    }
    const now = clock().toISOString();
    const mine = sql`id = ${row.id}::bigint and available_at = ${token}::timestamptz and delivered_at is null and failed_at is null`;
    let outcome: "delivered" | "retrying" | "failed";
    let updated: unknown[];
    if (!failed && !rejected) {
      outcome = "delivered";
      updated = await query(db, sql`update outbox set delivered_at = ${now}::timestamptz where ${mine} returning id`);
    } else if (!failed || attempt >= opts.maxAttempts) {
      // Every target settled but one refused it for good, or out of attempts: dead.
      outcome = "failed";
      updated = await query(db, sql`update outbox set failed_at = ${now}::timestamptz where ${mine} returning id`);
    } else {
      outcome = "retrying";
      const next = new Date(clock().getTime() + backoffMs(attempt, opts)).toISOString();
      updated = await query(db, sql`update outbox set available_at = ${next}::timestamptz where ${mine} returning id`);
    }
    if (updated.length === 0) run.lost++;
    else run[outcome]++;
  }
  return run;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface OutboxCounts {
  pending: number;
  /** Pending items that failed at least once. */
  retrying: number;
  delivered: number;
  dead: number;
}

export async function outboxCounts(db: Db): Promise<OutboxCounts> {
  const [r] = await query<Record<keyof OutboxCounts, string | number>>(
    db,
    sql`select count(*) filter (where delivered_at is null and failed_at is null) as pending,
               count(*) filter (where delivered_at is null and failed_at is null and exists (
                 select 1 from deliveries d where d.outbox_id = outbox.id and d.status = 'failed')) as retrying,
               count(*) filter (where delivered_at is not null) as delivered,
               count(*) filter (where failed_at is not null) as dead
        from outbox`,
  );
  return { pending: Number(r!.pending), retrying: Number(r!.retrying), delivered: Number(r!.delivered), dead: Number(r!.dead) };
}

export interface DeadItem {
  id: number;
  kind: string;
  createdAt: string;
  failedAt: string;
  attempts: number;
  /** Each target's last attempt. */
  targets: { target: string; status: DeliveryStatus; code: number | null; error: string | null; at: string }[];
}

/** Dead items, newest first: what was given up on, and why. */
export async function deadItems(db: Db, limit = 100): Promise<DeadItem[]> {
  const rows = await query<{ id: string; kind: string; created_at: string | Date; failed_at: string | Date; attempts: number }>(
    db,
    sql`select id::text as id, kind, created_at, failed_at, attempts from outbox where failed_at is not null order by failed_at desc, id desc limit ${limit}`,
  );
  if (rows.length === 0) return [];
  const last = await query<{ outbox_id: string; target: string; status: DeliveryStatus; response_code: number | null; error: string | null; at: string | Date }>(
    db,
    sql`select distinct on (outbox_id, target) outbox_id::text as outbox_id, target, status, response_code, error, at from deliveries
        where outbox_id in (${sql.join(rows.map((r) => sql`${r.id}::bigint`), sql`, `)}) order by outbox_id, target, attempt desc, id desc`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    createdAt: new Date(r.created_at).toISOString(),
    failedAt: new Date(r.failed_at).toISOString(),
    attempts: Number(r.attempts),
    targets: last
      .filter((d) => d.outbox_id === r.id)
      .map((d) => ({ target: d.target, status: d.status, code: d.response_code === null ? null : Number(d.response_code), error: d.error, at: new Date(d.at).toISOString() })),
  }));
}
