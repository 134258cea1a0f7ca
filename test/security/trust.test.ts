/**
 * Trust mechanisms on both stores: token scopes, Idempotency-Key, the audit log and its
 * API, spreadsheet-safe CSV exports, body limits and security headers.
 */
import { parse } from "csv-parse/sync";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/auth/tokens.js";
import { insertActivity } from "../../src/store/activities.js";
import { query, sql, type Store } from "../../src/store/db.js";
import { opportunities, stages } from "../../src/store/schema.js";
import { IMPORT_BODY_LIMIT } from "../../src/server/routes/import.js";
import { NOW, PASSWORD, sessionCookie, testApp } from "../api/fixtures.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { seedSecurityOrg, type SecurityOrg } from "./org.js";

const API = "/api/v1";

describe.each(STORE_KINDS)("trust on %s", (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let org: SecurityOrg;
  let clock = NOW.getTime();
  const asUser = async (userId: number) => ({ cookie: await sessionCookie(store.db, userId), "x-proactive-csrf": "1" });
  const count = async (table: string) => Number((await query<{ n: number }>(store.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n);

  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedSecurityOrg(store.db);
    app = await testApp(store, { clock: () => clock });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });
  beforeEach(() => {
    clock = NOW.getTime();
  });

  describe("API token scopes", () => {
    it("a read token may only read, a write-only token may only write, a default token both", async () => {
      const read = (await createApiToken(store.db, org.users.a1, "ro", ["read"])).token;
      const write = (await createApiToken(store.db, org.users.a1, "wo", ["write"])).token;
      const both = (await createApiToken(store.db, org.users.a1, "rw")).token;
      const call = (token: string, method: "GET" | "POST") =>
        app.inject(method === "GET" ? { url: `${API}/me`, headers: { authorization: `Bearer ${token}` } } : { method, url: `${API}/activities`, headers: { authorization: `Bearer ${token}` }, payload: { kind: "call" } });
      expect((await call(read, "GET")).statusCode).toBe(200);
      const refused = await call(read, "POST");
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toMatch(/"write" scope/);
      expect((await call(write, "GET")).statusCode).toBe(403);
      expect((await call(write, "POST")).statusCode).toBe(201);
      expect((await call(both, "GET")).statusCode).toBe(200);
      expect((await call(both, "POST")).statusCode).toBe(201);
    });

    it("POST /tokens takes the scopes and returns them; an unknown scope is a 400 naming the field", async () => {
      const headers = await asUser(org.users.a1);
      const made = await app.inject({ method: "POST", url: `${API}/tokens`, headers, payload: { name: "reporting", scopes: ["read"] } });
      expect(made.statusCode).toBe(201);
      expect(made.json().scopes).toEqual(["read"]);
      const bad = await app.inject({ method: "POST", url: `${API}/tokens`, headers, payload: { name: "x", scopes: ["admin"] } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields[0].field).toBe("scopes.0");
    });
  });

  describe("Idempotency-Key", () => {
    const activity = { kind: "call", proactive: true, at: new Date(NOW.getTime() - 60_000).toISOString() };
    const activities = () => count("activities");

    it("replays the first answer for the same key and body, once, and refuses the key with another body", async () => {
      const headers = { ...(await asUser(org.users.a1)), "idempotency-key": "log-call-1" };
      const before = await activities();
      const first = await app.inject({ method: "POST", url: `${API}/activities`, headers, payload: activity });
      expect(first.statusCode).toBe(201);
      expect(first.headers["idempotent-replayed"]).toBeUndefined();
      const again = await app.inject({ method: "POST", url: `${API}/activities`, headers, payload: { proactive: true, at: activity.at, kind: "call" } });
      expect(again.statusCode).toBe(201);
      expect(again.headers["idempotent-replayed"]).toBe("true");
      expect(again.headers["content-type"]).toMatch(/application\/json/);
      expect(again.json()).toEqual(first.json());
      expect(await activities()).toBe(before + 1);
      const other = await app.inject({ method: "POST", url: `${API}/activities`, headers, payload: { ...activity, kind: "email" } });
      expect(other.statusCode).toBe(409);
      expect(other.json().error.fields[0].field).toBe("Idempotency-Key");
      expect(await activities()).toBe(before + 1);
    });

    it("keys are per user, kept 24 hours, and released when the request fails", async () => {
      const key = { "idempotency-key": "shared-key" };
      const a1 = await app.inject({ method: "POST", url: `${API}/activities`, headers: { ...(await asUser(org.users.a1)), ...key }, payload: activity });
      const a2 = await app.inject({ method: "POST", url: `${API}/activities`, headers: { ...(await asUser(org.users.a2)), ...key }, payload: activity });
      expect(a2.statusCode).toBe(201);
      expect(a2.headers["idempotent-replayed"]).toBeUndefined();
      expect(a2.json().id).not.toBe(a1.json().id);

      clock = NOW.getTime() + 24 * 3_600_000 + 1000;
      const later = await app.inject({ method: "POST", url: `${API}/activities`, headers: { ...(await asUser(org.users.a1)), ...key }, payload: activity });
      expect(later.statusCode).toBe(201);
      expect(later.headers["idempotent-replayed"]).toBeUndefined();

      const headers = { ...(await asUser(org.users.a1)), "idempotency-key": "failing" };
      const refused = await app.inject({ method: "POST", url: `${API}/activities`, headers, payload: { ...activity, repId: org.users.b1 } });
      expect(refused.statusCode).toBe(403);
      const fixed = await app.inject({ method: "POST", url: `${API}/activities`, headers, payload: activity });
      expect(fixed.statusCode).toBe(201);
      expect(fixed.headers["idempotent-replayed"]).toBeUndefined();
    });

    it("runs only one of concurrent requests with the same key", async () => {
      const headers = { ...(await asUser(org.users.a1)), "idempotency-key": "burst" };
      const before = await activities();
      const answers = await Promise.all(Array.from({ length: 8 }, () => app.inject({ method: "POST", url: `${API}/activities`, headers, payload: activity })));
      expect(await activities()).toBe(before + 1);
      const fresh = answers.filter((r) => r.statusCode === 201 && r.headers["idempotent-replayed"] === undefined);
      expect(fresh).toHaveLength(1);
      for (const r of answers) {
        if (r.statusCode === 409) expect(r.json().error.message).toMatch(/in progress/);
        else expect(r.json().id).toBe(fresh[0]!.json().id);
      }
    });

    it("refuses a malformed key, and leaves sign-in and requests without a key alone", async () => {
      const headers = await asUser(org.users.a1);
      const bad = await app.inject({ method: "POST", url: `${API}/activities`, headers: { ...headers, "idempotency-key": "has space" }, payload: activity });
      expect(bad.statusCode).toBe(400);
      const login = () => app.inject({ method: "POST", url: `${API}/auth/login`, headers: { "idempotency-key": "login" }, payload: { email: "a1@example.test", password: PASSWORD } });
      expect((await login()).headers["idempotent-replayed"]).toBeUndefined();
      expect((await login()).headers["idempotent-replayed"]).toBeUndefined();
      const before = await activities();
      await app.inject({ method: "POST", url: `${API}/activities`, headers, payload: activity });
      await app.inject({ method: "POST", url: `${API}/activities`, headers, payload: activity });
      expect(await activities()).toBe(before + 2);
    });
  });

  describe("audit log", () => {
    it("records sign-ins and failed sign-ins without the password, token changes and activities, and shows them to admins only", async () => {
      await app.inject({ method: "POST", url: `${API}/auth/login`, payload: { email: "b2@example.test", password: "wrong password" } });
      await app.inject({ method: "POST", url: `${API}/auth/login`, payload: { email: "b2@example.test", password: PASSWORD } });
      const token = await app.inject({ method: "POST", url: `${API}/tokens`, headers: await asUser(org.users.b2), payload: { name: "crm" } });
      await app.inject({ method: "DELETE", url: `${API}/tokens/${token.json().id}`, headers: await asUser(org.users.b2) });

      const admin = await asUser(org.users.admin);
      const list = async (q: string) => (await app.inject({ url: `${API}/audit?${q}`, headers: admin })).json().entries as { action: string; entityId: string | null; actorId: number | null; before: unknown; after: unknown }[];
      const signIns = await list(`entity=user&entityId=${org.users.b2}`);
      expect(signIns.map((e) => e.action)).toEqual(["sign-in", "sign-in-failed"]);
      expect(JSON.stringify(signIns)).not.toContain("wrong password");
      expect(signIns[1]!.after).toMatchObject({ email: "b2@example.test" });
      const tokens = await list(`actor=${org.users.b2}&entity=api_token`);
      expect(tokens.map((e) => e.action)).toEqual(["token-revoke", "token-create"]);
      expect(tokens[0]!.before).toMatchObject({ name: "crm", revokedAt: null });
      expect(JSON.stringify(tokens)).not.toContain(token.json().token);

      const page1 = await app.inject({ url: `${API}/audit?limit=2`, headers: admin });
      expect(page1.json().entries).toHaveLength(2);
      const page2 = await app.inject({ url: `${API}/audit?limit=2&before=${page1.json().next}`, headers: admin });
      expect(page2.json().entries[0].id).toBeLessThan(page1.json().entries[1].id);
      const future = await list(`from=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`);
      expect(future).toEqual([]);

      expect((await app.inject({ url: `${API}/audit`, headers: await asUser(org.users.mA) })).statusCode).toBe(403);
      expect((await app.inject({ url: `${API}/audit?limit=0`, headers: admin })).json().error.fields[0].field).toBe("limit");
    });

    it("is append-only in the database", async () => {
      await expect(query(store.db, sql`update audit_log set action = 'x'`)).rejects.toThrow();
      await expect(query(store.db, sql`delete from audit_log`)).rejects.toThrow();
    });

    it("records a check-out with the visit before and after", async () => {
      const visit = await insertActivity(store.db, { repId: org.users.a2, kind: "visit", proactive: true, at: new Date(NOW.getTime() - 3_600_000), account: org.accountName });
      const res = await app.inject({ method: "POST", url: `${API}/visits/${visit.id}/check-out`, headers: await asUser(org.users.a2), payload: { outcome: "order" } });
      expect(res.statusCode).toBe(200);
      const [row] = await query<{ before: { checkOutAt: string | null }; after: { checkOutAt: string | null; outcome: string } }>(
        store.db,
        sql`select before, after from audit_log where action = 'check-out' and entity_id = ${String(visit.id)}`,
      );
      expect(row!.before.checkOutAt).toBeNull();
      expect(row!.after).toMatchObject({ checkOutAt: NOW.toISOString(), outcome: "order" });
    });
  });

  describe("CSV exports", () => {
    const INJECTIONS = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"];

    it("neutralises formula-like text cells and keeps numbers numeric", async () => {
      const [open] = await store.db.select({ id: stages.id }).from(stages).limit(1);
      for (const [i, text] of INJECTIONS.entries()) {
        await store.db.insert(opportunities).values({ externalId: `inj-${i}`, ownerId: org.users.a1, stageId: open!.id, valueCents: -1250, nextStep: text, strategy: "plain text" });
        await insertActivity(store.db, { repId: org.users.a1, kind: "call", proactive: false, at: new Date(NOW.getTime() - i * 60_000), outcome: text });
      }
      const headers = await asUser(org.users.mA);
      const opps = await app.inject({ url: `${API}/teams/${org.teams.alpha}/export/opportunities.csv`, headers });
      expect(opps.statusCode).toBe(200);
      expect(opps.headers["content-type"]).toBe("text/csv; charset=utf-8");
      expect(opps.headers["content-disposition"]).toMatch(/attachment/);
      expect(opps.headers["x-content-type-options"]).toBe("nosniff");
      const rows = parse(opps.body, { columns: true }) as Record<string, string>[];
      for (const [i, text] of INJECTIONS.entries()) {
        const row = rows.find((r) => r.externalId === `inj-${i}`)!;
        expect(row.nextStep).toBe(`'${text}`);
        expect(row.strategy).toBe("plain text");
        expect(row.value).toBe("-12.5");
      }
      // Each neutralised cell is quoted in the file itself.
      expect(opps.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(opps.body).toContain(`"'@SUM(A1)"`);

      const acts = await app.inject({ url: `${API}/teams/${org.teams.alpha}/export/activities.csv`, headers });
      const activityRows = parse(acts.body, { columns: true }) as Record<string, string>[];
      for (const text of INJECTIONS) expect(activityRows.some((r) => r.outcome === `'${text}`), text).toBe(true);
      expect(activityRows.every((r) => !/^[=+\-@\t\r]/.test(r.outcome ?? "") && !/^[=+@]/.test(r.rep!))).toBe(true);
      expect((await app.inject({ url: `${API}/teams/${org.teams.beta}/export/activities.csv`, headers })).statusCode).toBe(403);
    });
  });

  describe("limits and headers", () => {
    it("answers 413 for a JSON body over 1 MB and a CSV import over 50 MB", async () => {
      const admin = await asUser(org.users.admin);
      const json = await app.inject({ method: "POST", url: `${API}/tokens`, headers: admin, payload: { name: "x".repeat(1024 * 1024) } });
      expect(json.statusCode).toBe(413);
      const csv = await app.inject({
        method: "POST",
        url: `${API}/import/products`,
        headers: { ...admin, "content-type": "text/csv" },
        payload: `name\n${"p".repeat(IMPORT_BODY_LIMIT)}\n`,
      });
      expect(csv.statusCode).toBe(413);
      expect(csv.json().error.code).toBe("too_large");
    });

    it("sends the security headers on successes, errors, not-found and CSV", async () => {
      const headers = await asUser(org.users.mA);
      for (const [url, h] of [
        [`${API}/health`, {}],
        [`${API}/me`, {}],
        [`${API}/me`, headers],
        [`${API}/nothing`, headers],
        [`${API}/teams/${org.teams.alpha}/export/activities.csv`, headers],
      ] as const) {
        const res = await app.inject({ url, headers: h });
        expect(res.headers["content-security-policy"], url).toMatch(/script-src 'self'/);
        expect(res.headers["x-frame-options"], url).toBe("DENY");
        expect(res.headers["referrer-policy"], url).toBe("no-referrer");
      }
    });
  });
});
