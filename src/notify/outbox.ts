/**
 * The notification outbox: a row is written in the same transaction as the change that
 * causes it (a stale nudge, an escalation, a 1:1 reminder; pacing alerts and lead decisions
 * get theirs from triggers, see drizzle/0007), and the dispatcher delivers it later. So a
 * notification is never sent for a change that rolled back, and never lost for one that
 * committed.
 */
import { sql } from "drizzle-orm";
import { query, type Db } from "../store/db.js";

export const OUTBOX_KINDS = ["stale.nudged", "stale.escalated", "pacing.alert", "lead.assigned", "one-on-one.reminder"] as const;
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
