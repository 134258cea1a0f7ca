/**
 * Logging activities over the API: one at a time (validation names the field, a refused
 * request changes nothing), bulk CSV and NDJSON (good lines kept, bad ones reported by line),
 * field visits with a live server-sent event over a real port, and who may log for whom.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { query, type Store } from "../../src/store/db.js";
import { accounts } from "../../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { NOW, seedOrg, sessionCookie, testApp, testEnv, type Org } from "../api/fixtures.js";
import { as } from "./helpers.js";

const API = "/api/v1";

async function counts(store: Store) {
  const [row] = await query<{ a: number; d: number }>(
    store.db,
    sql`select (select count(*)::int from activities) as a, (select coalesce(sum(count), 0)::int from activity_daily) as d`,
  );
  return { activities: Number(row!.a), daily: Number(row!.d) };
}

describe.each(STORE_KINDS)("activities API on %s", (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let org: Org;

  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedOrg(store.db);
    await store.db.insert(accounts).values([{ name: "Acme" }, { name: "Globex" }]);
    app = await testApp(store, { env: testEnv({ PROACTIVE_PACING_INTERVAL_MINUTES: "0" }) });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("logs one activity for yourself, defaults `at` to now, and answers it as stored", async () => {
    const r1 = as(app, store.db, org.users.r1);
    const res = await r1.post(`${API}/activities`, { kind: "call", proactive: true, account: "Acme", durationMinutes: 15, outcome: "booked a meeting" });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ repId: org.users.r1, kind: "call", proactive: true, at: NOW.toISOString(), accountName: "Acme", durationMinutes: 15 });
    const list = await r1.get(`${API}/reps/${org.users.r1}/activities?limit=5`);
    expect(list.json().activities.map((a: { id: number }) => a.id)).toContain(res.json().id);
  });

  it("names the bad field and changes nothing when a request is refused", async () => {
    const r1 = as(app, store.db, org.users.r1);
    const before = await counts(store);
    const cases: [unknown, string][] = [
      [{ kind: "lunch", proactive: true }, "kind"],
      [{ kind: "call", at: "yesterday" }, "at"],
      [{ kind: "call", durationMinutes: -5 }, "durationMinutes"],
      [{ kind: "call", account: "Nobody Inc" }, "account"],
      [{ kind: "call", opportunity: "NOPE-1" }, "opportunity"],
      [{ kind: "call", account: "Acme", accountId: 1 }, "accountId"],
      [{ kind: "call", repId: org.users.r3 }, "repId"],
    ];
    for (const [body, field] of cases) {
      const res = await r1.post(`${API}/activities`, body);
      if (field === "repId") {
        expect(res.statusCode).toBe(403); // r1 may not log for r3
        continue;
      }
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const dup = await r1.post(`${API}/activities`, { kind: "email", externalId: "once" });
    expect(dup.statusCode).toBe(201);
    const again = await r1.post(`${API}/activities`, { kind: "email", externalId: "once" });
    expect(again.statusCode).toBe(409);
    expect(await counts(store)).toEqual({ activities: before.activities + 1, daily: before.daily + 1 });
  });

  it("lets a manager log for their team's reps but not for other teams'", async () => {
    const m1 = as(app, store.db, org.users.m1);
    expect((await m1.post(`${API}/activities`, { kind: "meeting", repId: org.users.r2 })).statusCode).toBe(201);
    expect((await m1.post(`${API}/activities`, { kind: "meeting", repId: org.users.r3 })).statusCode).toBe(403);
    expect((await as(app, store.db, org.users.r3).get(`${API}/reps/${org.users.r1}/activities`)).statusCode).toBe(403);
  });

  it("loads CSV in bulk: good lines kept, bad ones reported with their line", async () => {
    const r1 = as(app, store.db, org.users.r1);
    const csv = [
      "externalId,rep,kind,proactive,at,account",
      "b1,r1,call,yes,2026-03-10T09:00:00Z,Acme",
      "b2,r1,lunch,yes,2026-03-10T10:00:00Z,Acme",
      "b3,r1,email,no,2026-03-10,Nobody",
      "b4,r3,email,no,2026-03-10,Acme",
      "b5,r1,meeting,true,2026-03-11,Globex",
    ].join("\n");
    const res = await r1.post(`${API}/activities/bulk`, csv, "text/csv");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      read: 5,
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: 3,
      errors: [
        { line: 3, field: "kind", reason: expect.any(String) },
        { line: 4, field: "account", reason: 'unknown account "Nobody"' },
        { line: 5, field: "rep", reason: 'you may not log activities for "r3"' },
      ],
    });
    const again = await r1.post(`${API}/activities/bulk`, csv, "text/csv");
    expect(again.json()).toMatchObject({ created: 0, unchanged: 2, rejected: 3 });
  });

  it("loads NDJSON in bulk with the same fields, reporting bad lines by number", async () => {
    const r1 = as(app, store.db, org.users.r1);
    const lines = [
      JSON.stringify({ externalId: "n1", kind: "call", proactive: true, at: "2026-03-12T08:00:00Z", account: "Acme" }),
      "{not json",
      "",
      JSON.stringify({ externalId: "n2", kind: "visit", at: "2026-03-12T09:00:00Z", durationMinutes: "x" }),
      JSON.stringify({ externalId: "n3", kind: "email", at: "2026-03-12T09:30:00Z", outcome: "multi\nline" }),
      JSON.stringify({ externalId: "n4", kind: "email", at: { nested: true } }),
      JSON.stringify({ externalId: "n5", rep: "r1", kind: "next-step", proactive: false, at: "2026-03-13" }),
      "[1,2]",
    ].join("\n");
    const res = await r1.post(`${API}/activities/bulk`, lines, "application/x-ndjson");
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ read: 7, created: 3, rejected: 4 });
    expect(report.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [2, "row"],
      [4, "durationMinutes"],
      [6, "at"],
      [8, "row"],
    ]);
    const [stored] = await query<{ n: number }>(store.db, sql`select count(*)::int as n from activities where external_id in ('n1','n3','n5') and rep_id = ${org.users.r1}`);
    expect(Number(stored!.n)).toBe(3);
  });

  it("checks a visit in and out, streams both events live, and reports the team's visits", async () => {
    await app.listen({ port: 0, host: "127.0.0.1" });
    const port = (app.server.address() as { port: number }).port;
    const cookie = await sessionCookie(store.db, org.users.m1);
    const events: string[] = [];
    let buffer = "";
    const received = new Promise<void>((resolve, reject) => {
      const req = http.get({ host: "127.0.0.1", port, path: `${API}/teams/${org.teams.east}/visits/stream`, headers: { cookie } }, (res) => {
        expect(res.statusCode).toBe(200);
        expect(res.headers["content-type"]).toMatch(/^text\/event-stream/);
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          buffer += chunk;
          if (buffer.includes(": connected")) ready();
          for (const frame of buffer.split("\n\n").slice(0, -1)) if (frame.startsWith("event:")) events.push(frame);
          buffer = buffer.slice(buffer.lastIndexOf("\n\n") + 2);
          if (events.length >= 2) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on("error", reject);
    });
    let ready!: () => void;
    const connected = new Promise<void>((r) => (ready = r));
    await connected;

    const r1 = as(app, store.db, org.users.r1);
    // A check-in of another team's rep is not streamed to East.
    expect((await as(app, store.db, org.users.r3).post(`${API}/visits/check-in`, { account: "Globex", latitude: 1, longitude: 2 })).statusCode).toBe(201);
    const checkIn = await r1.post(`${API}/visits/check-in`, { account: "Acme", latitude: 52.37, longitude: 4.89, at: "2026-03-18T10:00:00Z" });
    expect(checkIn.statusCode, checkIn.body).toBe(201);
    const visit = checkIn.json();
    expect(visit).toMatchObject({ kind: "visit", proactive: true, checkOutAt: null, latitude: 52.37, accountName: "Acme" });

    const onSite = (await as(app, store.db, org.users.m1).get(`${API}/teams/${org.teams.east}/visits?period=2026-03`)).json();
    expect(onSite.onSite.map((v: { id: number }) => v.id)).toEqual([visit.id]);

    const out = await r1.post(`${API}/visits/${visit.id}/check-out`, { outcome: "demo booked", at: "2026-03-18T10:45:00Z" });
    expect(out.statusCode, out.body).toBe(200);
    expect(out.json()).toMatchObject({ checkOutAt: "2026-03-18T10:45:00.000Z", durationMinutes: 45, outcome: "demo booked" });
    expect((await r1.post(`${API}/visits/${visit.id}/check-out`, { outcome: "again" })).statusCode).toBe(409);

    await received;
    expect(events.map((e) => e.split("\n")[0])).toEqual(["event: check-in", "event: check-out"]);
    const data = JSON.parse(events[0]!.split("\n").find((l) => l.startsWith("data: "))!.slice(6));
    expect(data).toMatchObject({ type: "check-in", teamId: org.teams.east, visit: { id: visit.id, repId: org.users.r1 } });

    const stats = (await as(app, store.db, org.users.m1).get(`${API}/teams/${org.teams.east}/visits?period=2026-03`)).json();
    const mine = stats.reps.find((r: { repId: number }) => r.repId === org.users.r1);
    expect(mine).toMatchObject({ visits: 1, medianMinutesOnSite: 45, accountsVisited: 1 });
    expect(mine.visitsPerWeek).toBeCloseTo(1 / (17.5 / 7)); // 1–18 March 12:00 is 2.5 weeks
    expect(stats.onSite).toEqual([]);
    expect((await as(app, store.db, org.users.m2).get(`${API}/teams/${org.teams.east}/visits`)).statusCode).toBe(403);
  });
});
