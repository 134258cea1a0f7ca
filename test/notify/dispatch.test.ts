/**
 * The outbox dispatcher against a real local webhook receiver (verifying every signature) and
 * a real local SMTP server, on both stores, with an injected clock (no waiting for backoff):
 * the receiver down (connections refused), then answering 500, then back — every item reaches
 * it exactly once, every attempt is recorded, the backoff is kept; dead items; recipients an
 * SMTP server refuses; two dispatchers at once; a dispatcher that stalls past its lease; and
 * no URL, secret or password in what is recorded.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backoffMs, deadItems, dispatchOutbox, outboxCounts, type DispatchOptions } from "../../src/notify/dispatch.js";
import { smtpMailer, type Mailer } from "../../src/notify/email.js";
import { enqueue, pruneDelivered, type OutboxKind } from "../../src/notify/outbox.js";
import { createWebhook } from "../../src/notify/webhooks.js";
import { query, type Db, type Store } from "../../src/store/db.js";
import { teams, users } from "../../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { startSmtpServer, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from "./support.js";

const NOW = Date.parse("2026-03-18T12:00:00Z");
const SECRET = "whsec_test_0123456789abcdef0123456789";

interface People {
  teamId: number;
  rep: number;
  manager: number;
  noEmail: number;
  inactive: number;
}

async function seedPeople(db: Db): Promise<People> {
  const [team] = await db.insert(teams).values({ name: "East" }).returning();
  const user = async (name: string, extra: Partial<typeof users.$inferInsert> = {}) =>
    (await db.insert(users).values({ name, email: `${name.toLowerCase()}@example.test`, role: "rep", teamId: team!.id, ...extra }).returning())[0]!.id;
  const manager = await user("Mia", { role: "manager" });
  await db.update(teams).set({ managerId: manager }).where(eq(teams.id, team!.id));
  return {
    teamId: team!.id,
    manager,
    rep: await user("Ana", { managerId: manager }),
    noEmail: await user("Nobody", { email: null }),
    inactive: await user("Gone", { active: false }),
  };
}

type DeliveryRow = { outbox_id: string; target: string; attempt: number; status: string; response_code: number | null; error: string | null; duration_ms: number | null; at: Date | string };
const deliveriesOf = async (db: Db, id: number) =>
  (
    await query<DeliveryRow>(db, sql`select outbox_id::text as outbox_id, target, attempt, status, response_code, error, duration_ms, at from deliveries where outbox_id = ${id} order by id`)
  ).map((d) => ({
    target: d.target,
    attempt: Number(d.attempt),
    status: d.status,
    code: d.response_code === null ? null : Number(d.response_code),
    error: d.error,
    durationMs: d.duration_ms === null ? null : Number(d.duration_ms),
    at: new Date(d.at).toISOString(),
  }));

describe.each(STORE_KINDS)("the outbox dispatcher on %s", (kind) => {
  let store: Store;
  let people: People;
  let clock = NOW;
  let receiver: WebhookReceiver;
  let smtp: SmtpReceiver;
  let mailer: Mailer;
  const at = (ms = 0) => new Date(NOW + ms);
  const dispatch = (options: Partial<DispatchOptions> = {}) => dispatchOutbox(store.db, { now: () => new Date(clock), mailer, timeoutMs: 2000, ...options });
  const item = (kindOf: OutboxKind, recipients: number[], extra: Record<string, unknown> = {}) =>
    enqueue(store.db, kindOf, { teamId: people.teamId, recipients, externalId: "OPP-42", stage: "Qualification", staleSince: "2026-03-15T00:00:00.000Z", ...extra }, at());

  let hook = "";

  // One store per kind (opening one is the slow part); each test starts from an empty outbox.
  beforeAll(async () => {
    store = await createTestStore(kind);
    people = await seedPeople(store.db);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    clock = NOW;
    await store.db.execute(sql`truncate outbox, deliveries, webhook_endpoints`);
    receiver = await startWebhookReceiver({ secret: SECRET, clock: () => new Date(clock) });
    smtp = await startSmtpServer({ rejectRecipients: ["mia@example.test"] });
    mailer = smtpMailer(smtp.url, "Proactive <proactive@example.test>");
    hook = `webhook:${(await createWebhook(store.db, { url: receiver.url, secret: SECRET, teamId: null, createdBy: null, now: at() })).id}`;
  });
  afterEach(async () => {
    mailer.close();
    await receiver.close();
    await smtp.close();
  });

  it("delivers every item exactly once after the receiver was down for a while, recording each attempt and keeping to the backoff", async () => {
    const ids = [await item("stale.nudged", [people.rep]), await item("stale.nudged", [people.rep]), await item("pacing.alert", [people.rep], { period: "2026-03", status: "behind", reason: "2 created against 5 scheduled" })];
    await receiver.down();

    // 1st attempt: connections refused; the emails go out.
    expect(await dispatch()).toMatchObject({ claimed: 3, delivered: 0, retrying: 3, failed: 0 });
    expect(smtp.messages).toHaveLength(3);
    // Not before the backoff.
    clock = NOW + backoffMs(1) - 1;
    expect((await dispatch()).claimed).toBe(0);

    // 2nd attempt: back up but answering 500.
    await receiver.up();
    receiver.mode = "error";
    clock = NOW + backoffMs(1);
    const second = await dispatch();
    expect(second).toMatchObject({ claimed: 3, retrying: 3 });
    expect(second.attempts.map((a) => a.target)).toEqual([hook, hook, hook]); // the emails are done
    const third = NOW + backoffMs(1) + backoffMs(2);
    clock = third - 1;
    expect((await dispatch()).claimed).toBe(0);

    // 3rd attempt: healthy.
    receiver.mode = "ok";
    clock = third;
    const last = await dispatch();
    expect(last).toMatchObject({ claimed: 3, delivered: 3, retrying: 0 });
    expect(last.attempts.every((a) => a.durationMs >= 0 && a.status === "delivered")).toBe(true);
    clock = NOW + 86_400_000;
    expect((await dispatch()).claimed).toBe(0);

    // Exactly once each at the receiver, signed, and one email each to the rep.
    expect(receiver.delivered.map((r) => r.id).sort()).toEqual(ids.map(String).sort());
    expect(receiver.delivered.map((r) => r.attempt)).toEqual([3, 3, 3]);
    expect(receiver.badSignatures).toBe(0);
    expect(receiver.delivered.find((r) => r.id === String(ids[2]))!.body).toMatchObject({ id: ids[2], kind: "pacing.alert", payload: { period: "2026-03", recipients: [people.rep] } });
    expect(smtp.messages.map((m) => m.to)).toEqual([["ana@example.test"], ["ana@example.test"], ["ana@example.test"]]);
    expect(smtp.messages[0]).toMatchObject({ subject: "OPP-42 has gone quiet" });
    expect(smtp.messages[0]!.text).toContain("Nothing has touched OPP-42 (Qualification) since it went stale on 15 March 2026.");

    // Every attempt recorded: target, attempt number, status, code or error, time.
    const first = await deliveriesOf(store.db, ids[0]!);
    expect(first.map(({ target, attempt, status, code }) => [target, attempt, status, code])).toEqual([
      [hook, 1, "failed", null],
      ["email:ana@example.test", 1, "delivered", 250],
      [hook, 2, "failed", 500],
      [hook, 3, "delivered", 204],
    ]);
    // How long each took, measured (a refused connection or a local answer: well under the 2 s timeout).
    for (const d of first) expect(d.durationMs).toBeGreaterThanOrEqual(0);
    for (const d of first) expect(d.durationMs).toBeLessThan(2000);
    expect(first[0]!.error).toBe("ECONNREFUSED");
    expect(first[2]!.error).toBe("HTTP 500");
    expect(first.map((d) => d.at)).toEqual([at(), at(), at(backoffMs(1)), new Date(third)].map((d) => d.toISOString()));
    const rows = await query<{ attempts: number; delivered_at: Date | string; failed_at: unknown }>(store.db, sql`select attempts, delivered_at, failed_at from outbox order by id`);
    expect(rows.map((r) => [Number(r.attempts), new Date(r.delivered_at).getTime(), r.failed_at])).toEqual(ids.map(() => [3, third, null]));
    expect(await outboxCounts(store.db)).toEqual({ pending: 0, retrying: 0, delivered: 3, dead: 0 });
  });

  it("prunes items delivered before the cutoff with their delivery rows, in batches; keeps pending, retrying, dead and recent ones", async () => {
    // Delivered through the dispatcher: one long ago, one just now.
    const old = await item("stale.nudged", [people.rep]);
    expect(await dispatch()).toMatchObject({ delivered: 1 });
    clock = NOW + 40 * 86_400_000;
    const recent = await enqueue(store.db, "stale.nudged", { teamId: people.teamId, recipients: [people.rep] }, new Date(clock));
    expect(await dispatch()).toMatchObject({ delivered: 1 });
    // Pending, retrying and dead, all created long ago.
    const pending = await item("stale.nudged", [people.rep]);
    const retrying = await item("stale.nudged", [people.rep]);
    const dead = await item("stale.nudged", [people.rep]);
    await query(store.db, sql`update outbox set attempts = 3, available_at = ${at(50 * 86_400_000).toISOString()}::timestamptz where id = ${retrying}`);
    await query(store.db, sql`update outbox set attempts = 80, failed_at = ${at(3 * 86_400_000).toISOString()}::timestamptz where id = ${dead}`);
    // More old delivered items than one statement deletes, so the batches loop.
    await query(
      store.db,
      sql`insert into outbox (kind, payload, created_at, available_at, delivered_at)
          select 'stale.nudged', '{"recipients": [], "teamId": null}'::jsonb, ${at().toISOString()}::timestamptz, ${at().toISOString()}::timestamptz,
                 ${at(3_600_000).toISOString()}::timestamptz from generate_series(1, 5002)`,
    );
    expect((await deliveriesOf(store.db, old)).length).toBeGreaterThan(0);

    const pruned = await pruneDelivered(store.db, at(30 * 86_400_000));
    expect(pruned).toBe(5003);
    const left = await query<{ id: string }>(store.db, sql`select id::text as id from outbox order by id`);
    expect(left.map((r) => Number(r.id))).toEqual([recent, pending, retrying, dead].sort((a, b) => a - b));
    expect(await deliveriesOf(store.db, old)).toEqual([]);
    expect((await deliveriesOf(store.db, recent)).length).toBeGreaterThan(0);
    expect(await pruneDelivered(store.db, at(30 * 86_400_000))).toBe(0);
  });

  it("gives up after the last attempt: the item is dead, kept and listed with each target's last error", async () => {
    const id = await item("stale.escalated", [people.manager]);
    const live = await item("stale.nudged", []);
    receiver.mode = "error";
    const runs = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      runs.push(await dispatch({ maxAttempts: 3, mailer: null }));
      clock += backoffMs(attempt);
    }
    expect(runs.map((r) => [r.claimed, r.retrying, r.failed])).toEqual([[2, 2, 0], [2, 2, 0], [2, 0, 2]]);
    clock += 7 * 86_400_000;
    expect((await dispatch({ maxAttempts: 3 })).claimed).toBe(0);
    expect(await outboxCounts(store.db)).toEqual({ pending: 0, retrying: 0, delivered: 0, dead: 2 });
    const dead = await deadItems(store.db);
    expect(dead.map((d) => d.id)).toEqual([live, id]);
    expect(dead[1]).toMatchObject({ kind: "stale.escalated", attempts: 3, targets: [{ target: hook, status: "failed", code: 500, error: "HTTP 500" }] });
    expect(receiver.delivered).toEqual([]);
    expect(receiver.requests).toBe(6);
  });

  it("sends one email per recipient with an address; a recipient the SMTP server refuses for good is not retried, and the item ends dead", async () => {
    const id = await item("one-on-one.reminder", [people.rep, people.manager, people.noEmail, people.inactive, 999_999], { scheduledFor: "2026-03-19T09:00:00.000Z" });
    const run = await dispatch();
    expect(run).toMatchObject({ claimed: 1, delivered: 0, retrying: 0, failed: 1 });
    expect(smtp.messages.map((m) => [m.to, m.subject])).toEqual([[["ana@example.test"], "1:1 reminder: Thursday 19 March 2026 at 09:00 UTC"]]);
    expect(receiver.delivered.map((r) => r.id)).toEqual([String(id)]);
    expect((await deliveriesOf(store.db, id)).map(({ target, status, code }) => [target, status, code])).toEqual([
      [hook, "delivered", 204],
      ["email:ana@example.test", "delivered", 250],
      ["email:mia@example.test", "rejected", 550],
    ]);
    expect((await deadItems(store.db))[0]!.targets.find((t) => t.target === "email:mia@example.test")).toMatchObject({ status: "rejected", code: 550 });
  });

  it("lets two dispatchers run at once without delivering an item twice", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await item("lead.assigned", [], { leadId: i, reason: "r", decisionKind: "initial" }));
    const [a, b] = await Promise.all([dispatch(), dispatch()]);
    expect(a.claimed + b.claimed).toBe(12);
    expect(a.delivered + b.delivered).toBe(12);
    expect(receiver.delivered.map((r) => r.id).sort()).toEqual(ids.map(String).sort());
    expect((await query<{ n: number }>(store.db, sql`select count(*)::int as n from deliveries`))[0]!.n).toBe(12);
  });

  it("lets another dispatcher take over an item whose lease ran out; the stalled one's late answer changes nothing", async () => {
    const id = await item("stale.nudged", []);
    receiver.mode = "hold";
    const stalled = dispatch({ mailer: null, now: () => at(), leaseMs: 60_000, timeoutMs: 45_000 });
    await receiver.holding(1);
    // While the lease holds, nobody else takes it.
    receiver.mode = "ok";
    clock = NOW + 59_999;
    expect((await dispatch({ mailer: null })).claimed).toBe(0);
    clock = NOW + 60_000;
    const other = await dispatch({ mailer: null });
    expect(other).toMatchObject({ claimed: 1, delivered: 1 });
    receiver.release();
    expect(await stalled).toMatchObject({ claimed: 1, delivered: 0, lost: 1 });
    const [row] = await query<{ attempts: number; delivered_at: Date | string }>(store.db, sql`select attempts, delivered_at from outbox where id = ${id}`);
    expect([Number(row!.attempts), new Date(row!.delivered_at).getTime()]).toEqual([2, NOW + 60_000]);
    // At least once: the receiver saw it twice, with the same delivery id to drop the copy.
    expect(receiver.delivered.map((r) => [r.id, r.attempt])).toEqual([
      [String(id), 2],
      [String(id), 1],
    ]);
    expect((await deliveriesOf(store.db, id)).map((d) => [d.attempt, d.status])).toEqual([
      [2, "delivered"],
      [1, "delivered"],
    ]);
  });

  it("refuses redirects and keeps URLs, tokens, secrets and passwords out of what it records", async () => {
    await store.db.execute(sql`update webhook_endpoints set active = false`);
    const closed = await startWebhookReceiver({ secret: SECRET, clock: () => new Date(clock) });
    await closed.close();
    await createWebhook(store.db, { url: `http://127.0.0.1:${closed.port}/services/T0/B0/pathTOKEN123?key=queryTOKEN456`, secret: SECRET, teamId: null, createdBy: null, now: at() });
    const locked = await startSmtpServer({ auth: { user: "mailer", pass: "s3cret-Smtp-Pass" } });
    const badMailer = smtpMailer(locked.url.replace("s3cret-Smtp-Pass", "Wr0ng-Smtp-Pass"), "Proactive <proactive@example.test>");
    const id = await item("stale.nudged", [people.rep]);
    try {
      const run = await dispatch({ mailer: badMailer });
      expect(run).toMatchObject({ claimed: 1, retrying: 1 });
      const recorded = JSON.stringify([await deliveriesOf(store.db, id), run]);
      expect(recorded).toContain("ECONNREFUSED");
      expect(recorded).toMatch(/535/);
      for (const secret of [SECRET, "pathTOKEN123", "queryTOKEN456", "Wr0ng-Smtp-Pass", "s3cret-Smtp-Pass", "/services/"]) expect(recorded).not.toContain(secret);
    } finally {
      badMailer.close();
      await locked.close();
    }

    // A redirect is a failure: the signed body never follows it elsewhere.
    await store.db.execute(sql`update webhook_endpoints set active = false`);
    const redirecting = await import("node:http").then(
      (http) =>
        new Promise<import("node:http").Server>((resolve) => {
          const s = http.createServer((_req, res) => res.writeHead(307, { location: receiver.url }).end());
          s.listen(0, "127.0.0.1", () => resolve(s));
        }),
    );
    try {
      const port = (redirecting.address() as import("node:net").AddressInfo).port;
      await createWebhook(store.db, { url: `http://127.0.0.1:${port}/`, secret: SECRET, teamId: null, createdBy: null, now: at() });
      const other = await item("stale.nudged", []);
      clock = NOW + 86_400_000;
      await dispatch({ mailer: null });
      expect((await deliveriesOf(store.db, other)).map((d) => [d.status, d.code, d.error])).toEqual([["failed", 307, "HTTP 307"]]);
      expect(receiver.delivered).toEqual([]);
    } finally {
      redirecting.closeAllConnections();
      await new Promise((r) => redirecting.close(r));
    }
  });

  it("sends a team's items only to endpoints of that team, of a team above it, or of every team", async () => {
    const [other] = await store.db.insert(teams).values({ name: `West ${clock}-${Math.random()}` }).returning();
    const [sub] = await store.db.insert(teams).values({ name: `West Coast ${clock}-${Math.random()}`, parentId: other!.id }).returning();
    const westOnly = await startWebhookReceiver({ secret: SECRET, clock: () => new Date(clock) });
    try {
      await createWebhook(store.db, { url: westOnly.url, secret: SECRET, teamId: other!.id, createdBy: null, now: at() });
      const east = await item("stale.nudged", []);
      const west = await enqueue(store.db, "stale.nudged", { teamId: other!.id, recipients: [], externalId: "OPP-W" }, at());
      const westCoast = await enqueue(store.db, "stale.nudged", { teamId: sub!.id, recipients: [], externalId: "OPP-WC" }, at());
      expect(await dispatch({ mailer: null })).toMatchObject({ claimed: 3, delivered: 3 });
      expect(receiver.delivered.map((r) => r.id)).toEqual([String(east), String(west), String(westCoast)]);
      expect(westOnly.delivered.map((r) => r.id)).toEqual([String(west), String(westCoast)]);
    } finally {
      await westOnly.close();
    }
  });
});
