/**
 * The fuzz test (issue 7, "Bad input"): at least 10,000 malformed requests across every API
 * route the server registers, as each role and anonymously, then a batch of odd-but-well-formed
 * ones (see fuzz-requests.ts). Expected: no 5xx ever; every malformed request refused with a
 * 4xx that names the field (or part) at fault; nothing changed by a refused request (a row
 * trigger on every table counts real changes: read per 100 malformed requests, after each odd
 * one); and after the malformed run the data's fingerprint (row counts and a hash of every
 * table) is what it was. Through `inject`, seeded, so a failure replays exactly: the full run
 * on one PGlite store, a shorter one on the PostgreSQL server.
 *
 * Not counted as changes: sign-in bookkeeping (sessions, failed sign-in audit rows), claims of
 * Idempotency-Keys, an API token's last-used time.
 */
import fc from "fast-check";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../src/auth/tokens.js";
import { query, sql, type Store } from "../../src/store/db.js";
import { sessionCookie, testApp } from "../api/fixtures.js";
import { createTestStore, type StoreKind } from "../support/stores.js";
import { ACCESS_MATRIX, SCOPES, type MatrixRole, type Scope } from "./access-matrix.js";
import { candidateArbitrary, csvEdgeCandidates, fuzzRoutes, type FuzzCandidate, type FuzzRoute, type FuzzViewer, type GeneratorInput } from "./fuzz-requests.js";
import { REQUESTS, type CellRequest } from "./matrix-requests.js";
import { seedSecurityOrg, type SecurityOrg } from "./org.js";

const SEED = 7_2026;
/** The full run on PGlite, a shorter one on the PostgreSQL server (FUZZ_MALFORMED / FUZZ_ODD shorten the first for a quick local run). */
const RUNS: { kind: StoreKind; malformed: number; odd: number }[] = [
  { kind: "pglite", malformed: Number(process.env.FUZZ_MALFORMED ?? 10_000), odd: Number(process.env.FUZZ_ODD ?? 1_500) },
  { kind: "postgres", malformed: 2_000, odd: 500 },
];
const TIMEOUT_MS = 10_000;
/** Not data: bookkeeping of sign-ins and Idempotency-Keys (and this test's own counter). */
const UNTRACKED = new Set(["sessions", "idempotency_keys", "fuzz_changes"]);
const SIGN_IN_ACTIONS = "('sign-in', 'sign-in-failed', 'sign-out')";

