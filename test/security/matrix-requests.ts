/**
 * For each route of the access matrix: a valid request aimed at the cell's target (a team or
 * a person), so that the only reason for a refusal is access. Records a request consumes
 * (a visit to check out, a token to revoke) are made fresh for each cell.
 */
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { createApiToken } from "../../src/auth/tokens.js";
import { createWebhook } from "../../src/notify/webhooks.js";
import { insertActivity } from "../../src/store/activities.js";
import { routeLeadInStore } from "../../src/store/routing/index.js";
import { query, sql, type Db } from "../../src/store/db.js";
import { NOW, PASSWORD } from "../api/fixtures.js";
import type { Expect, Scope } from "./access-matrix.js";
import type { SecurityOrg } from "./org.js";

export interface CellTarget {
  db: Db;
  org: SecurityOrg;
  /** The team the cell points at. */
  teamId: number;
  /** The person the cell points at (for "any" cells: the viewer, or a1 when anonymous). */
  repId: number;
  repName: string;
  /** A fresh suffix for natural keys. */
  unique: string;
  /** Who asks (null: anonymous) and which scope of the matrix the cell checks. */
  viewerId?: number | null;
  scope?: Scope;
}

export interface CellRequest extends Pick<InjectOptions, "method" | "url" | "payload" | "headers"> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  url: string;
  /** Server-sent events: read the status line over a real connection, then hang up. */
  stream?: boolean;
  /** When the status alone does not tell (bulk loads answer 200 and refuse rows). */
  classify?: (response: LightMyRequestResponse) => Expect | undefined;
}

const API = "/api/v1";
const iso = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();
const json = (method: CellRequest["method"], url: string, payload?: unknown): CellRequest => ({ method, url: `${API}${url}`, payload: payload as object });
const get = (url: string): CellRequest => json("GET", url);
const refusedRows = (res: LightMyRequestResponse): Expect | undefined =>
  res.statusCode === 200 && (res.json() as { rejected: number }).rejected > 0 ? "forbidden" : undefined;

async function managerOf(db: Db, userId: number): Promise<number | null> {
  const [row] = await query<{ manager_id: number | null }>(db, sql`select manager_id from users where id = ${userId}`);
  return row?.manager_id == null ? null : Number(row.manager_id);
}

/** Manager-keyed routes: own = the viewer; otherwise the manager of the cell's person (see access-matrix.ts). */
async function managerTarget(t: CellTarget): Promise<number> {
  return t.scope === "ownRecord" ? t.repId : ((await managerOf(t.db, t.repId)) ?? t.repId);
}

let occurrence = 0;
/** A fresh, not yet held 1:1 about the cell's person, with their manager (the admin when they have none). */
async function newOneOnOne(t: CellTarget): Promise<number> {
  const manager = (await managerOf(t.db, t.repId)) ?? t.org.users.admin;
  const at = new Date(NOW.getTime() - 3_600_000 - ++occurrence * 60_000).toISOString();
  const [row] = await query<{ id: string }>(t.db, sql`insert into one_on_ones (manager_id, rep_id, scheduled_for) values (${manager}, ${t.repId}, ${at}::timestamptz) returning id::text as id`);
  return Number(row!.id);
}

/** A fresh open promise of the cell's person. */
async function newPromise(t: CellTarget): Promise<number> {
  const due = new Date(NOW.getTime() + 3 * 86_400_000).toISOString().slice(0, 10);
  const [row] = await query<{ id: string }>(t.db, sql`insert into promises (rep_id, subject, text, due) values (${t.repId}, 'rep', ${`promise ${t.unique}`}, ${due}::date) returning id::text as id`);
  return Number(row!.id);
}

/** A decision in the team's lead feed: a lead of the team, routed. */
async function newDecision(t: CellTarget): Promise<number> {
  const none = { productId: null, product: null, segment: null, region: null, language: null, accountId: null, source: null, valueCents: null };
  const lead = { externalId: `matrix-${t.unique}`, arrivedAt: new Date(NOW.getTime() - 3_600_000), teamId: t.teamId, ...none };
  const { decision } = await routeLeadInStore(t.db, lead);
  return decision.id;
}

