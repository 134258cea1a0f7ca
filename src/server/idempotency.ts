/**
 * Idempotency-Key for POST requests under /api/v1 (all but sign-in), per user, kept 24 hours:
 *
 * - the first request with a key claims it (an INSERT that only one concurrent request wins)
 *   and runs; a 2xx answer is stored, anything else releases the key so the client can retry;
 * - the same key with the same request (method, URL and body) replays the stored answer with
 *   `Idempotent-Replayed: true`; with a different request it is a 409;
 * - while the first request runs, a second one gets 409 "in progress" with Retry-After.
 *
 * Validation runs before preHandler, so a malformed request never claims a key.
 */
import crypto from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Db } from "../store/db.js";
import { idempotencyKeys } from "../store/schema.js";
import { AppError } from "./errors.js";

export const IDEMPOTENCY_HEADER = "idempotency-key";
export const REPLAYED_HEADER = "idempotent-replayed";
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;
/** A claim older than this belongs to a request that died with its process: take it over. */
const STALE_CLAIM_MS = 10 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const EXEMPT = new Set(["/api/v1/auth/login"]);

interface Claim {
  userId: number;
  key: string;
}

declare module "fastify" {
  interface FastifyRequest {
    idempotencyClaim: Claim | null;
  }
}

export interface IdempotencyOptions {
  db: Db;
  now: () => Date;
}

/** Keys sorted, so {"a":1,"b":2} and {"b":2,"a":1} are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "undefined";
}

export function requestHash(request: FastifyRequest): string {
  const body = typeof request.body === "string" ? request.body : canonical(request.body);
  return crypto.createHash("sha256").update(`${request.method} ${request.url}\n${body}`).digest("hex");
}

function applies(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  return request.method === "POST" && url !== undefined && url.startsWith("/api/v1/") && !EXEMPT.has(url);
}

export async function deleteExpiredIdempotencyKeys(db: Db, now: Date): Promise<void> {
  await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS)));
}

export function registerIdempotency(app: FastifyInstance, { db, now }: IdempotencyOptions): void {
  app.decorateRequest("idempotencyClaim", null);

  app.addHook("preHandler", async (request, reply) => {
    const header = request.headers[IDEMPOTENCY_HEADER];
    if (header === undefined || !applies(request) || !request.auth) return;
    const key = Array.isArray(header) ? header.join(",") : header;
    if (!KEY_PATTERN.test(key)) {
      const reason = "must be 1 to 255 visible ASCII characters";
      throw new AppError("validation", `Idempotency-Key ${reason}.`, { fields: [{ field: "Idempotency-Key", reason }] });
    }
    const userId = request.auth.viewer.id;
    const hash = requestHash(request);
    const at = now();
    const where = and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key));

    for (let attempt = 0; attempt < 2; attempt++) {
      const claimed = await db
        .insert(idempotencyKeys)
        .values({ userId, key, requestHash: hash, createdAt: at })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (claimed.length > 0) {
        request.idempotencyClaim = { userId, key };
        return;
      }
      const [existing] = await db.select().from(idempotencyKeys).where(where);
      if (!existing) continue; // released between the two statements: claim again
      const age = at.getTime() - existing.createdAt.getTime();
      const expired = age > IDEMPOTENCY_RETENTION_MS || (existing.responseStatus === null && age > STALE_CLAIM_MS);
      if (expired) {
        await db.delete(idempotencyKeys).where(and(where, eq(idempotencyKeys.createdAt, existing.createdAt)));
        continue;
      }
      if (existing.requestHash !== hash) {
        throw new AppError("conflict", "This Idempotency-Key was used for a different request; use a new key.", {
          fields: [{ field: "Idempotency-Key", reason: "already used with a different request" }],
        });
      }
      if (existing.responseStatus === null) {
        throw new AppError("conflict", "A request with this Idempotency-Key is still in progress; retry shortly.", { headers: { "retry-after": "1" } });
      }
      reply.code(existing.responseStatus).header(REPLAYED_HEADER, "true");
      if (existing.responseType) reply.type(existing.responseType);
      return reply.send(existing.responseStatus === 204 ? undefined : existing.responseBody);
    }
    throw new AppError("conflict", "This Idempotency-Key is contended; retry shortly.", { headers: { "retry-after": "1" } });
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = null;
    const where = and(eq(idempotencyKeys.userId, claim.userId), eq(idempotencyKeys.key, claim.key));
    if (reply.statusCode >= 200 && reply.statusCode < 300) {
      const body = typeof payload === "string" ? payload : Buffer.isBuffer(payload) ? payload.toString("utf8") : "";
      const type = reply.getHeader("content-type");
      await db
        .update(idempotencyKeys)
        .set({ responseStatus: reply.statusCode, responseType: typeof type === "string" ? type : null, responseBody: body })
        .where(where);
    } else {
      await db.delete(idempotencyKeys).where(where);
    }
    return payload;
  });
}
