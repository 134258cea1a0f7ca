/**
 * Browser sessions: the cookie carries 32 random bytes; the store keeps only their SHA-256,
 * so a leaked database cannot be replayed as cookies.
 */
import { and, eq, gt, lte } from "drizzle-orm";
import type { Db } from "../store/db.js";
import { sessions, users } from "../store/schema.js";
import { hashSecret, randomSecret } from "./secrets.js";

export const SESSION_COOKIE = "proactive_session";
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export interface NewSession {
  token: string;
  expiresAt: Date;
}

export async function createSession(db: Db, userId: number, now: Date): Promise<NewSession> {
  const token = randomSecret();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.insert(sessions).values({ tokenHash: hashSecret(token), userId, expiresAt });
  return { token, expiresAt };
}

/** The id of the active user a live session belongs to, or undefined. */
export async function findSessionUserId(db: Db, token: string, now: Date): Promise<number | undefined> {
  const [row] = await db
    .select({ userId: sessions.userId })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashSecret(token)), gt(sessions.expiresAt, now), eq(users.active, true)))
    .limit(1);
  return row?.userId;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashSecret(token)));
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<number> {
  const gone = await db.delete(sessions).where(lte(sessions.expiresAt, now)).returning({ id: sessions.id });
  return gone.length;
}
