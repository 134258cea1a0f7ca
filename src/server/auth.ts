/**
 * Request authentication: `Authorization: Bearer pro_…` (API tokens) or the
 * `proactive_session` cookie (the web app). A cookie-authenticated request that changes
 * something must carry `X-Proactive-CSRF: 1`: a cross-site form cannot set a custom header,
 * and the SameSite=Lax cookie is not sent on cross-site subresource requests. Bearer requests
 * are exempt (a browser never adds an Authorization header by itself).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../store/db.js";
import { hashSecret } from "../auth/secrets.js";
import { SESSION_COOKIE, SESSION_TTL_MS } from "../auth/sessions.js";
import { recordTokenUse, TOKEN_PREFIX } from "../auth/tokens.js";
import { query, sql } from "../store/db.js";
import { VIEWER_COLUMNS, viewerFromRow, type Viewer, type ViewerRow } from "./access.js";
import { AppError, unauthenticated } from "./errors.js";

export const CSRF_HEADER = "x-proactive-csrf";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const SESSION_SCOPES = ["read", "write"] as const;

export interface AuthContext {
  viewer: Viewer;
  via: "session" | "token";
  /** A token's scopes (read: GET/HEAD; write: changes); a session may do both. */
  scopes: readonly string[];
}

declare module "fastify" {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in. */
    public?: boolean;
  }
}

export interface AuthOptions {
  db: Db;
  now: () => Date;
}

export function registerAuth(app: FastifyInstance, { db, now }: AuthOptions): void {
  app.decorateRequest("auth", null);
  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    request.auth = await authenticate(db, request, now());
    const isPublic = request.routeOptions.config?.public === true;
    if (!request.auth && !isPublic) throw unauthenticated();
    if (request.auth?.via === "session" && !SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== "1") {
      throw new AppError("csrf", `Requests signed in by cookie must send the header X-Proactive-CSRF: 1.`);
    }
    const needed = SAFE_METHODS.has(request.method) ? "read" : "write";
    if (request.auth && !request.auth.scopes.includes(needed)) {
      throw new AppError("forbidden", `This API token lacks the "${needed}" scope (it has: ${request.auth.scopes.join(", ") || "none"}).`);
    }
  });
}

/**
 * Who asks: one statement finds the live credential, its active user and the teams they manage
 * (this runs on every API request). Only hashes of tokens and session ids are stored.
 */
async function authenticate(db: Db, request: FastifyRequest, now: Date): Promise<AuthContext | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    // A credential that was sent but does not work is an error, not a fall-back to the cookie.
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match?.[1];
    const [row] =
      token !== undefined && token.startsWith(TOKEN_PREFIX)
        ? await query<ViewerRow & { token_id: number; last_used_at: string | Date | null; scopes: string[] }>(
            db,
            sql`select t.id as token_id, t.last_used_at, t.scopes, ${VIEWER_COLUMNS}
                from api_tokens t join users u on u.id = t.user_id
                where t.token_hash = ${hashSecret(token)} and t.revoked_at is null and u.active limit 1`,
          )
        : [];
    if (!row) throw new AppError("unauthenticated", "The API token is not valid (unknown, revoked, or its user is inactive).");
    await recordTokenUse(db, Number(row.token_id), row.last_used_at === null ? null : new Date(row.last_used_at), now);
    return { viewer: viewerFromRow(row), via: "token", scopes: row.scopes };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const [row] = await query<ViewerRow>(
    db,
    sql`select ${VIEWER_COLUMNS} from sessions s join users u on u.id = s.user_id
        where s.token_hash = ${hashSecret(cookie)} and s.expires_at > ${now.toISOString()}::timestamptz and u.active limit 1`,
  );
  return row ? { viewer: viewerFromRow(row), via: "session", scopes: SESSION_SCOPES } : null;
}

/** The signed-in viewer; routes that are not public can rely on it. */
export function viewerOf(request: FastifyRequest): Viewer {
  if (!request.auth) throw unauthenticated();
  return request.auth.viewer;
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure,
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "lax", path: "/", secure });
}
