/**
 * API tokens: "pro_" + 32 random bytes, shown once; only the SHA-256 is stored. Revoking
 * sets revoked_at (the row stays for the record). last_used_at is written at most once a
 * minute per token so a busy integration does not turn every read into a write.
 */
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { query, sql, type Db } from "../store/db.js";
import { apiTokens } from "../store/schema.js";
import { hashSecret, randomSecret } from "./secrets.js";

export const TOKEN_PREFIX = "pro_";
const LAST_USED_RESOLUTION_MS = 60_000;

export interface CreatedApiToken {
  id: number;
  name: string;
  token: string;
  scopes: TokenScope[];
}

export interface ApiTokenRow {
  id: number;
  userId: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** read: GET and HEAD only; write: everything else. */
export const TOKEN_SCOPES = ["read", "write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export async function createApiToken(db: Db, userId: number, name: string, scopes: readonly TokenScope[] = TOKEN_SCOPES): Promise<CreatedApiToken> {
  const token = TOKEN_PREFIX + randomSecret();
  const [row] = await db
    .insert(apiTokens)
    .values({ userId, name, tokenHash: hashSecret(token), scopes: [...new Set(scopes)] })
    .returning({ id: apiTokens.id, name: apiTokens.name, scopes: apiTokens.scopes });
  return { id: row!.id, name: row!.name, token, scopes: row!.scopes as TokenScope[] };
}

const summaryColumns = {
  id: apiTokens.id,
  userId: apiTokens.userId,
  name: apiTokens.name,
  createdAt: apiTokens.createdAt,
  lastUsedAt: apiTokens.lastUsedAt,
  revokedAt: apiTokens.revokedAt,
};

export async function listApiTokens(db: Db, userId: number): Promise<ApiTokenRow[]> {
  return db.select(summaryColumns).from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

export async function findApiToken(db: Db, id: number): Promise<ApiTokenRow | undefined> {
  const [row] = await db.select(summaryColumns).from(apiTokens).where(eq(apiTokens.id, id));
  return row;
}

/** Revokes a token; true when it was live until now. */
export async function revokeApiToken(db: Db, id: number, now: Date): Promise<boolean> {
  const done = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return done.length > 0;
}

/** The id of the active user a live token belongs to, or undefined; records the use. */
export async function findTokenUserId(db: Db, token: string, now: Date): Promise<number | undefined> {
  return (await findLiveToken(db, token, now))?.userId;
}

/** A live token of an active user: who it acts for and what it may do; records the use. */
export async function findLiveToken(db: Db, token: string, now: Date): Promise<{ userId: number; scopes: string[] } | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  // Raw SQL: this runs on every token request, and the query builder costs more than the query.
  const [found] = await query<{ id: number; user_id: number; last_used_at: string | Date | null; scopes: string[] }>(
    db,
    sql`select t.id, t.user_id, t.last_used_at, t.scopes from api_tokens t join users u on u.id = t.user_id
        where t.token_hash = ${hashSecret(token)} and t.revoked_at is null and u.active limit 1`,
  );
  if (!found) return undefined;
  await recordTokenUse(db, Number(found.id), found.last_used_at === null ? null : new Date(found.last_used_at), now);
  return { userId: Number(found.user_id), scopes: found.scopes };
}

/** Sets last_used_at, at most once a minute per token. */
export async function recordTokenUse(db: Db, id: number, lastUsedAt: Date | null, now: Date): Promise<void> {
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (lastUsedAt && lastUsedAt >= stale) return;
  // The condition repeats in SQL so concurrent requests write once.
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, stale))));
}