export const REQUESTS: Record<string, (t: CellTarget) => CellRequest | Promise<CellRequest>> = {
  "GET /api/v1/health": () => get("/health"),
  "GET /api/v1/openapi.json": () => get("/openapi.json"),
  "POST /api/v1/auth/login": () => json("POST", "/auth/login", { email: "a2@example.test", password: PASSWORD }),
  "POST /api/v1/auth/logout": () => json("POST", "/auth/logout"),
  "GET /api/v1/me": () => get("/me"),
  "GET /api/v1/teams": () => get("/teams"),
  "GET /api/v1/teams/:teamId": (t) => get(`/teams/${t.teamId}`),
  "GET /api/v1/reps/:repId": (t) => get(`/reps/${t.repId}`),
  "POST /api/v1/tokens": (t) => json("POST", "/tokens", { name: `t-${t.unique}` }),
  "GET /api/v1/tokens": () => get("/tokens"),
  "DELETE /api/v1/tokens/:id": async (t) => json("DELETE", `/tokens/${(await createApiToken(t.db, t.repId, `t-${t.unique}`)).id}`),
  "POST /api/v1/import/:entity": (t) => ({
    method: "POST",
    url: `${API}/import/products`,
    payload: `name,series,price\nP-${t.unique},X,10\n`,
    headers: { "content-type": "text/csv" },
  }),
  "POST /api/v1/activities": (t) => json("POST", "/activities", { repId: t.repId, kind: "call", proactive: true, at: iso(1) }),
  "POST /api/v1/activities/bulk": (t) => ({
    method: "POST",
    url: `${API}/activities/bulk`,
    payload: `externalId,rep,kind,at,proactive\nbulk-${t.unique},${t.repName},call,${iso(2)},true\n`,
    headers: { "content-type": "text/csv" },
    classify: refusedRows,
  }),
  "GET /api/v1/reps/:repId/activities": (t) => get(`/reps/${t.repId}/activities`),
  "POST /api/v1/visits/check-in": (t) => json("POST", "/visits/check-in", { repId: t.repId, account: t.org.accountName, latitude: 48.85, longitude: 2.35, at: iso(1) }),
  "POST /api/v1/visits/:id/check-out": async (t) => {
    const visit = await insertActivity(t.db, { repId: t.repId, kind: "visit", proactive: true, at: new Date(NOW.getTime() - 3_600_000), account: t.org.accountName, latitude: 1, longitude: 2 });
    return json("POST", `/visits/${visit.id}/check-out`, { outcome: "demo booked", at: NOW.toISOString() });
  },
  "GET /api/v1/teams/:teamId/visits/stream": (t) => ({ ...get(`/teams/${t.teamId}/visits/stream`), stream: true }),
  "GET /api/v1/teams/:teamId/visits": (t) => get(`/teams/${t.teamId}/visits`),
  "GET /api/v1/reps/:repId/targets": (t) => get(`/reps/${t.repId}/targets`),
  "GET /api/v1/teams/:teamId/pacing": (t) => get(`/teams/${t.teamId}/pacing`),
  "GET /api/v1/reps/:repId/alerts": (t) => get(`/reps/${t.repId}/alerts`),
  "GET /api/v1/teams/:teamId/alerts": (t) => get(`/teams/${t.teamId}/alerts`),
  "GET /api/v1/teams/:teamId/scorecard": (t) => get(`/teams/${t.teamId}/scorecard`),
  "GET /api/v1/reps/:repId/kpis": (t) => get(`/reps/${t.repId}/kpis`),
  "GET /api/v1/teams/:teamId/kpis": (t) => get(`/teams/${t.teamId}/kpis`),
  "GET /api/v1/teams/:teamId/tiers": (t) => get(`/teams/${t.teamId}/tiers`),
  "GET /api/v1/leadership": () => get("/leadership"),
  "GET /api/v1/teams/:teamId/settings/:key": (t) => get(`/teams/${t.teamId}/settings/stageWinRates`),
  "PUT /api/v1/teams/:teamId/settings/:key": (t) => json("PUT", `/teams/${t.teamId}/settings/stageWinRates`, { Proposal: 0.5 }),
  "GET /api/v1/accounts": () => get("/accounts?query=ac"),
  "POST /api/v1/leads": (t) => json("POST", "/leads", { externalId: `lead-${t.unique}`, teamId: t.teamId, arrivedAt: iso(1), region: "EU" }),
  "POST /api/v1/leads/bulk": (t) => json("POST", "/leads/bulk", [{ externalId: `lead-${t.unique}`, teamId: t.teamId, arrivedAt: iso(1) }]),
  "GET /api/v1/teams/:teamId/routing-settings": (t) => get(`/teams/${t.teamId}/routing-settings`),
  "PUT /api/v1/teams/:teamId/routing-settings": (t) => json("PUT", `/teams/${t.teamId}/routing-settings`, { policy: "equilibrium" }),
  "POST /api/v1/teams/:teamId/routing-preview": (t) => json("POST", `/teams/${t.teamId}/routing-preview`, { policy: "milk-round", lastN: 5 }),
  "GET /api/v1/teams/:teamId/lead-feed": (t) => get(`/teams/${t.teamId}/lead-feed`),
  "GET /api/v1/teams/:teamId/lead-feed/:decisionId": async (t) => get(`/teams/${t.teamId}/lead-feed/${await newDecision(t)}`),
  "GET /api/v1/reps/:repId/next-lead": (t) => get(`/reps/${t.repId}/next-lead`),
  "GET /api/v1/audit": () => get("/audit?limit=5"),
  "GET /api/v1/teams/:teamId/export/activities.csv": (t) => get(`/teams/${t.teamId}/export/activities.csv`),
  "GET /api/v1/teams/:teamId/export/opportunities.csv": (t) => get(`/teams/${t.teamId}/export/opportunities.csv`),
  "POST /api/v1/updates": (t) => json("POST", "/updates", { subject: "rep", text: `my week ${t.unique}`, performatives: ["assertion"] }),
  "POST /api/v1/requests": (t) => json("POST", "/requests", { rep: t.repId, subject: "rep", text: `your week? ${t.unique}` }),
  "POST /api/v1/promises/:id/kept": async (t) => json("POST", `/promises/${await newPromise(t)}/kept`),
  "POST /api/v1/promises/:id/broken": async (t) => json("POST", `/promises/${await newPromise(t)}/broken`),
  "GET /api/v1/reps/:repId/week": (t) => get(`/reps/${t.repId}/week`),
  "GET /api/v1/teams/:teamId/cadence": (t) => get(`/teams/${t.teamId}/cadence`),
  "GET /api/v1/teams/:teamId/stale": (t) => get(`/teams/${t.teamId}/stale`),
  "GET /api/v1/reps/:repId/one-on-one-schedule": (t) => get(`/reps/${t.repId}/one-on-one-schedule`),
  "PUT /api/v1/reps/:repId/one-on-one-schedule": (t) => json("PUT", `/reps/${t.repId}/one-on-one-schedule`, { weekday: 2, time: "09:30", timeZone: "Europe/Paris" }),
  "GET /api/v1/managers/:managerId/coaching-queue": async (t) => get(`/managers/${await managerTarget(t)}/coaching-queue?days=7`),
  "GET /api/v1/managers/:managerId/cadence.ics": async (t) => get(`/managers/${await managerTarget(t)}/cadence.ics`),
  "GET /api/v1/one-on-ones/:id": async (t) => get(`/one-on-ones/${await newOneOnOne(t)}`),
  "GET /api/v1/reps/:repId/one-on-ones": (t) => get(`/reps/${t.repId}/one-on-ones`),
  "POST /api/v1/one-on-ones/:id/hold": async (t) =>
    json("POST", `/one-on-ones/${await newOneOnOne(t)}/hold`, {
      notes: `private ${t.unique}`,
      decisions: "re-qualify",
      commitments: [{ text: "write the strategy", due: new Date(NOW.getTime() + 7 * 86_400_000).toISOString().slice(0, 10) }],
    }),
  // Port 9 (discard) on loopback: a listening test server's dispatcher never reaches anything.
  "POST /api/v1/webhooks": (t) => json("POST", "/webhooks", { url: `http://127.0.0.1:9/hook-${t.unique}`, teamId: t.teamId }),
  "GET /api/v1/webhooks": () => get("/webhooks"),
  "DELETE /api/v1/webhooks/:id": async (t) =>
    json("DELETE", `/webhooks/${(await createWebhook(t.db, { url: "http://127.0.0.1:9/gone", teamId: null, createdBy: null, now: NOW })).id}`),
};

/** POST routes that change nothing, so they write no audit row. */
export const READ_ONLY_POSTS = new Set(["POST /api/v1/teams/:teamId/routing-preview"]);
