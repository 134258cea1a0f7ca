import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { query, sql, type Store } from "../../src/store/db.js";
import { products, teams } from "../../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { seedOrg, sessionCookie, testApp, type Org } from "./fixtures.js";

const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'";

function expectSecurityHeaders(headers: Record<string, unknown>, what: string) {
  expect(headers["content-security-policy"], what).toBe(CSP);
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("no-referrer");
}

describe.each(STORE_KINDS)("the HTTP surface on %s", (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let org: Org;
  let admin: string;
  let rep: string;
  let webRoot: string;

  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedOrg(store.db);
    webRoot = fs.mkdtempSync(path.join(os.tmpdir(), "proactive-web-"));
    fs.mkdirSync(path.join(webRoot, "assets"));
    fs.writeFileSync(path.join(webRoot, "index.html"), '<!doctype html><script type="module" src="/assets/app.js"></script>');
    fs.writeFileSync(path.join(webRoot, "assets", "app.js"), "console.log('hi')");
    app = await testApp(store, { webRoot });
    admin = await sessionCookie(store.db, org.users.admin);
    rep = await sessionCookie(store.db, org.users.r1);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    fs.rmSync(webRoot, { recursive: true, force: true });
  });

  it("publishes an OpenAPI document listing every API route, from the zod schemas", async () => {
    const res = await app.inject({ url: "/api/v1/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    // Every route fastify serves under /api/v1 (from its own route table) is documented, and
    // nothing is documented that is not served.
    const served = app.routeTable
      .filter((r) => r.url.startsWith("/api/v1/") && r.method !== "HEAD")
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, "{$1}")}`);
    expect(served.length).toBeGreaterThan(40);
    expect(listed.sort()).toEqual([...new Set(served)].sort());
    for (const route of ["GET /api/v1/openapi.json", "POST /api/v1/auth/login", "POST /api/v1/import/{entity}", "POST /api/v1/leads"]) {
      expect(listed, route).toContain(route);
    }
    const login = doc.paths["/api/v1/auth/login"].post;
    expect(login.requestBody.content["application/json"].schema.required).toEqual(["email", "password"]);
    expect(Object.keys(doc.paths["/api/v1/teams/{teamId}"].get.responses)).toEqual(expect.arrayContaining(["200", "403", "404"]));
    expect(doc.paths["/api/v1/import/{entity}"].post.requestBody.content).toHaveProperty("text/csv");
    expect(doc.components.securitySchemes).toHaveProperty("bearer");
  });

  it("names the field in a 400", async () => {
    const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "not an email", password: "x" } });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe("validation");
    expect(error.fields).toEqual([{ field: "email", reason: expect.any(String) }]);
    expect(error.message).toContain("email");

    const missing = await app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie: admin, "x-proactive-csrf": "1" }, payload: {} });
    expect(missing.json().error.fields.map((f: { field: string }) => f.field)).toEqual(["name"]);

    const badParam = await app.inject({ url: "/api/v1/teams/abc", headers: { cookie: admin } });
    expect(badParam.statusCode).toBe(400);
    expect(badParam.json().error.fields[0].field).toBe("teamId");
  });

  it("answers malformed JSON, unknown routes and oversized bodies in the one error shape", async () => {
    const malformed = await app.inject({ method: "POST", url: "/api/v1/auth/login", headers: { "content-type": "application/json" }, payload: "{" });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe("bad_request");

    const unknown = await app.inject({ url: "/api/v1/nothing-here", headers: { cookie: admin } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });

    const big = await app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      headers: { cookie: admin, "x-proactive-csrf": "1" },
      payload: { name: "x".repeat(1024 * 1024 + 1) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe("too_large");
  });

  it("answers a unique violation from either driver with 409, and hides a server fault's details", async () => {
    const extra = await testApp(store);
    try {
      extra.get("/api/v1/test/duplicate-team", { config: { public: true } }, async () => {
        await store.db.insert(teams).values({ name: "East" });
        return {};
      });
      extra.get("/api/v1/test/fault", { config: { public: true } }, async () => {
        throw new Error("secret internals");
      });
      const conflict = await extra.inject({ url: "/api/v1/test/duplicate-team" });
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json().error.code).toBe("conflict");
      const fault = await extra.inject({ url: "/api/v1/test/fault" });
      expect(fault.statusCode).toBe(500);
      expect(fault.json().error.code).toBe("internal");
      expect(fault.body).not.toContain("secret internals");
    } finally {
      await extra.close();
    }
  });

  it("sends the security headers on every kind of response", async () => {
    const responses = {
      health: await app.inject({ url: "/api/v1/health" }),
      unauthenticated: await app.inject({ url: "/api/v1/me" }),
      forbidden: await app.inject({ url: `/api/v1/teams/${org.teams.west}`, headers: { cookie: rep } }),
      notFound: await app.inject({ url: "/api/v1/nope", headers: { cookie: rep } }),
      index: await app.inject({ url: "/" }),
      asset: await app.inject({ url: "/assets/app.js" }),
      clientRoute: await app.inject({ url: "/teams/3" }),
    };
    for (const [what, res] of Object.entries(responses)) expectSecurityHeaders(res.headers, what);
    expect(responses.health.headers["strict-transport-security"]).toBeUndefined();
  });

  it("serves the built web app with an index.html fallback for client routes only", async () => {
    const index = await app.inject({ url: "/" });
    expect(index.statusCode).toBe(200);
    expect(index.headers["content-type"]).toMatch(/text\/html/);
    expect(index.body).toContain("/assets/app.js");
    expect(index.headers["cache-control"]).toBe("no-cache");

    const asset = await app.inject({ url: "/assets/app.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");

    const client = await app.inject({ url: "/teams/3/reps" });
    expect(client.statusCode).toBe(200);
    expect(client.body).toBe(index.body);

    expect((await app.inject({ url: "/assets/missing.js" })).statusCode).toBe(404);
    expect((await app.inject({ method: "POST", url: "/teams" })).statusCode).toBe(404);
  });

  it("says to build the web app when dist/web is missing", async () => {
    const bare = await testApp(store, { webRoot: path.join(webRoot, "missing") });
    try {
      const res = await bare.inject({ url: "/" });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain("npm run build");
      expectSecurityHeaders(res.headers, "no build");
    } finally {
      await bare.close();
    }
  });

  it("imports a CSV over the API for an admin, with a mapping from the query string", async () => {
    const csv = "product,series,sales_price\nGTX Basic,GTX,550\nGTX Pro,GTX,4821\nBroken,GTX,not money\n";
    const mapping = encodeURIComponent(JSON.stringify({ columns: { name: "product", price: "sales_price" } }));
    const res = await app.inject({
      method: "POST",
      url: `/api/v1/import/products?mapping=${mapping}`,
      headers: { authorization: `Bearer ${await adminToken()}`, "content-type": "text/csv" },
      payload: csv,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ read: 3, created: 2, rejected: 1, errors: [{ line: 4, field: "price" }] });
    const rows = await store.db.select({ name: products.name, priceCents: products.priceCents }).from(products);
    expect(rows.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: "GTX Basic", priceCents: 55_000 },
      { name: "GTX Pro", priceCents: 482_100 },
    ]);
  });

  it("refuses imports from non-admins, with a bad mapping, of another content type, or over 50 MB", async () => {
    const post = (url: string, headers: Record<string, string>, payload: string) => app.inject({ method: "POST", url, headers, payload });
    const csvHeaders = { cookie: admin, "x-proactive-csrf": "1", "content-type": "text/csv" };

    const asRep = await post("/api/v1/import/products", { ...csvHeaders, cookie: rep }, "name\nX\n");
    expect(asRep.statusCode).toBe(403);

    const notJson = await post("/api/v1/import/products?mapping=%7Bnope", csvHeaders, "name\nX\n");
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().error.fields[0].field).toBe("mapping");

    const wrongShape = await post(`/api/v1/import/products?mapping=${encodeURIComponent('{"columns":{"name":""}}')}`, csvHeaders, "name\nX\n");
    expect(wrongShape.statusCode).toBe(400);
    expect(wrongShape.json().error.fields[0].field).toBe("mapping.columns.name");

    const unknownField = await post(`/api/v1/import/products?mapping=${encodeURIComponent('{"columns":{"colour":"c"}}')}`, csvHeaders, "name\nX\n");
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.fields[0].field).toBe("mapping");

    const badEntity = await post("/api/v1/import/planets", csvHeaders, "name\nX\n");
    expect(badEntity.statusCode).toBe(400);
    expect(badEntity.json().error.fields[0].field).toBe("entity");

    const json = await post("/api/v1/import/products", { ...csvHeaders, "content-type": "application/json" }, '{"name":"X"}');
    expect(json.statusCode).toBe(400);

    const tooBig = await post("/api/v1/import/products", csvHeaders, `name\n${"x".repeat(50 * 1024 * 1024)}\n`);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.code).toBe("too_large");
  });

  it("does not take CSV on other routes", async () => {
    const res = await app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie: admin, "x-proactive-csrf": "1", "content-type": "text/csv" }, payload: "name\nx\n" });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe("unsupported_media_type");
  });

  it("logs requests without passwords, cookies or tokens", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await testApp(store, { logger: { level: "trace", stream } });
    logged.get("/api/v1/test/failing-query", { config: { public: true } }, async () => query(store.db, sql`select ${"sekrit-param"}::int as n`));
    try {
      expect((await logged.inject({ url: "/api/v1/test/failing-query" })).statusCode).toBe(500);
      const login = await logged.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "r1@example.test", password: "correct horse battery staple" } });
      const cookie = login.headers["set-cookie"] as string;
      const token = await logged.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie, "x-proactive-csrf": "1" }, payload: { name: "t" } });
      await logged.inject({ url: "/api/v1/me", headers: { authorization: `Bearer ${token.json().token}` } });
      const log = lines.join("");
      expect(lines.length).toBeGreaterThan(3);
      expect(log).toContain("/api/v1/auth/login");
      expect(log).not.toContain("correct horse");
      expect(log).not.toContain(cookie.split(";")[0]!.split("=")[1]!);
      expect(log).not.toContain(token.json().token);
      // A failed query is logged with its SQL, not its parameters.
      expect(log).toContain("request failed");
      expect(log).not.toContain("sekrit-param");
    } finally {
      await logged.close();
    }
  });

  it("works over a real port", async () => {
    const live = await testApp(store);
    try {
      await live.listen({ port: 0, host: "127.0.0.1" });
      const address = live.server.address();
      const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
      const health = await fetch(`${base}/api/v1/health`);
      expect(await health.json()).toEqual({ ok: true, store: kind });
      expect(health.headers.get("content-security-policy")).toBe(CSP);

      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "m2@example.test", password: "correct horse battery staple" }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.getSetCookie()[0]!.split(";")[0]!;
      const teams = await fetch(`${base}/api/v1/teams`, { headers: { cookie } });
      expect((await teams.json()).map((t: { name: string }) => t.name)).toEqual(["West"]);
      const csrf = await fetch(`${base}/api/v1/auth/logout`, { method: "POST", headers: { cookie } });
      expect(csrf.status).toBe(403);
      const out = await fetch(`${base}/api/v1/auth/logout`, { method: "POST", headers: { cookie, "x-proactive-csrf": "1" } });
      expect(out.status).toBe(204);
      expect((await fetch(`${base}/api/v1/teams`, { headers: { cookie } })).status).toBe(401);
    } finally {
      await live.close();
    }
  });

  async function adminToken(): Promise<string> {
    const res = await app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie: admin, "x-proactive-csrf": "1" }, payload: { name: "import" } });
    return res.json().token;
  }
});
