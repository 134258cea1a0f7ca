/**
 * The access matrix, proven: every API route (from the server's own route table) × role ×
 * scope answers exactly as test/security/access-matrix.ts says, a route without an entry
 * fails, every successful change writes an audit row, and docs/SECURITY.md shows the matrix
 * as it is. Full on PGlite; anonymous and rep cells on PostgreSQL.
 */
import fs from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../src/store/db.js";
import { testApp } from "../api/fixtures.js";
import { createTestStore, type StoreKind } from "../support/stores.js";
import { ACCESS_MATRIX, SCOPES } from "./access-matrix.js";
import { READ_ONLY_POSTS, REQUESTS } from "./matrix-requests.js";
import { matrixCells, runCell, type CellResult } from "./matrix-runner.js";
import { seedSecurityOrg, type SecurityOrg } from "./org.js";
import { MATRIX_BEGIN, MATRIX_END, renderMatrix } from "../../scripts/security-matrix.js";

const RUNS: { kind: StoreKind; roles: Parameters<typeof matrixCells>[0] }[] = [
  { kind: "pglite", roles: undefined },
  { kind: "postgres", roles: ["anonymous", "rep"] },
];

describe.each(RUNS)("access matrix on $kind", ({ kind, roles }) => {
  let store: Store;
  let app: FastifyInstance;
  let org: SecurityOrg;
  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedSecurityOrg(store.db);
    app = await testApp(store);
    await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("has an entry and a request for every route the server registers, and none for a route it does not", () => {
    const served = app.routeTable.filter((r) => r.url.startsWith("/api/") && r.method !== "HEAD").map((r) => `${r.method} ${r.url}`);
    expect(served.filter((route) => !(route in ACCESS_MATRIX)), "routes without an access-matrix entry").toEqual([]);
    expect(Object.keys(ACCESS_MATRIX).filter((route) => !served.includes(route)), "entries for routes that do not exist").toEqual([]);
    expect(Object.keys(ACCESS_MATRIX).filter((route) => !(route in REQUESTS)), "entries without a request").toEqual([]);
    for (const [route, entry] of Object.entries(ACCESS_MATRIX)) {
      for (const role of ["rep", "manager", "admin"] as const) expect(entry[role], `${route} ${role}`).toHaveLength(SCOPES[entry.scope].length);
    }
  });

  it("answers every cell as the matrix says, and every successful change is audited", async () => {
    const results: CellResult[] = [];
    for (const cell of matrixCells(roles)) results.push(await runCell(app, store.db, org, cell));
    const wrong = results.filter((r) => r.actual !== r.expected).map((r) => `${r.route} as ${r.role} on ${r.scope}: expected ${r.expected}, got ${r.actual}`);
    expect(wrong).toEqual([]);
    const unaudited = results
      .filter((r) => !r.route.startsWith("GET ") && r.actual === "allowed" && !READ_ONLY_POSTS.has(r.route) && r.auditRowsAdded < 1)
      .map((r) => `${r.route} as ${r.role} on ${r.scope}`);
    expect(unaudited, "successful changes without an audit row").toEqual([]);
    // (A bulk load that refuses its rows answers 200 and audits the attempt.)
    const refusedButAudited = results.filter((r) => r.status >= 400 && r.auditRowsAdded > 0);
    expect(refusedButAudited.map((r) => r.route), "refused requests must change nothing").toEqual([]);
    expect(results.length).toBeGreaterThan(kind === "pglite" ? 400 : 150);
  }, 180_000); // ~450 cells: well under a minute on an idle machine, but the suite shares two cores
});

describe("docs/SECURITY.md", () => {
  it("shows the access matrix as test/security/access-matrix.ts defines it (run `npx tsx scripts/security-matrix.ts`)", () => {
    const doc = fs.readFileSync("docs/SECURITY.md", "utf8");
    const start = doc.indexOf(MATRIX_BEGIN);
    const end = doc.indexOf(MATRIX_END);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    expect(doc.slice(start, end + MATRIX_END.length)).toBe(renderMatrix());
  });
});
