/**
 * The outbox dispatcher. Each run claims due rows with `FOR UPDATE SKIP LOCKED` and leases
 * them (pushes `available_at` forward), so several processes can run it at once without
 * delivering a row twice in parallel. Each row goes to every matching webhook (signed) and to
 * its recipients by email; every attempt to every target is recorded in `deliveries`. A row
 * is delivered when each target has succeeded once; otherwise it is retried, only to the
 * targets still missing, with exponential backoff (30 s, 1 min, 2 min … capped at 6 h) until
 * `maxAttempts`, then marked failed. Nothing is deleted.
 */
import { sql } from "drizzle-orm";
import { query, type Db } from "../store/db.js";
import { describeNotification, type Mailer } from "./email.js";
import { sign } from "./sign.js";

export interface DispatchOptions {
  now: Date;
  /** Email transport; null: no email (targets are webhooks only). */
  mailer?: Mailer | null;
  batchSize?: number;
  /** How long a claim holds a row before another process may take it again. */
  leaseMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
}

export interface DispatchRun {
  claimed: number;
  delivered: number;
  retrying: number;
  failed: number;
}

type Claimed = {
  id: string;
  kind: string;
  payload: Record<string, unknown> & { recipients?: number[]; teamId?: number | null };
  created_at: string | Date;
  attempts: number;
};

interface Target {
  key: string;
  send(): Promise<{ ok: boolean; code: number | null; error: string | null }>;
}

const MAX_DELAY_MS = 6 * 3_600_000;

export function backoffMs(attempt: number, baseDelayMs = 30_000): number {
  return Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** (attempt - 1));
}

async function claim(db: Db, now: Date, batchSize: number, leaseMs: number): Promise<Claimed[]> {
  return query<Claimed>(
    db,
    sql`with due as (
          select id from outbox where delivered_at is null and failed_at is null and available_at <= ${now.toISOString()}::timestamptz
          order by available_at, id limit ${batchSize} for update skip locked)
        update outbox o set available_at = ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz
        from due where o.id = due.id
        returning o.id::text as id, o.kind, o.payload, o.created_at, o.attempts`,
  );
}

async function targetsOf(db: Db, row: Claimed, options: Required<Pick<DispatchOptions, "timeoutMs">> & DispatchOptions): Promise<Target[]> {
  const teamId = row.payload.teamId ?? null;
  const hooks = await query<{ id: number; url: string; secret: string }>(
    db,
    sql`select id, url, secret from webhook_endpoints where active and (team_id is null or team_id = ${teamId}) order by id`,
  );
  const body = JSON.stringify({ id: Number(row.id), kind: row.kind, createdAt: new Date(row.created_at).toISOString(), payload: row.payload });
  const targets: Target[] = hooks.map((h) => ({
    key: `webhook:${h.id}`,
    async send() {
      try {
        const res = await fetch(h.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-proactive-signature": sign(body, h.secret, options.now),
            "x-proactive-event": row.kind,
            "x-proactive-delivery": row.id,
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        return { ok: res.ok, code: res.status, error: res.ok ? null : `HTTP ${res.status}` };
      } catch (err) {
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        return { ok: false, code: null, error: cause?.code ?? cause?.message ?? (err as Error).message };
      }
    },
  }));
  const recipients = (row.payload.recipients ?? []).filter((id): id is number => Number.isInteger(id));
  if (options.mailer && recipients.length) {
    const mailer = options.mailer;
    const users = await query<{ email: string }>(
      db,
      sql`select email from users where active and email is not null and id in (${sql.join(recipients.map((id) => sql`${id}`), sql`, `)}) order by email`,
    );
    const message = describeNotification(row.kind, row.payload);
    for (const { email } of users) {
      targets.push({
        key: `email:${email}`,
        async send() {
          try {
            await mailer.send({ to: email, ...message });
            return { ok: true, code: null, error: null };
          } catch (err) {
            const code = (err as { responseCode?: number }).responseCode;
            return { ok: false, code: code ?? null, error: (err as Error).message };
          }
        },
      });
    }
  }
  return targets;
}

export async function dispatchOutbox(db: Db, options: DispatchOptions): Promise<DispatchRun> {
  const opts = { batchSize: 50, leaseMs: 60_000, maxAttempts: 8, baseDelayMs: 30_000, timeoutMs: 10_000, ...options };
  const now = opts.now.toISOString();
  const rows = await claim(db, opts.now, opts.batchSize, opts.leaseMs);
  const run: DispatchRun = { claimed: rows.length, delivered: 0, retrying: 0, failed: 0 };
  for (const row of rows) {
    const attempt = row.attempts + 1;
    const done = new Set(
      (await query<{ target: string }>(db, sql`select distinct target from deliveries where outbox_id = ${row.id}::bigint and status = 'delivered'`)).map((d) => d.target),
    );
    let allOk = true;
    for (const target of (await targetsOf(db, row, opts)).filter((t) => !done.has(t.key))) {
      const result = await target.send();
      allOk &&= result.ok;
      await query(
        db,
        sql`insert into deliveries (outbox_id, target, attempt, status, response_code, error, at)
            values (${row.id}::bigint, ${target.key}, ${attempt}, ${result.ok ? "delivered" : "failed"}, ${result.code}, ${result.error}, ${now}::timestamptz)`,
      );
    }
    if (allOk) {
      await query(db, sql`update outbox set attempts = ${attempt}, delivered_at = ${now}::timestamptz where id = ${row.id}::bigint`);
      run.delivered++;
    } else if (attempt >= opts.maxAttempts) {
      await query(db, sql`update outbox set attempts = ${attempt}, failed_at = ${now}::timestamptz where id = ${row.id}::bigint`);
      run.failed++;
    } else {
      const next = new Date(opts.now.getTime() + backoffMs(attempt, opts.baseDelayMs)).toISOString();
      await query(db, sql`update outbox set attempts = ${attempt}, available_at = ${next}::timestamptz where id = ${row.id}::bigint`);
      run.retrying++;
    }
  }
  return run;
}
