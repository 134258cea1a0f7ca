/**
 * The rest of issue 7's list, each checked so that it fails if it breaks (the access matrix,
 * idempotency, fuzzing, audit, crash and concurrency tests have files of their own):
 * password hashing at or above OWASP's scrypt minimum, sign-in limits per account and per
 * address (also under concurrent guessing, and behind the TLS proxy), CSRF refusal on every
 * state-changing route, API tokens stored only as hashes, the 1 MB JSON limit on every route,
 * the content security policy, and CSV imports that account for every row.
 */
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureFirstAdmin } from "../../src/auth/bootstrap.js";
import { hashPassword, SCRYPT_PARAMS, verifyPassword } from "../../src/auth/password.js";
import { hashSecret } from "../../src/auth/secrets.js";
import { importCsv } from "../../src/import/index.js";
import { MAX_REPORTED_ERRORS } from "../../src/import/report.js";
import { query, sql, type Store } from "../../src/store/db.js";
import { NOW, PASSWORD, sessionCookie, testApp, testEnv } from "../api/fixtures.js";
import { createTestStore } from "../support/stores.js";
import { seedSecurityOrg, type SecurityOrg } from "./org.js";

const API = "/api/v1";

describe("passwords", () => {
  // OWASP Password Storage Cheat Sheet: scrypt with N ≥ 2^17, r ≥ 8 (1024-byte blocks), p ≥ 1.
  it("are hashed with scrypt at or above OWASP's minimum, salted, and verified in constant time", async () => {
    expect(SCRYPT_PARAMS.N).toBeGreaterThanOrEqual(2 ** 17);
    expect(SCRYPT_PARAMS.r).toBeGreaterThanOrEqual(8);
    expect(SCRYPT_PARAMS.p).toBeGreaterThanOrEqual(1);
    const hash = await hashPassword("correct horse battery staple");
    const [scheme, n, r, p, salt, key] = hash.split("$");
    expect([scheme, Number(n), Number(r), Number(p)]).toEqual(["scrypt", SCRYPT_PARAMS.N, SCRYPT_PARAMS.r, SCRYPT_PARAMS.p]);
    expect(Buffer.from(salt!, "base64url")).toHaveLength(16);
    expect(Buffer.from(key!, "base64url")).toHaveLength(32);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
    expect(await hashPassword("correct horse battery staple")).not.toBe(hash); // a fresh salt each time
    expect(await verifyPassword("anything", null)).toBe(false);
  }, 30_000);

  it("are stored at those parameters by the code that creates accounts (the first admin)", async () => {
    const store = await createTestStore("pglite");
    try {
      await ensureFirstAdmin(store.db, { PROACTIVE_ADMIN_EMAIL: "root@example.test", PROACTIVE_ADMIN_PASSWORD: "a long enough password" });
      const [row] = await query<{ password_hash: string }>(store.db, sql`select password_hash from users where email = 'root@example.test'`);
      expect(row!.password_hash.startsWith(`scrypt$${SCRYPT_PARAMS.N}$${SCRYPT_PARAMS.r}$${SCRYPT_PARAMS.p}$`)).toBe(true);
      expect(row!.password_hash).not.toContain("a long enough password");
    } finally {
      await store.close();
    }
  }, 30_000);
});

