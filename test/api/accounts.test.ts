/** GET /api/v1/accounts: the activity form's typeahead, for any signed-in user. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { Store } from "../../src/store/db.js";
import { accounts } from "../../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { seedOrg, sessionCookie, testApp, type Org } from "./fixtures.js";

describe.each(STORE_KINDS)("account typeahead on %s", (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let org: Org;

  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedOrg(store.db);
    const names = ["Acme", "Northwind Acme", "acme labs", "Globex", "50% Off Ltd", "500 Corp", ...Array.from({ length: 30 }, (_, i) => `Bulk ${i}`)];
    await store.db.insert(accounts).values(names.map((name) => ({ name })));
    app = await testApp(store);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const search = async (query: string, cookie?: string) =>
    app.inject({ url: `/api/v1/accounts?query=${encodeURIComponent(query)}`, headers: cookie ? { cookie } : {} });

  it("answers a rep with names containing the query, case-insensitive, prefix matches first", async () => {
    const response = await search("acme", await sessionCookie(store.db, org.users.r1));
    expect(response.statusCode).toBe(200);
    expect(response.json().map((a: { name: string }) => a.name)).toEqual(["Acme", "acme labs", "Northwind Acme"]);
    expect(response.json()[0]).toEqual({ id: expect.any(Number), name: "Acme" });
  });

  it("takes % literally and caps the list at 20", async () => {
    const cookie = await sessionCookie(store.db, org.users.m1);
    expect((await search("50%", cookie)).json().map((a: { name: string }) => a.name)).toEqual(["50% Off Ltd"]);
    expect((await search("", cookie)).json()).toHaveLength(20);
  });

  it("refuses anyone not signed in", async () => {
    expect((await search("acme")).statusCode).toBe(401);
  });
});
