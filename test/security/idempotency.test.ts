/**
 * Idempotency-Key on every POST the server registers (from its own route table), driven by
 * the access matrix's valid requests: for each route, as a role the matrix allows, the first
 * answer is replayed for the same key and request (nothing written twice: no second audit row),
 * and the same key with another request is a 409 naming the header. Sign-in is the one
 * exemption (a replayed answer would hand out a session). Both stores.
 */
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/auth/tokens.js";
import { query, sql, type Store } from "../../src/store/db.js";
import { testApp } from "../api/fixtures.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { ACCESS_MATRIX, ROLES, SCOPES, type MatrixRole, type Scope } from "./access-matrix.js";
import { REQUESTS, type CellRequest } from "./matrix-requests.js";
import { seedSecurityOrg, type SecurityOrg } from "./org.js";

const EXEMPT = new Set(["POST /api/v1/auth/login"]);
const NAMES = ["admin", "mA", "mB", "a1", "a2", "b1", "b2"] as const;

/** The target of a cell, as the access-matrix runner aims it. */
function aim(org: SecurityOrg, role: MatrixRole, scope: Scope): { viewerId: number; teamId: number; repId: number } {
  const u = org.users;
  const viewerId = role === "rep" ? u.a1 : role === "manager" ? u.mA : u.admin;
  if (scope === "otherTeam" || scope === "otherRecord") return { viewerId, teamId: org.teams.beta, repId: u.b1 };
  if (scope === "teamRecord") return { viewerId, teamId: org.teams.alpha, repId: role === "rep" ? u.a2 : u.a1 };
  return { viewerId, teamId: org.teams.alpha, repId: viewerId };
}

/** Every (role, scope) the matrix allows for a route, admins first. */
function allowedCells(route: string): { role: MatrixRole; scope: Scope }[] {
  const entry = ACCESS_MATRIX[route]!;
  const cells: { role: MatrixRole; scope: Scope }[] = [];
  for (const role of [...ROLES].reverse()) {
    SCOPES[entry.scope].forEach((scope, i) => {
      if (entry[role][i] === "allowed") cells.push({ role, scope });
    });
  }
  return cells;
}

const same = (a: CellRequest, b: CellRequest) => a.method === b.method && a.url === b.url && JSON.stringify(a.payload ?? null) === JSON.stringify(b.payload ?? null);

describe.each(STORE_KINDS)("Idempotency-Key on every POST route, on %s", (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let org: SecurityOrg;
  const tokens = new Map<number, string>();
  let n = 0;

  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedSecurityOrg(store.db);
    app = await testApp(store);
    for (const id of Object.values(org.users)) tokens.set(id, (await createApiToken(store.db, id, "idempotency")).token);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const auditCount = async () => Number((await query<{ n: number }>(store.db, sql`select count(*)::int as n from audit_log`))[0]!.n);

  async function build(route: string, role: MatrixRole, scope: Scope): Promise<{ request: CellRequest; viewerId: number }> {
    const { viewerId, teamId, repId } = aim(org, role, scope);
    const repName = NAMES.find((name) => org.users[name] === repId)!;
    const request = await REQUESTS[route]!({ db: store.db, org, teamId, repId, repName, viewerId, scope, unique: `idem-${kind}-${++n}` });
    return { request, viewerId };
  }

  const send = (request: CellRequest, viewerId: number, key: string) =>
    app.inject({
      method: request.method,
      url: request.url,
      payload: request.payload,
      headers: { ...(request.headers as Record<string, string> | undefined), authorization: `Bearer ${tokens.get(viewerId)}`, "idempotency-key": key },
    } as InjectOptions);

  it("covers every POST route the server registers", () => {
    const posts = app.routeTable.filter((r) => r.method === "POST" && r.url.startsWith("/api/")).map((r) => `POST ${r.url}`);
    expect(posts.length).toBeGreaterThan(15);
    expect(posts.filter((route) => !EXEMPT.has(route) && !(route in REQUESTS)), "POST routes without a request to replay").toEqual([]);
    expect(posts.filter((route) => !EXEMPT.has(route) && allowedCells(route).length === 0), "POST routes nobody may call").toEqual([]);
  });

  it("replays the first answer for the same key and request, writing nothing twice, and refuses the key for another request", async () => {
    const posts = app.routeTable.filter((r) => r.method === "POST" && r.url.startsWith("/api/") && !EXEMPT.has(`POST ${r.url}`)).map((r) => `POST ${r.url}`);
    const problems: string[] = [];
    let conflictsChecked = 0;
    for (const route of posts) {
      const cells = allowedCells(route);
      const { role, scope } = cells[0]!;
      const key = `k-${route}-${kind}`.replace(/[^\x21-\x7e]/g, "_");
      const { request, viewerId } = await build(route, role, scope);

      const before = await auditCount();
      const first = await send(request, viewerId, key);
      const written = (await auditCount()) - before;
      if (first.statusCode >= 300) {
        problems.push(`${route}: the first request answered ${first.statusCode} ${first.body}`);
        continue;
      }
      const replay = await send(request, viewerId, key);
      if (replay.statusCode !== first.statusCode || replay.body !== first.body || replay.headers["idempotent-replayed"] !== "true") {
        problems.push(`${route}: the replay answered ${replay.statusCode} (replayed: ${String(replay.headers["idempotent-replayed"])}), not the first answer`);
      }
      if ((await auditCount()) - before !== written) problems.push(`${route}: the replay wrote again`);

      // Another request under the same key: a fresh one from the same cell, else another allowed cell.
      let other = await build(route, role, scope);
      if (same(other.request, request)) other = (await Promise.all(cells.filter((c) => c.role === role && c.scope !== scope).map((c) => build(route, c.role, c.scope))))[0] ?? other;
      if (same(other.request, request)) continue; // nothing to vary (sign-out has no body)
      conflictsChecked++;
      const mark = await auditCount();
      const conflict = await send(other.request, viewerId, key);
      if (conflict.statusCode !== 409 || conflict.json().error?.fields?.[0]?.field !== "Idempotency-Key") {
        problems.push(`${route}: the same key with another request answered ${conflict.statusCode} ${conflict.body.slice(0, 200)}`);
      }
      if ((await auditCount()) !== mark) problems.push(`${route}: the refused request wrote something`);
    }
    expect(problems).toEqual([]);
    expect(conflictsChecked).toBeGreaterThanOrEqual(posts.length - 1);
  }, 120_000);
});
