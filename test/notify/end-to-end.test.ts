/**
 * End to end, on both stores: a stale deal, a pacing alert (and its manager escalation) and a
 * routed lead go through the outbox to a local webhook receiver (verifying each signature) and
 * a local SMTP server; then the same through a listening server's own job, registered over
 * the API, with the receiver failing first, and nothing secret in the server's log.
 */
import { Writable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchOutbox } from "../../src/notify/dispatch.js";
import { smtpMailer } from "../../src/notify/email.js";
import { enqueue } from "../../src/notify/outbox.js";
import { createWebhook } from "../../src/notify/webhooks.js";
import { refreshStaleDeals } from "../../src/store/cadence/stale.js";
import { query, type Store } from "../../src/store/db.js";
import { raisePacingAlerts } from "../../src/store/pacing.js";
import { routeLeadInStore } from "../../src/store/routing/index.js";
import { quotas, users } from "../../src/store/schema.js";
import { NOW, testApp, testEnv } from "../api/fixtures.js";
import { as } from "../activity/helpers.js";
import { addCadenceOpps } from "../cadence/fixtures.js";
import { leadAt, seedTeam, type RoutingWorld } from "../support/routing-fixtures.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { startSmtpServer, startWebhookReceiver } from "./support.js";

const T = new Date("2026-03-18T12:00:00Z");
const DAY = 86_400_000;
const SECRET = "whsec_e2e_0123456789abcdef0123456789";

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(STORE_KINDS)("notifications end to end on %s", (kind) => {
  let store: Store;
  let world: RoutingWorld;
  const email = (id: number) => `user${id}@example.test`;

  beforeAll(async () => {
    store = await createTestStore(kind);
    world = await seedTeam(store.db, { reps: 3 });
    for (const id of [world.managerId, ...world.repIds]) await store.db.update(users).set({ email: email(id) }).where(eq(users.id, id));
    const [paced, stale] = world.repIds;
    await store.db.insert(quotas).values({ repId: paced!, period: "2026-03", periodStart: "2026-03-01", periodEnd: "2026-03-31", amountCents: 1_000_000 });
    await addCadenceOpps(store.db, [{ externalId: "OPP-QUIET", ownerId: stale!, stage: "Qualification", valueCents: 500_000, createdOn: "2026-03-01T00:00:00Z" }]);
  });
  afterAll(async () => store?.close());

  it("delivers a stale nudge, a pacing alert and its escalation, and a routed lead to the webhook and by email", async () => {
    const [paced, stale] = world.repIds as [number, number];
    // Trigger-written rows (pacing.alert, lead.assigned) are available from the database's
    // now(): the dispatcher's clock starts a few minutes after the real one.
    let clock = Date.now() + 300_000;
    const receiver = await startWebhookReceiver({ secret: SECRET, clock: () => new Date(clock) });
    const smtp = await startSmtpServer();
    const mailer = smtpMailer(smtp.url, "Proactive <proactive@example.test>");
    try {
      await createWebhook(store.db, { url: receiver.url, secret: SECRET, teamId: world.teamId, createdBy: null, now: T });
      expect((await refreshStaleDeals(store.db, T)).nudged).toBe(1);
      expect((await raisePacingAlerts(store.db, T)).raised).toBe(1);
      const { decision } = await routeLeadInStore(store.db, leadAt(world, "E2E-LEAD", T));
      expect((await raisePacingAlerts(store.db, new Date(T.getTime() + 2 * DAY))).escalated).toBe(1);

      receiver.mode = "error"; // a bad start: everything is retried
      expect(await dispatchOutbox(store.db, { now: () => new Date(clock), mailer })).toMatchObject({ claimed: 4, retrying: 4 });
      receiver.mode = "ok";
      clock += 30_000;
      expect(await dispatchOutbox(store.db, { now: () => new Date(clock), mailer })).toMatchObject({ claimed: 4, delivered: 4 });

      expect(receiver.badSignatures).toBe(0);
      const got = new Map(receiver.delivered.map((r) => [r.kind, r.body.payload]));
      expect([...got.keys()].sort()).toEqual(["lead.assigned", "pacing.alert", "pacing.escalated", "stale.nudged"]);
      expect(receiver.delivered.map((r) => r.id)).toHaveLength(new Set(receiver.delivered.map((r) => r.id)).size);
      expect(got.get("stale.nudged")).toMatchObject({ externalId: "OPP-QUIET", repId: stale, recipients: [stale] });
      expect(got.get("pacing.alert")).toMatchObject({ repId: paced, recipients: [paced] });
      expect(got.get("pacing.escalated")).toMatchObject({ repId: paced, managerId: world.managerId, recipients: [world.managerId] });
      expect(got.get("lead.assigned")).toMatchObject({ leadId: decision.leadId, recipients: [decision.assigneeId] });

      // One email each, sent once (on the first attempt: the webhook's failure did not repeat it).
      const mails = smtp.messages.map((m) => [m.to[0], m.subject]).sort();
      expect(mails).toEqual(
        [
          [email(stale), "OPP-QUIET has gone quiet"],
          [email(paced), "You are at risk for 2026-03"],
          [email(world.managerId), "Rep 1 is at risk for 2026-03"],
          [email(decision.assigneeId!), `A new lead is yours (lead #${decision.leadId})`],
        ].sort(),
      );
      const leadMail = smtp.messages.find((m) => m.subject.startsWith("A new lead"))!;
      expect(leadMail.text).toContain(`Why you: ${decision.reason}`);
    } finally {
      mailer.close();
      await receiver.close();
      await smtp.close();
    }
  });

  it("runs the dispatcher as a listening server's job, with the endpoint registered over the API, and logs no secret", async () => {
    await store.db.execute(sql`update webhook_endpoints set active = false`);
    await store.db.execute(sql`update outbox set delivered_at = coalesce(delivered_at, now())`);
    const [admin] = await store.db.insert(users).values({ name: "Admin", role: "admin", email: "admin@example.test" }).returning();
    let clock = NOW.getTime(); // the test sessions' clock
    const receiver = await startWebhookReceiver({ secret: SECRET, clock: () => new Date(clock), path: "/hook/pathTOKEN42" });
    const smtp = await startSmtpServer({ auth: { user: "mailer", pass: "Smtp-Pass-77" } });
    const log: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        log.push(String(chunk));
        done();
      },
    });
    const app = await testApp(store, {
      clock: () => clock,
      env: testEnv({
        PROACTIVE_NOTIFY_INTERVAL_SECONDS: "0.05",
        PROACTIVE_SMTP_URL: smtp.url,
        PROACTIVE_CADENCE_INTERVAL_MINUTES: "0",
        PROACTIVE_PACING_INTERVAL_MINUTES: "0",
        PROACTIVE_SLA_INTERVAL_SECONDS: "0",
        LOG_LEVEL: "debug",
      }),
      logger: { level: "debug", stream },
    });
    try {
      const created = await as(app, store.db, admin!.id).post("/api/v1/webhooks", { url: receiver.url, secret: SECRET, teamId: null });
      expect(created.statusCode, created.body).toBe(201);
      const listed = await as(app, store.db, admin!.id).get("/api/v1/webhooks");
      expect(listed.body).not.toContain(SECRET);
      const [audit] = await query<{ after: unknown }>(store.db, sql`select after from audit_log where entity = 'webhook' order by id desc limit 1`);
      expect(JSON.stringify(audit!.after)).not.toMatch(/pathTOKEN42|whsec/);

      const id = await enqueue(store.db, "one-on-one.reminder", { teamId: world.teamId, recipients: [world.repIds[0]!], scheduledFor: "2026-03-19T09:00:00.000Z" }, new Date(clock));
      receiver.mode = "error";
      await app.listen({ port: 0, host: "127.0.0.1" });
      await until(() => receiver.requests >= 1 && smtp.messages.length >= 1, "the first attempt");
      await until(() => log.some((l) => l.includes("notification deliveries failed")), "the failure to be logged");
      receiver.mode = "ok";
      clock += 30_000;
      await until(() => receiver.delivered.length >= 1, "the retry");
      expect(receiver.delivered.map((r) => [r.id, r.attempt])).toEqual([[String(id), 2]]);
      expect(smtp.messages.map((m) => m.to)).toEqual([[email(world.repIds[0]!)]]);
    } finally {
      await app.close();
      await receiver.close();
      await smtp.close();
    }
    const text = log.join("");
    expect(text).toContain("HTTP 500");
    for (const secret of [SECRET, "pathTOKEN42", "Smtp-Pass-77"]) expect(text).not.toContain(secret);
  });
});
