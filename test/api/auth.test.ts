import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { eq } from "drizzle-orm";
import { ensureFirstAdmin } from "../../src/auth/bootstrap.js";
import { hashSecret } from "../../src/auth/secrets.js";
import type { Store } from "../../src/store/db.js";
import { apiTokens, sessions, users } from "../../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { NOW, PASSWORD, parseSetCookie, seedOrg, sessionCookie, testApp, testEnv, type Org } from "./fixtures.js";

describe.each(STORE_KINDS)("sign-in, sessions and tokens on %s", (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let org: Org;
  let clock = NOW.getTime();

  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedOrg(store.db);
    app = await testApp(store, { clock: () => clock });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const login = (email: string, password: string, ip = "10.0.0.1") =>
    app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password }, remoteAddress: ip });

  it("signs in with email and password, sets a safe session cookie and answers Me", async () => {
    const res = await login("M1@example.test", PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: { id: org.users.m1, name: "m1", email: "m1@example.test", role: "manager", teamId: org.teams.east, teamName: "East", managedTeamIds: [org.teams.east, org.teams.eastSub] },
    });
    const cookie = parseSetCookie(res.headers["set-cookie"]);
    expect(cookie.attributes.has("httponly")).toBe(true);
    expect(cookie.attributes.get("samesite")).toBe("Lax");
    expect(cookie.attributes.get("path")).toBe("/");
    expect(cookie.attributes.get("max-age")).toBe(String(14 * 24 * 3600));
    expect(cookie.attributes.has("secure")).toBe(false);
    // Only the hash is stored.
    const stored = await store.db.select().from(sessions).where(eq(sessions.userId, org.users.m1));
    expect(stored.map((s) => s.tokenHash)).toContain(hashSecret(cookie.value));
    expect(stored.map((s) => s.tokenHash)).not.toContain(cookie.value);
    expect(Buffer.from(cookie.value, "base64url")).toHaveLength(32);

    const me = await app.inject({ url: "/api/v1/me", headers: { cookie: `proactive_session=${cookie.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(org.users.m1);
  });

  it("answers a wrong password and an unknown email with the same 401", async () => {
    const wrong = await login("r1@example.test", "not the password", "10.0.0.2");
    const unknown = await login("nobody@example.test", PASSWORD, "10.0.0.2");
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe("invalid_credentials");
    expect(wrong.headers["set-cookie"]).toBeUndefined();
  });

  it("refuses an inactive user's correct password", async () => {
    expect((await login("r6@example.test", PASSWORD, "10.0.0.3")).statusCode).toBe(401);
  });

  it("limits failures per account: the 11th attempt is refused even with the right password, until the window passes", async () => {
    for (let i = 0; i < 10; i++) {
      // Different IPs, so only the account limit can bite.
      expect((await login("r3@example.test", "wrong", `10.1.0.${i}`)).statusCode).toBe(401);
    }
    const limited = await login("r3@example.test", PASSWORD, "10.1.1.1");
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    clock += 15 * 60_000 + 1;
    expect((await login("r3@example.test", PASSWORD, "10.1.1.1")).statusCode).toBe(200);
  });

  it("limits failures per IP across accounts", async () => {
    for (let i = 0; i < 10; i++) expect((await login("m2@example.test", "wrong", "10.9.9.9")).statusCode).toBe(401);
    // r4 has no failures of its own: the address is what is limited.
    expect((await login("r4@example.test", PASSWORD, "10.9.9.9")).statusCode).toBe(429);
    expect((await login("r4@example.test", PASSWORD, "10.9.9.10")).statusCode).toBe(200);
  });

  it("marks the cookie Secure and sends HSTS behind TLS", async () => {
    const tlsApp = await testApp(store, { env: testEnv({ PROACTIVE_TLS: "1" }) });
    try {
      const res = await tlsApp.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "r1@example.test", password: PASSWORD } });
      expect(res.statusCode).toBe(200);
      expect(parseSetCookie(res.headers["set-cookie"]).attributes.has("secure")).toBe(true);
      expect(res.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    } finally {
      await tlsApp.close();
    }
    const plain = await app.inject({ url: "/api/v1/health" });
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
  });

  it("requires the CSRF header on cookie-authenticated writes, and accepts it", async () => {
    const cookie = await sessionCookie(store.db, org.users.r1);
    const refused = await app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie }, payload: { name: "x" } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe("csrf");
    const wrongValue = await app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie, "x-proactive-csrf": "yes" }, payload: { name: "x" } });
    expect(wrongValue.statusCode).toBe(403);
    const accepted = await app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie, "x-proactive-csrf": "1" }, payload: { name: "x" } });
    expect(accepted.statusCode).toBe(201);
    // Reads need no header.
    expect((await app.inject({ url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(200);
  });

  it("logs out: the session row is deleted and the cookie stops working", async () => {
    const cookie = await sessionCookie(store.db, org.users.r2);
    const out = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie, "x-proactive-csrf": "1" } });
    expect(out.statusCode).toBe(204);
    expect(parseSetCookie(out.headers["set-cookie"]).value).toBe("");
    expect((await app.inject({ url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(401);
    const token = cookie.split("=")[1]!;
    expect(await store.db.select().from(sessions).where(eq(sessions.tokenHash, hashSecret(token)))).toEqual([]);
  });

  it("rejects an expired session", async () => {
    const cookie = await sessionCookie(store.db, org.users.r2);
    const saved = clock;
    clock = NOW.getTime() + 14 * 24 * 3600_000 + 1;
    try {
      expect((await app.inject({ url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(401);
    } finally {
      clock = saved;
    }
  });

  it("accepts a bearer token without the CSRF header, lists it without its secret, and refuses it once revoked", async () => {
    const cookie = await sessionCookie(store.db, org.users.r4);
    const created = await app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie, "x-proactive-csrf": "1" }, payload: { name: "crm sync" } });
    expect(created.statusCode).toBe(201);
    const { id, token, name } = created.json();
    expect(name).toBe("crm sync");
    expect(token).toMatch(/^pro_[A-Za-z0-9_-]{43}$/);
    const [row] = await store.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row!.tokenHash).toBe(hashSecret(token));

    const auth = { authorization: `Bearer ${token}` };
    expect((await app.inject({ url: "/api/v1/me", headers: auth })).json().id).toBe(org.users.r4);
    // A write by bearer needs no CSRF header.
    const second = await app.inject({ method: "POST", url: "/api/v1/tokens", headers: auth, payload: { name: "second" } });
    expect(second.statusCode).toBe(201);

    const list = await app.inject({ url: "/api/v1/tokens", headers: auth });
    expect(list.json().map((t: { name: string }) => t.name).sort()).toEqual(["crm sync", "second"]);
    expect(JSON.stringify(list.json())).not.toContain(token);
    const listed = list.json().find((t: { id: number }) => t.id === id);
    expect(listed.lastUsedAt).toBe(new Date(clock).toISOString());

    // Another rep cannot revoke it (it is not theirs to know of).
    const other = await sessionCookie(store.db, org.users.r1);
    expect((await app.inject({ method: "DELETE", url: `/api/v1/tokens/${id}`, headers: { cookie: other, "x-proactive-csrf": "1" } })).statusCode).toBe(404);

    expect((await app.inject({ method: "DELETE", url: `/api/v1/tokens/${id}`, headers: auth })).statusCode).toBe(204);
    const refused = await app.inject({ url: "/api/v1/me", headers: auth });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe("unauthenticated");
    // A garbage bearer is refused, not treated as anonymous on a public route either.
    expect((await app.inject({ url: "/api/v1/me", headers: { authorization: "Bearer pro_nope" } })).statusCode).toBe(401);
  });

  it("lets an admin revoke anyone's token", async () => {
    const mine = await app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie: await sessionCookie(store.db, org.users.r3), "x-proactive-csrf": "1" }, payload: { name: "r3" } });
    const { id, token } = mine.json();
    const admin = await sessionCookie(store.db, org.users.admin);
    expect((await app.inject({ method: "DELETE", url: `/api/v1/tokens/${id}`, headers: { cookie: admin, "x-proactive-csrf": "1" } })).statusCode).toBe(204);
    expect((await app.inject({ url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
  });

  it("updates lastUsedAt at most once a minute", async () => {
    const res = await app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie: await sessionCookie(store.db, org.users.r5), "x-proactive-csrf": "1" }, payload: { name: "t" } });
    const { id, token } = res.json();
    const lastUsed = async () => (await store.db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0]!.lastUsedAt?.getTime();
    const saved = clock;
    try {
      clock = NOW.getTime();
      await app.inject({ url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } });
      expect(await lastUsed()).toBe(NOW.getTime());
      clock = NOW.getTime() + 30_000;
      await app.inject({ url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } });
      expect(await lastUsed()).toBe(NOW.getTime());
      clock = NOW.getTime() + 61_000;
      await app.inject({ url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } });
      expect(await lastUsed()).toBe(NOW.getTime() + 61_000);
    } finally {
      clock = saved;
    }
  });

  it("answers 401 to unauthenticated API requests except the public routes", async () => {
    for (const url of ["/api/v1/me", "/api/v1/teams", "/api/v1/teams/1", "/api/v1/reps/1", "/api/v1/tokens", "/api/v1/no-such-route"]) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code, url).toBe("unauthenticated");
    }
    expect((await app.inject({ url: "/api/v1/health" })).json()).toEqual({ ok: true, store: kind });
    expect((await app.inject({ url: "/api/v1/openapi.json" })).statusCode).toBe(200);
  });
});

describe.each(STORE_KINDS)("first admin on %s", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(kind);
  });
  afterAll(() => store?.close());

  it("is created from the environment on a store with no users, once, and can sign in", async () => {
    expect(await ensureFirstAdmin(store.db, {})).toEqual({ created: false, reason: "not-configured" });
    const env = { PROACTIVE_ADMIN_EMAIL: "boss@example.test", PROACTIVE_ADMIN_PASSWORD: "a long passphrase" };
    const first = await ensureFirstAdmin(store.db, env);
    expect(first).toMatchObject({ created: true, email: "boss@example.test" });
    expect(await ensureFirstAdmin(store.db, { ...env, PROACTIVE_ADMIN_EMAIL: "other@example.test" })).toEqual({ created: false, reason: "users-exist" });
    const all = await store.db.select({ email: users.email, role: users.role }).from(users);
    expect(all).toEqual([{ email: "boss@example.test", role: "admin" }]);

    const app = await testApp(store);
    try {
      const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "boss@example.test", password: "a long passphrase" } });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.role).toBe("admin");
    } finally {
      await app.close();
    }
  });
});