const tally = <T,>(items: T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ${n}`).join(", ");
};

interface Outcome {
  candidate: FuzzCandidate;
  status: number;
  changed: number;
  body: string;
  /** A 400 names the field (or part) at fault. */
  namesField: boolean;
  ms: number;
}

describe.each(RUNS)("fuzz on $kind: malformed and odd requests on every route", ({ kind, malformed: MALFORMED_TARGET, odd: ODD_LIMIT }) => {
  let store: Store;
  let app: FastifyInstance;
  let org: SecurityOrg;
  let routes: FuzzRoute[];
  const tokens = new Map<FuzzViewer, string>();
  const cookies = new Map<FuzzViewer, string>();
  const viewerIds = new Map<FuzzViewer, number>();

  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedSecurityOrg(store.db);
    app = await testApp(store);
    routes = fuzzRoutes(app.routeTable);
    viewerIds.set("rep", org.users.a1).set("manager", org.users.mA).set("admin", org.users.admin);
    for (const [viewer, id] of viewerIds) {
      tokens.set(viewer, (await createApiToken(store.db, id, `fuzz-${viewer}`)).token);
      cookies.set(viewer, await sessionCookie(store.db, id));
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const changes = async () => Number((await query<{ n: string }>(store.db, sql`select n::text as n from fuzz_changes`))[0]!.n);

  /** Counts every real row change in every table but the untracked ones, in the changing transaction. */
  async function installChangeCounter(): Promise<string[]> {
    await query(store.db, sql`create table fuzz_changes (n bigint not null)`);
    await query(store.db, sql`insert into fuzz_changes values (0)`);
    await query(store.db, sql.raw(`create function fuzz_count() returns trigger language plpgsql as $$ begin update fuzz_changes set n = n + 1; return null; end $$`));
    const tables = (await query<{ tablename: string }>(store.db, sql`select tablename from pg_tables where schemaname = 'public' order by tablename`)).map((t) => t.tablename).filter((t) => !UNTRACKED.has(t));
    for (const table of tables) {
      const statements =
        table === "audit_log"
          ? [`create trigger fuzz_count after insert on audit_log for each row when (new.action not in ${SIGN_IN_ACTIONS}) execute function fuzz_count()`]
          : table === "api_tokens"
            ? [
                `create trigger fuzz_count after insert or delete on api_tokens for each row execute function fuzz_count()`,
                `create trigger fuzz_count_update after update of user_id, name, token_hash, scopes, revoked_at on api_tokens for each row execute function fuzz_count()`,
              ]
            : [`create trigger fuzz_count after insert or update or delete on "${table}" for each row execute function fuzz_count()`];
      for (const statement of statements) await query(store.db, sql.raw(statement));
    }
    return tables;
  }

  /** Row count and a hash of every tracked table (volatile bookkeeping columns left out). */
  async function fingerprint(tables: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const table of tables) {
      const rows = table === "audit_log" ? `(select * from audit_log where action not in ${SIGN_IN_ACTIONS}) t` : `"${table}" t`;
      const value = table === "api_tokens" ? `(to_jsonb(t) - 'last_used_at')::text` : `to_jsonb(t)::text`;
      const [row] = await query<{ n: string; h: string | null }>(store.db, sql.raw(`select count(*)::text as n, md5(string_agg(${value}, ',' order by ${value})) as h from ${rows}`));
      out[table] = `${row!.n}:${row!.h ?? "-"}`;
    }
    return out;
  }

  /** A valid request per route and viewer, aimed where the matrix allows that role if anywhere. */
  async function buildBases(): Promise<GeneratorInput["bases"]> {
    const bases: GeneratorInput["bases"] = new Map();
    let n = 0;
    for (const route of routes) {
      const entry = ACCESS_MATRIX[route.key];
      const build = REQUESTS[route.key];
      if (!entry || !build) throw new Error(`${route.key}: no access-matrix entry or request (the access-matrix test says which)`);
      const perViewer = new Map<FuzzViewer, CellRequest>();
      for (const role of ["rep", "manager", "admin"] as MatrixRole[]) {
        const scopes = SCOPES[entry.scope] as readonly Scope[];
        const scope = scopes.find((_, i) => entry[role][i] === "allowed") ?? scopes[0]!;
        const viewerId = viewerIds.get(role)!;
        const other = scope === "otherTeam" || scope === "otherRecord";
        const repId = other ? org.users.b1 : scope === "teamRecord" ? (role === "rep" ? org.users.a2 : org.users.a1) : viewerId;
        const repName = (Object.entries(org.users).find(([, id]) => id === repId) ?? ["a1"])[0];
        perViewer.set(role, await build({ db: store.db, org, teamId: other ? org.teams.beta : org.teams.alpha, repId, repName, viewerId, scope, unique: `fuzz-${++n}` }));
      }
      bases.set(route.key, perViewer);
    }
    return bases;
  }

  function headersFor(candidate: FuzzCandidate): Record<string, string> {
    const headers: Record<string, string> = { ...((candidate.inject.headers as Record<string, string> | undefined) ?? {}) };
    switch (candidate.auth) {
      case "token":
        headers.authorization = `Bearer ${tokens.get(candidate.viewer)}`;
        break;
      case "cookie-no-csrf":
        headers.cookie = cookies.get(candidate.viewer)!;
        break;
      case "bad-cookie":
        headers.cookie = "proactive_session=bm90IGEgc2Vzc2lvbg";
        break;
      case "bad-bearer":
        headers.authorization = `Bearer pro_${"x".repeat(43)}`;
        break;
      case "foreign-scheme":
        headers.authorization = "Basic YWRtaW46YWRtaW4=";
        break;
      case "none":
        break;
    }
    return headers;
  }

  let lastCount = 0;
  /** `counted`: read the change counter after this request (else the caller reads it per batch). */
  async function send(candidate: FuzzCandidate, counted = true): Promise<Outcome> {
    const before = lastCount;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("no answer within 10 s")), TIMEOUT_MS)));
    let response: LightMyRequestResponse;
    try {
      response = await Promise.race([app.inject({ ...candidate.inject, headers: headersFor(candidate) } as InjectOptions), timeout]);
    } catch (err) {
      if (counted) lastCount = await changes();
      return { candidate, status: 0, changed: lastCount - before, body: String(err), namesField: false, ms: performance.now() - started };
    } finally {
      clearTimeout(timer);
    }
    if (counted) lastCount = await changes();
    let namesField = false;
    try {
      namesField = ((response.json() as { error?: { fields?: { field: string; reason: string }[] } }).error?.fields ?? []).some((f) => f.field && f.reason);
    } catch {
      namesField = false;
    }
    return { candidate, status: response.statusCode, changed: lastCount - before, body: response.body.slice(0, 300), namesField, ms: performance.now() - started };
  }

  /** A stream route answers only refusals through inject (an opened stream never ends). */
  const sendable = (c: FuzzCandidate, route: FuzzRoute) => !route.stream || (c.malformed && c.auth !== "cookie-no-csrf");

  const describeOutcome = (o: Outcome) =>
    `${o.candidate.inject.method} ${o.candidate.inject.url.slice(0, 160)} [${o.candidate.route}; ${o.candidate.kind}; ${o.candidate.viewer}/${o.candidate.auth}] ` +
    `payload=${JSON.stringify((o.candidate.inject as { payload?: unknown }).payload ?? (o.candidate.inject as { body?: unknown }).body ?? null)?.slice(0, 160)} → ${o.status} (${o.changed} changes) ${o.body.slice(0, 200)}`;

  it(
    `refuses ${MALFORMED_TARGET.toLocaleString("en")}+ malformed requests with a 4xx and no change, and answers odd ones without a 5xx`,
    async () => {
      const started = performance.now();
      const cpuStart = process.cpuUsage();
      const bases = await buildBases();
      // Warm the coaching queues: reading one makes the window's 1:1s concrete (derived rows).
      for (const id of Object.values(org.users)) await app.inject({ url: `/api/v1/managers/${id}/coaching-queue?days=60`, headers: { authorization: `Bearer ${tokens.get("admin")}` } });
      const tables = await installChangeCounter();
      const before = await fingerprint(tables);
      lastCount = await changes();

      // Generate until there are enough malformed requests: every route, every round, seeded.
      const input: GeneratorInput = { routes, bases, oversize: "o".repeat(1024 * 1024 + 10) };
      const routeOf = new Map(routes.map((r) => [r.key, r]));
      const malformed: FuzzCandidate[] = [];
      const odd: FuzzCandidate[] = [];
      for (let round = 0; malformed.length < MALFORMED_TARGET && round < 40; round++) {
        routes.forEach((route, i) => {
          for (const c of fc.sample(candidateArbitrary(route, input), { numRuns: 20, seed: SEED + round * 1000 + i })) {
            if (!sendable(c, route)) continue;
            (c.malformed ? malformed : odd).push(c);
          }
        });
      }
      // Plus a deterministic sweep of edge values through every column of every CSV file.
      const edges = routes.flatMap((route) => csvEdgeCandidates(route, input));
      const generated = performance.now();

      const outcomes: Outcome[] = [];
      // Malformed requests are checked per batch (one counter read per 100): every one must leave it alone.
      const changedBatches: string[] = [];
      for (let i = 0; i < malformed.length; i += 100) {
        const batch = malformed.slice(i, i + 100);
        const mark = lastCount;
        for (const c of batch) outcomes.push(await send(c, false));
        lastCount = await changes();
        if (lastCount !== mark) {
          const suspects = outcomes.slice(i).filter((o) => o.status < 400 || !["auth", "path", "method", "json-syntax", "content-type", "oversize"].includes(o.candidate.kind));
          changedBatches.push(`requests ${i}–${i + batch.length - 1} changed ${lastCount - mark} rows; among them: ${suspects.slice(0, 5).map(describeOutcome).join(" | ")}`);
        }
      }
      const after = await fingerprint(tables);
      const malformedDone = performance.now();
      const cpuMalformed = process.cpuUsage(cpuStart);
      const oddOutcomes: Outcome[] = [];
      for (const c of [...odd.slice(0, ODD_LIMIT), ...edges]) oddOutcomes.push(await send(c));
      const done = performance.now();

      const all = [...outcomes, ...oddOutcomes];
      const serverErrors = all.filter((o) => o.status >= 500 || o.status === 0);
      const accepted = outcomes.filter((o) => o.status < 400);
      const refusedButChanged = all.filter((o) => o.status >= 400 && o.changed !== 0);
      const unnamed = all.filter((o) => o.status === 400 && !o.namesField);
      const routesHit = new Set(outcomes.map((o) => o.candidate.route));
      const byKind = tally(outcomes, (o) => o.candidate.kind);
      const byViewer = tally(outcomes, (o) => o.candidate.viewer);
      const statuses = tally(all, (o) => String(o.status));
      console.log(
        [
          `fuzz on ${kind}: ${outcomes.length} malformed + ${oddOutcomes.length} odd requests (${edges.length} of them a sweep of CSV cells) over ${routesHit.size} routes (${routes.length} registered)`,
          `  malformed by kind: ${byKind}; by viewer: ${byViewer}`,
          `  statuses: ${statuses}`,
          `  ms by kind: ${[...new Set(all.map((o) => o.candidate.kind))].map((k) => `${k} ${Math.round(all.filter((o) => o.candidate.kind === k).reduce((n, o) => n + o.ms, 0))}`).join(", ")}`,
          `  slowest routes (ms): ${[...new Set(all.map((o) => o.candidate.route))].map((r) => [r, all.filter((o) => o.candidate.route === r).reduce((n, o) => n + o.ms, 0)] as const).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([r, ms]) => `${r} ${Math.round(ms)}`).join(", ")}`,
          `  odd requests answered 2xx: ${oddOutcomes.filter((o) => o.status < 300).length}`,
          `  time: generate ${((generated - started) / 1000).toFixed(1)} s, malformed ${((malformedDone - generated) / 1000).toFixed(1)} s, odd ${((done - malformedDone) / 1000).toFixed(1)} s` +
            ` (this process's CPU until the end of the malformed run: ${((cpuMalformed.user + cpuMalformed.system) / 1e6).toFixed(1)} s)`,
        ].join("\n"),
      );

      expect(serverErrors.map(describeOutcome), "5xx (or no answer)").toEqual([]);
      expect(accepted.map(describeOutcome), "malformed requests that were accepted").toEqual([]);
      expect(changedBatches, "malformed requests that changed data (re-run the batch one by one to find which)").toEqual([]);
      expect(refusedButChanged.map(describeOutcome), "refused odd requests that changed data").toEqual([]);
      expect(unnamed.map(describeOutcome), "400 answers that do not name the field").toEqual([]);
      expect(after, "the data after the malformed requests").toEqual(before);
      expect(outcomes.length).toBeGreaterThanOrEqual(MALFORMED_TARGET);
      // The detector itself works: a real change moves the counter.
      const mark = await changes();
      await query(store.db, sql`insert into accounts (name) values ('fuzz detector check')`);
      expect(await changes()).toBe(mark + 1);
      expect([...routeOf.keys()].filter((k) => !routesHit.has(k)), "routes no malformed request reached").toEqual([]);
    },
    600_000,
  );
});
