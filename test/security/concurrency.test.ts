/**
 * Concurrent activity logging over a real port on PostgreSQL: 20 clients × 50 POST
 * /api/v1/activities (every fifth request retried at once with the same Idempotency-Key),
 * then the team scorecard, the rows and the daily aggregates all agree on 1,000.
 */
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/auth/tokens.js";
import { query, sql, type Store } from "../../src/store/db.js";
import { teams, users } from "../../src/store/schema.js";
import { NOW, testApp } from "../api/fixtures.js";
import { createTestStore } from "../support/stores.js";

const CLIENTS = 20;
const PER_CLIENT = 50;

describe("concurrent activity logging on postgres", () => {
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let teamId: number;
  let managerToken: string;
  const repTokens: { id: number; token: string }[] = [];

  beforeAll(async () => {
    store = await createTestStore("postgres");
    [{ id: teamId }] = (await store.db.insert(teams).values({ name: "Load" }).returning({ id: teams.id })) as [{ id: number }];
    const [manager] = await store.db.insert(users).values({ name: "boss", role: "manager", teamId }).returning({ id: users.id });
    await store.db.update(teams).set({ managerId: manager!.id });
    managerToken = (await createApiToken(store.db, manager!.id, "read", ["read"])).token;
    for (let i = 0; i < CLIENTS; i++) {
      const [rep] = await store.db.insert(users).values({ name: `load-${i}`, role: "rep", teamId, managerId: manager!.id }).returning({ id: users.id });
      repTokens.push({ id: rep!.id, token: (await createApiToken(store.db, rep!.id, "app")).token });
    }
    app = await testApp(store);
    await app.listen({ port: 0, host: "127.0.0.1" });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1`;
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("counts in the scorecard equal the rows written", async () => {
    const post = (token: string, key: string, body: unknown) =>
      fetch(`${base}/activities`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify(body) });
    const started = Date.now();
    const statuses = await Promise.all(
      repTokens.map(async ({ token }, client) => {
        const seen: number[] = [];
        for (let i = 0; i < PER_CLIENT; i++) {
          const body = { kind: i % 2 ? "call" : "email", proactive: true, at: new Date(NOW.getTime() - (i + 1) * 60_000 - client).toISOString() };
          const tries = i % 5 === 0 ? 2 : 1; // a client that retries at once, as after a timeout
          const answers = await Promise.all(Array.from({ length: tries }, () => post(token, `c${client}-${i}`, body)));
          seen.push(...answers.map((r) => r.status));
        }
        return seen;
      }),
    );
    const elapsed = Date.now() - started;
    const flat = statuses.flat();
    expect(flat.filter((s) => s !== 201 && s !== 409)).toEqual([]);

    const [rows] = await query<{ n: number; daily: number }>(
      store.db,
      sql`select (select count(*)::int from activities) as n, (select coalesce(sum(count), 0)::int from activity_daily) as daily`,
    );
    expect(rows).toEqual({ n: CLIENTS * PER_CLIENT, daily: CLIENTS * PER_CLIENT });

    const card = await (await fetch(`${base}/teams/${teamId}/scorecard`, { headers: { authorization: `Bearer ${managerToken}` } })).json();
    const outreach = (lines: { metric: string; actual: number }[]) => lines.find((l) => l.metric === "outreach")!.actual;
    expect(card.reps).toHaveLength(CLIENTS);
    for (const rep of card.reps) expect(outreach(rep.lines), rep.name).toBe(PER_CLIENT);
    expect(outreach(card.team.lines)).toBe(CLIENTS * PER_CLIENT);
    console.log(`concurrency: ${flat.length} requests (${CLIENTS * PER_CLIENT} distinct) from ${CLIENTS} clients in ${elapsed} ms; ${flat.filter((s) => s === 409).length} in-progress 409s`);
  }, 60_000);
});
