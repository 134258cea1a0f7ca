/**
 * For each route of the access matrix: a valid request aimed at the cell's target (a team or
 * a person), so that the only reason for a refusal is access. Records a request consumes
 * (a visit to check out, a token to revoke) are made fresh for each cell.
 */
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { createApiToken } from "../../src/auth/tokens.js";
import { insertActivity } from "../../src/store/activities.js";
import type { Db } from "../../src/store/db.js";
import { NOW, PASSWORD } from "../api/fixtures.js";
import type { Expect } from "./access-matrix.js";
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
  "GET /api/v1/reps/:repId/next-lead": (t) => get(`/reps/${t.repId}/next-lead`),
  "GET /api/v1/audit": () => get("/audit?limit=5"),
  "GET /api/v1/teams/:teamId/export/activities.csv": (t) => get(`/teams/${t.teamId}/export/activities.csv`),
  "GET /api/v1/teams/:teamId/export/opportunities.csv": (t) => get(`/teams/${t.teamId}/export/opportunities.csv`),
};

/** POST routes that change nothing, so they write no audit row. */
export const READ_ONLY_POSTS = new Set(["POST /api/v1/teams/:teamId/routing-preview"]);
