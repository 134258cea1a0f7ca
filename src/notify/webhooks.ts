/** Webhook endpoints (admin): registered with a signing secret, optionally scoped to one team. */
import { sql } from "drizzle-orm";
import type { WebhookView } from "../schemas/cadence.js";
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

/** Registers an endpoint; the answer carries the secret, the only time it is shown. */
export async function createWebhook(db: Db, options: { url: string; secret?: string; teamId: number | null; createdBy: number | null; now: Date }): Promise<WebhookView> {
  const secret = options.secret ?? newSecret();
  const [row] = await query<Row>(
    db,
    sql`insert into webhook_endpoints (url, secret, team_id, created_by, created_at)
        values (${options.url}, ${secret}, ${options.teamId}, ${options.createdBy}, ${options.now.toISOString()}::timestamptz)
        returning id, url, active, team_id, created_at`,
  );
  return { ...view(row!), secret };
}

export async function listWebhooks(db: Db): Promise<WebhookView[]> {
  return (await query<Row>(db, sql`select id, url, active, team_id, created_at from webhook_endpoints where active order by id`)).map(view);
}

/** Deactivates (keeps the rows its deliveries name); false when there was no such active endpoint. */
export async function deleteWebhook(db: Db, id: number): Promise<boolean> {
  return (await query(db, sql`update webhook_endpoints set active = false where id = ${id} and active returning id`)).length > 0;
}
