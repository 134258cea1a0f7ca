/**
 * `proactive notify` as a real child process on a PostgreSQL copy: one run delivers what is
 * due to a local webhook receiver (signed) and by email over a local SMTP server
 * (PROACTIVE_SMTP_URL), printing one JSON object; `--dead` lists the items given up on.
 */
import { execFile } from "node:child_process";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue } from "../../src/notify/outbox.js";
import { createWebhook } from "../../src/notify/webhooks.js";
import { openStore, query, type Store } from "../../src/store/db.js";
import { users } from "../../src/store/schema.js";
import { createTestDatabaseUrl } from "../support/stores.js";
import { startSmtpServer, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from "./support.js";

const SECRET = "whsec_cli_0123456789abcdef0123456789";
let database: { url: string; drop: () => Promise<void> };
let store: Store;
let receiver: WebhookReceiver;
let smtp: SmtpReceiver;

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, DATABASE_URL: database.url, PROACTIVE_SMTP_URL: smtp.url, PROACTIVE_SMTP_FROM: "Proactive <p@example.test>" };
    execFile("node", ["bin/proactive.js", ...args], { env }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

beforeAll(async () => {
  database = await createTestDatabaseUrl();
  store = await openStore({ databaseUrl: database.url, migrate: false, poolSize: 2 });
  receiver = await startWebhookReceiver({ secret: SECRET, clock: () => new Date() });
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await receiver?.close();
  await smtp?.close();
  await store?.close();
  await database?.drop();
});

describe("proactive notify", () => {
  it("delivers what is due once and lists dead items with --dead", async () => {
    const [rep] = await store.db.insert(users).values({ name: "Ana", email: "ana@example.test", role: "rep" }).returning();
    await createWebhook(store.db, { url: receiver.url, secret: SECRET, teamId: null, createdBy: null, now: new Date() });
    const due = await enqueue(store.db, "stale.nudged", { teamId: null, recipients: [rep!.id], externalId: "OPP-7", stage: "Discovery", staleSince: "2026-03-01T00:00:00Z" }, new Date(Date.now() - 1000));
    const later = await enqueue(store.db, "stale.nudged", { teamId: null, recipients: [] }, new Date(Date.now() + 3_600_000));
    const dead = await enqueue(store.db, "lead.assigned", { teamId: null, recipients: [] }, new Date("2026-01-01T00:00:00Z"));
    await query(store.db, sql`update outbox set attempts = 80, failed_at = '2026-01-04T00:00:00Z' where id = ${dead}`);
    await query(store.db, sql`insert into deliveries (outbox_id, target, attempt, status, response_code, error, at) values (${dead}, 'webhook:1', 80, 'failed', 503, 'HTTP 503', '2026-01-04T00:00:00Z')`);

    const res = await run(["notify", "--json"]);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({ claimed: 1, delivered: 1, retrying: 0, failed: 0, outbox: { pending: 1, delivered: 1, dead: 1 } });
    expect(receiver.delivered.map((r) => r.id)).toEqual([String(due)]);
    expect(smtp.messages.map((m) => [m.to, m.subject])).toEqual([[["ana@example.test"], "OPP-7 has gone quiet"]]);
    expect(later).toBeGreaterThan(due);

    const list = await run(["notify", "--dead", "--json"]);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual({
      dead: [
        {
          id: dead,
          kind: "lead.assigned",
          createdAt: "2026-01-01T00:00:00.000Z",
          failedAt: "2026-01-04T00:00:00.000Z",
          attempts: 80,
          targets: [{ target: "webhook:1", status: "failed", code: 503, error: "HTTP 503", at: "2026-01-04T00:00:00.000Z" }],
        },
      ],
    });
  }, 60_000);
});
