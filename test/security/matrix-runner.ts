/** Runs access-matrix cells against a live app and classifies each answer. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import type { Db } from "../../src/store/db.js";
import { query, sql } from "../../src/store/db.js";
import { sessionCookie } from "../api/fixtures.js";
import { ACCESS_MATRIX, ROLES, SCOPES, type Expect, type MatrixRole, type Scope } from "./access-matrix.js";
import { REQUESTS, type CellRequest } from "./matrix-requests.js";
import type { SecurityOrg } from "./org.js";

export interface Cell {
  route: string;
  role: MatrixRole | "anonymous";
  scope: Scope;
  expected: Expect;
}

export interface CellResult extends Cell {
  actual: Expect | `status ${number}`;
  status: number;
  auditRowsAdded: number;
}

export function matrixCells(roles: readonly (MatrixRole | "anonymous")[] = ["anonymous", ...ROLES]): Cell[] {
  const cells: Cell[] = [];
  for (const [route, entry] of Object.entries(ACCESS_MATRIX)) {
    const scopes = SCOPES[entry.scope];
    for (const role of roles) {
      if (role === "anonymous") cells.push({ route, role, scope: scopes[0]!, expected: entry.anonymous });
      else scopes.forEach((scope, i) => cells.push({ route, role, scope, expected: entry[role][i]! }));
    }
  }
  return cells;
}

export function classify(status: number): Expect | `status ${number}` {
  if (status >= 200 && status < 300) return "allowed";
  if (status === 401) return "unauthenticated";
  if (status === 403 || status === 404) return "forbidden";
  if (status === 400) return "invalid";
  return `status ${status}`;
}

const NAMES = ["admin", "mA", "mB", "a1", "a2", "b1", "b2"] as const;

function target(org: SecurityOrg, role: Cell["role"], scope: Scope): { viewerId: number | null; teamId: number; repId: number } {
  const u = org.users;
  const viewerId = role === "anonymous" ? null : role === "rep" ? u.a1 : role === "manager" ? u.mA : u.admin;
  const self = viewerId ?? u.a1;
  switch (scope) {
    case "any":
    case "ownRecord":
      return { viewerId, teamId: org.teams.alpha, repId: self };
    case "ownTeam":
      return { viewerId, teamId: org.teams.alpha, repId: self };
    case "otherTeam":
      return { viewerId, teamId: org.teams.beta, repId: u.b1 };
    case "teamRecord":
      return { viewerId, teamId: org.teams.alpha, repId: role === "rep" ? u.a2 : u.a1 };
    case "otherRecord":
      return { viewerId, teamId: org.teams.beta, repId: u.b1 };
  }
}

async function auditCount(db: Db): Promise<number> {
  const [row] = await query<{ n: number }>(db, sql`select count(*)::int as n from audit_log`);
  return Number(row!.n);
}

/** Status of a server-sent-events route over a real connection (inject would wait forever). */
function streamStatus(app: FastifyInstance, request: CellRequest, headers: Record<string, string>): Promise<number> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: request.url, headers }, (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
      req.destroy();
    });
    req.on("error", reject);
  });
}

let counter = 0;

export async function runCell(app: FastifyInstance, db: Db, org: SecurityOrg, cell: Cell): Promise<CellResult> {
  const { viewerId, teamId, repId } = target(org, cell.role, cell.scope);
  const repName = NAMES.find((n) => org.users[n] === repId)!;
  const request = await REQUESTS[cell.route]!({ db, org, teamId, repId, repName, viewerId, scope: cell.scope, unique: `${process.pid}-${++counter}` });
  const headers: Record<string, string> = { ...(request.headers as Record<string, string> | undefined) };
  if (viewerId !== null) {
    headers.cookie = await sessionCookie(db, viewerId);
    headers["x-proactive-csrf"] = "1";
  }
  const before = await auditCount(db);
  let status: number;
  let actual: CellResult["actual"];
  if (request.stream) {
    status = await streamStatus(app, request, headers);
    actual = classify(status);
  } else {
    const response = await app.inject({ method: request.method, url: request.url, payload: request.payload, headers });
    status = response.statusCode;
    actual = request.classify?.(response) ?? classify(status);
  }
  return { ...cell, actual, status, auditRowsAdded: (await auditCount(db)) - before };
}