describe("on a live app", () => {
  let store: Store;
  let app: FastifyInstance;
  let org: SecurityOrg;
  let clock = NOW.getTime();

  beforeAll(async () => {
    store = await createTestStore("pglite");
    org = await seedSecurityOrg(store.db);
    app = await testApp(store, { clock: () => clock });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  /** Real accounts (a cheap hash in tests), so wrong guesses do not pay the full scrypt of an unknown account. */
  const someone = (i: number) => `${["admin", "mA", "mB", "a2", "b1"][i % 5]}@example.test`;
  const login = (target: FastifyInstance, email: string, password: string, options: { ip?: string; forwardedFor?: string } = {}) =>
    target.inject({
      method: "POST",
      url: `${API}/auth/login`,
      payload: { email, password },
      remoteAddress: options.ip ?? "10.0.0.1",
      headers: options.forwardedFor ? { "x-forwarded-for": options.forwardedFor } : {},
    });

  describe("sign-in limits", () => {
    it("let at most 10 of 30 concurrent wrong guesses at one account through, then refuse even the right password for 15 minutes", async () => {
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login(app, "a1@example.test", `guess ${i}`, { ip: `10.20.0.${i}` })));
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
      expect(statuses.filter((s) => s !== 401).every((s) => s === 429)).toBe(true);
      expect(answers.find((a) => a.statusCode === 429)!.headers["retry-after"]).toMatch(/^\d+$/);
      expect((await login(app, "a1@example.test", PASSWORD, { ip: "10.20.1.1" })).statusCode).toBe(429);
      clock += 15 * 60_000 + 1;
      expect((await login(app, "a1@example.test", PASSWORD, { ip: "10.20.1.1" })).statusCode).toBe(200);
    });

    it("let at most 10 of 30 concurrent guesses from one address through, whichever accounts they try", async () => {
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login(app, someone(i), "guess", { ip: "10.30.0.1" })));
      expect(answers.filter((a) => a.statusCode === 401).length).toBeLessThanOrEqual(10);
      expect((await login(app, "a2@example.test", PASSWORD, { ip: "10.30.0.1" })).statusCode).toBe(429);
      expect((await login(app, "a2@example.test", PASSWORD, { ip: "10.30.0.2" })).statusCode).toBe(200);
    });

    it("do not count a successful sign-in against its address", async () => {
      for (let i = 0; i < 12; i++) expect((await login(app, "b1@example.test", PASSWORD, { ip: "10.40.0.1" })).statusCode).toBe(200);
    });

    it("behind the TLS proxy, key the address on the client the proxy saw; without it, ignore X-Forwarded-For", async () => {
      const behindProxy = await testApp(store, { env: testEnv({ PROACTIVE_TLS: "1" }), clock: () => clock });
      try {
        for (let i = 0; i < 10; i++) await login(behindProxy, someone(i), "guess", { ip: "127.0.0.1", forwardedFor: "203.0.113.5" });
        expect((await login(behindProxy, "b2@example.test", PASSWORD, { ip: "127.0.0.1", forwardedFor: "203.0.113.5" })).statusCode).toBe(429);
        // Another client behind the same proxy is not limited.
        expect((await login(behindProxy, "b2@example.test", PASSWORD, { ip: "127.0.0.1", forwardedFor: "203.0.113.6" })).statusCode).toBe(200);
      } finally {
        await behindProxy.close();
      }
      // Directly exposed: a client cannot dodge the per-address limit by inventing X-Forwarded-For.
      for (let i = 0; i < 10; i++) await login(app, someone(i), "guess", { ip: "10.50.0.1", forwardedFor: `198.51.100.${i}` });
      expect((await login(app, "b2@example.test", PASSWORD, { ip: "10.50.0.1", forwardedFor: "198.51.100.99" })).statusCode).toBe(429);
    });
  });

  describe("CSRF", () => {
    it("refuses every state-changing route signed in by cookie without the header, before doing anything", async () => {
      const cookie = await sessionCookie(store.db, org.users.admin);
      const routes = app.routeTable.filter((r) => r.url.startsWith("/api/") && !["GET", "HEAD", "OPTIONS"].includes(r.method) && r.url !== `${API}/auth/login`);
      expect(routes.length).toBeGreaterThan(20);
      const before = await query<{ n: number }>(store.db, sql`select count(*)::int as n from audit_log`);
      for (const route of routes) {
        const url = route.url.replace(/:(\w+)/g, (_, name: string) => (name === "entity" ? "products" : name === "key" ? "stageWinRates" : "1"));
        for (const headers of [{ cookie }, { cookie, "x-proactive-csrf": "0" }]) {
          const res = await app.inject({ method: route.method as "POST", url, headers, payload: {} });
          expect([res.statusCode, res.json().error.code], `${route.method} ${route.url}`).toEqual([403, "csrf"]);
        }
      }
      expect(await query<{ n: number }>(store.db, sql`select count(*)::int as n from audit_log`)).toEqual(before);
    });

    it("refuses a cross-site form posting a sign-in (a browser form cannot send JSON)", async () => {
      for (const [type, payload] of [
        ["application/x-www-form-urlencoded", `email=a2%40example.test&password=${encodeURIComponent(PASSWORD)}`],
        ["multipart/form-data; boundary=x", `--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na2@example.test\r\n--x--\r\n`],
        ["text/plain", JSON.stringify({ email: "a2@example.test", password: PASSWORD })],
      ] as const) {
        const res = await app.inject({ method: "POST", url: `${API}/auth/login`, headers: { "content-type": type }, payload, remoteAddress: "10.60.0.1" });
        expect(res.statusCode, type).toBeGreaterThanOrEqual(400);
        expect(res.headers["set-cookie"], type).toBeUndefined();
      }
    });
  });

  describe("API tokens", () => {
    it("are shown once, stored only as a SHA-256 hash (nowhere in plain), listed without secrets, and dead once revoked", async () => {
      const cookie = await sessionCookie(store.db, org.users.mA);
      const created = await app.inject({ method: "POST", url: `${API}/tokens`, headers: { cookie, "x-proactive-csrf": "1" }, payload: { name: "crm sync" } });
      expect(created.statusCode).toBe(201);
      const { id, token } = created.json() as { id: number; token: string };
      expect(token).toMatch(/^pro_[A-Za-z0-9_-]{40,}$/);
      const listed = await app.inject({ url: `${API}/tokens`, headers: { cookie } });
      expect(listed.body).not.toContain(token);
      expect(listed.body).not.toContain(hashSecret(token));
      const [row] = await query<{ token_hash: string }>(store.db, sql`select token_hash from api_tokens where id = ${id}`);
      expect(row!.token_hash).toBe(hashSecret(token));
      const tablesContaining = async (text: string) =>
        (
          await query<{ hit: string }>(
            store.db,
            sql`select table_name as hit from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'
                  and query_to_xml(format('select 1 from %I t where t::text like %L', table_name, ${`%${text}%`}::text), false, false, '')::text like '%<row>%'`,
          )
        ).map((r) => r.hit);
      expect(await tablesContaining(token)).toEqual([]);
      expect(await tablesContaining(hashSecret(token))).toEqual(["api_tokens"]); // the search itself finds what is there
      expect((await app.inject({ url: `${API}/me`, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
      expect((await app.inject({ method: "DELETE", url: `${API}/tokens/${id}`, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(204);
      expect((await app.inject({ url: `${API}/me`, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    });
  });

  describe("body limits", () => {
    it("answer every JSON route's body over 1 MB with a 413 naming the body, before any route code runs", async () => {
      const headers = { authorization: `Bearer ${(await import("../../src/auth/tokens.js").then((m) => m.createApiToken(store.db, org.users.admin, "limits"))).token}`, "content-type": "application/json" };
      const big = JSON.stringify({ name: "x".repeat(1024 * 1024) });
      const routes = app.routeTable.filter((r) => r.url.startsWith("/api/") && (r.method === "POST" || r.method === "PUT"));
      for (const route of routes) {
        const url = route.url.replace(/:(\w+)/g, (_, name: string) => (name === "entity" ? "products" : name === "key" ? "stageWinRates" : "1"));
        const res = await app.inject({ method: route.method as "POST", url, headers, payload: big });
        const csv = (route.schema as { consumes?: string[] } | undefined)?.consumes?.includes("text/csv");
        // The CSV routes take up to 50 MB, but JSON is not what they take.
        expect([res.statusCode, res.json().error.fields?.[0]?.field], `${route.method} ${route.url}`).toEqual([csv ? 400 : 413, "body"]);
      }
    });
  });

  describe("security headers", () => {
    it("send a content security policy without inline or eval'd script on every answer, including refusals before routing", async () => {
      for (const url of [`${API}/health`, `${API}/me`, `${API}/nowhere`, `${API}/teams/%E0%A4%A`, "/"]) {
        const res = await app.inject({ url });
        const csp = res.headers["content-security-policy"] as string;
        expect(csp, url).toBeDefined();
        const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
        expect(directives.get("script-src"), url).toEqual(["'self'"]);
        expect(directives.get("default-src"), url).toEqual(["'self'"]);
        expect(directives.get("object-src"), url).toEqual(["'none'"]);
        expect(directives.get("frame-ancestors"), url).toEqual(["'none'"]);
        expect(res.headers["x-content-type-options"], url).toBe("nosniff");
        expect(res.headers["strict-transport-security"], url).toBeUndefined(); // HSTS only behind TLS (auth.test.ts)
      }
    });
  });
});

describe("CSV imports account for every row", () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore("pglite");
    await seedSecurityOrg(store.db);
  });
  afterAll(async () => {
    await store?.close();
  });

  const cell = fc.oneof(
    fc.constantFrom("", "a1", "b2", "nobody", "call", "email", "visit", "fax", "true", "false", "maybe", "10", "-5", "1e3", "12.345", "2026-03-01", "2026-02-30", "2026-03-01T10:00:00Z", "=1+1", '"quoted, comma"'),
    fc.string({ maxLength: 8 }).map((s) => s.replace(/[\r\n"\u0000]/g, "")),
  );
  const rows = (width: number) => fc.array(fc.array(cell, { minLength: width - 1, maxLength: width + 1 }), { minLength: 1, maxLength: 25 });

  it.each([
    ["products", "name,series,price", 3],
    ["activities", "externalId,rep,kind,at,proactive,durationMinutes", 6],
  ] as const)("%s: every row read is created, updated, unchanged or rejected, and every rejected row is reported by line", async (entity, header, width) => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(rows(width), async (data) => {
        const csv = [header, ...data.map((r) => r.map((c) => (c.includes(",") && !c.startsWith('"') ? `"${c}"` : c)).join(","))].join("\n");
        const report = await importCsv(store.db, entity, csv);
        runs++;
        expect(report.read).toBe(report.created + report.updated + report.unchanged + report.rejected);
        expect(report.errors.every((e) => e.line >= 2 && e.field.length > 0 && e.reason.length > 0)).toBe(true);
        if (report.rejected < MAX_REPORTED_ERRORS) expect(new Set(report.errors.map((e) => e.line)).size).toBe(report.rejected);
      }),
      { numRuns: 40, seed: 7 },
    );
    expect(runs).toBe(40);
  }, 120_000);
});
