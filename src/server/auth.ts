/**
 * Request authentication: `Authorization: Bearer pro_…` (API tokens) or the
 * `proactive_session` cookie (the web app). A cookie-authenticated request that changes
 * something must carry `X-Proactive-CSRF: 1`: a cross-site form cannot set a custom header,
 * and the SameSite=Lax cookie is not sent on cross-site subresource requests. Bearer requests
 * are exempt (a browser never adds an Authorization header by itself).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../store/db.js";
import { findSessionUserId, SESSION_COOKIE, SESSION_TTL_MS } from "../auth/sessions.js";
import { findLiveToken } from "../auth/tokens.js";
import { loadViewer, type Viewer } from "./access.js";
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

async function authenticate(db: Db, request: FastifyRequest, now: Date): Promise<AuthContext | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    // A credential that was sent but does not work is an error, not a fall-back to the cookie.
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const token = match ? await findLiveToken(db, match[1]!, now) : undefined;
    const viewer = token === undefined ? undefined : await loadViewer(db, token.userId);
    if (!viewer || !token) throw new AppError("unauthenticated", "The API token is not valid (unknown, revoked, or its user is inactive).");
    return { viewer, via: "token", scopes: token.scopes };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return null;
  const userId = await findSessionUserId(db, cookie, now);
  const viewer = userId === undefined ? undefined : await loadViewer(db, userId);
  return viewer ? { viewer, via: "session", scopes: SESSION_SCOPES } : null;
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
