/** Webhook endpoints (admin): registered with a signing secret, optionally scoped to one team. */
import { sql } from "drizzle-orm";
import type { WebhookView } from "../schemas/cadence.js";
import { appendAudit } from "../store/audit.js";
import { query, type Db } from "../store/db.js";
import { newSecret } from "./sign.js";

type Row = { id: number; url: string; active: boolean; team_id: number | null; created_at: string | Date };
const view = (r: Row): WebhookView => ({
  id: Number(r.id),
  url: r.url,
  active: r.active,
  teamId: r.team_id === null ? null : Number(r.team_id),
  createdAt: new Date(r.created_at).toISOString(),
});

/** What the audit log keeps of a URL: its origin (paths and queries of webhook URLs often hold tokens). */
const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/** Registers an endpoint (audited); the answer carries the secret, the only time it is shown. */
export async function createWebhook(db: Db, options: { url: string; secret?: string; teamId: number | null; createdBy: number | null; now: Date }): Promise<WebhookView> {
  const secret = options.secret ?? newSecret();
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await query<Row>(
      tx,
      sql`insert into webhook_endpoints (url, secret, team_id, created_by, created_at)
          values (${options.url}, ${secret}, ${options.teamId}, ${options.createdBy}, ${options.now.toISOString()}::timestamptz)
          returning id, url, active, team_id, created_at`,
    );
    const hook = view(row!);
    await appendAudit(tx, { actorId: options.createdBy, action: "create", entity: "webhook", entityId: hook.id, after: { origin: originOf(hook.url), teamId: hook.teamId }, at: options.now });
    return { ...hook, secret };
  });
}

export async function listWebhooks(db: Db): Promise<WebhookView[]> {
  return (await query<Row>(db, sql`select id, url, active, team_id, created_at from webhook_endpoints where active order by id`)).map(view);
}

/** Deactivates (keeps the rows its deliveries name; audited); false when there was no such active endpoint. */
export async function deleteWebhook(db: Db, id: number, options: { actorId: number | null; now?: Date } = { actorId: null }): Promise<boolean> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await query<Row>(tx, sql`update webhook_endpoints set active = false where id = ${id} and active returning id, url, active, team_id, created_at`);
    if (!row) return false;
    await appendAudit(tx, { actorId: options.actorId, action: "delete", entity: "webhook", entityId: id, before: { origin: originOf(row.url), teamId: row.team_id === null ? null : Number(row.team_id) }, ...(options.now ? { at: options.now } : {}) });
    return true;
  });
}
