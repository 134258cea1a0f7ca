/**
 * The notification outbox: a row is written in the same transaction as the change that
 * causes it, and the dispatcher (dispatch.ts) delivers it later. So a notification is never
 * sent for a change that rolled back, and never lost for one that committed.
 *
 * Who writes which kind:
 * - stale.nudged, stale.escalated: refreshStaleDeals (store/cadence/stale.ts), with `enqueue`;
 * - one-on-one.reminder: queueReminders (store/cadence/coaching.ts), with `enqueue`;
 * - pacing.alert: a trigger on pacing_alerts (drizzle/0007), in the INSERT's own statement;
 * - pacing.escalated: raisePacingAlerts (store/pacing.ts), with `enqueue`, once the alert
 *   reaches the manager's view;
 * - lead.assigned: a trigger on routing_decisions (drizzle/0007), for every decision with an
 *   assignee (first routing and SLA re-routes), inside the routing transaction.
 * Rows from the triggers are available from the database's now(); rows from `enqueue` from
 * the `at` given (the caller's clock).
 */
import { sql } from "drizzle-orm";
import { query, type Db } from "../store/db.js";

export const OUTBOX_KINDS = ["stale.nudged", "stale.escalated", "pacing.alert", "pacing.escalated", "lead.assigned", "one-on-one.reminder"] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

export interface OutboxPayload {
  /** User ids told by email. */
  recipients: number[];
  /** Webhooks scoped to a team receive only that team's notifications. */
  teamId: number | null;
  [key: string]: unknown;
}

/** Queues one notification; call it with the transaction of the change. */
export async function enqueue(db: Db, kind: OutboxKind, payload: OutboxPayload, at: Date): Promise<number> {
  const [row] = await query<{ id: string }>(
    db,
    sql`insert into outbox (kind, payload, created_at, available_at) values (${kind}, ${JSON.stringify(payload)}::jsonb, ${at.toISOString()}::timestamptz, ${at.toISOString()}::timestamptz)
        returning id::text as id`,
  );
  return Number(row!.id);
}

/** Rows one pruning statement deletes at most: short statements, short locks. */
const PRUNE_BATCH = 5_000;

/**
 * Deletes the items delivered before `before`, with their delivery rows (a cascade), batch by
 * batch; returns how many. Items still pending or retrying, and dead ones (`proactive notify
 * --dead` lists them for someone to act on), are kept whatever their age. Nothing reads a
 * delivered item again: a pacing alert records its own escalation (`escalated_at`).
 */
export async function pruneDelivered(db: Db, before: Date): Promise<number> {
  let pruned = 0;
  for (;;) {
    const [row] = await query<{ n: number }>(
      db,
      sql`with gone as (
            delete from outbox where id in (
              select id from outbox where delivered_at is not null and delivered_at < ${before.toISOString()}::timestamptz
              order by delivered_at limit ${PRUNE_BATCH})
            returning 1)
          select count(*)::int as n from gone`,
    );
    const n = Number(row!.n);
    pruned += n;
    if (n < PRUNE_BATCH) return pruned;
  }
}
