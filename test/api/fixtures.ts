/**
 * A small organisation for API tests, inserted directly with drizzle:
 *
 *   Company ─┬─ East (manager m1) ── East Sub
 *            └─ West (manager m2)
 *
 * r1, r2 and inactive r6 in East (r1 reports to m1), r4 in East Sub, r3 in West, and r5 in
 * West reporting to m1. Every user's password is PASSWORD, hashed once at a low cost
 * (verifyPassword reads the parameters from the hash, so logins in tests are fast).
 */
import type { FastifyInstance } from "fastify";
import { eq } from "drizzle-orm";
import { hashPassword } from "../../src/auth/password.js";
import { createSession } from "../../src/auth/sessions.js";
import type { Env } from "../../src/config.js";
import { loadEnv } from "../../src/config.js";
import type { Db, Store } from "../../src/store/db.js";
import { teams, users } from "../../src/store/schema.js";
import { buildApp, type BuildAppOptions } from "../../src/server/app.js";

export const PASSWORD = "correct horse battery staple";
const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1, keyLength: 32 } as const;
let passwordHash: Promise<string> | undefined;

/** One hash per test file, reused for every user. */
export function testPasswordHash(): Promise<string> {
  passwordHash ??= hashPassword(PASSWORD, FAST_SCRYPT);
  return passwordHash;
}

export const NOW = new Date("2026-03-18T12:00:00Z"); // a Wednesday
export const testEnv = (overrides: Record<string, string> = {}): Env => loadEnv({ LOG_LEVEL: "silent", ...overrides });

export async function testApp(store: Store, options: Partial<BuildAppOptions> = {}): Promise<FastifyInstance> {
  return buildApp({ store, env: testEnv(), logger: false, clock: () => NOW.getTime(), webRoot: "/nonexistent", ...options });
}

export interface Org {
  teams: { company: number; east: number; eastSub: number; west: number };
  users: { admin: number; m1: number; m2: number; r1: number; r2: number; r3: number; r4: number; r5: number; r6: number };
}

export async function seedOrg(db: Db): Promise<Org> {
  const hash = await testPasswordHash();
  const team = async (name: string, parentId: number | null) =>
    (await db.insert(teams).values({ name, parentId }).returning({ id: teams.id }))[0]!.id;
  const company = await team("Company", null);
  const east = await team("East", company);
  const eastSub = await team("East Sub", east);
  const west = await team("West", company);
  const user = async (name: string, role: "rep" | "manager" | "admin", teamId: number | null, extra: Partial<typeof users.$inferInsert> = {}) =>
    (
      await db
        .insert(users)
        .values({ name, email: `${name}@example.test`, role, teamId, passwordHash: hash, ...extra })
        .returning({ id: users.id })
    )[0]!.id;
  const admin = await user("admin", "admin", null);
  const m1 = await user("m1", "manager", east);
  const m2 = await user("m2", "manager", west);
  await db.update(teams).set({ managerId: m1 }).where(eq(teams.id, east));
  await db.update(teams).set({ managerId: m2 }).where(eq(teams.id, west));
  const r1 = await user("r1", "rep", east, { managerId: m1 });
  const r2 = await user("r2", "rep", east, {
    outOfOfficeFrom: new Date(NOW.getTime() - 86_400_000),
    outOfOfficeTo: new Date(NOW.getTime() + 86_400_000),
  });
  const r3 = await user("r3", "rep", west);
  const r4 = await user("r4", "rep", eastSub);
  const r5 = await user("r5", "rep", west, { managerId: m1 });
  const r6 = await user("r6", "rep", east, { active: false });
  return { teams: { company, east, eastSub, west }, users: { admin, m1, m2, r1, r2, r3, r4, r5, r6 } };
}

/** A Cookie header for a fresh session of this user (no password check, no hashing). */
export async function sessionCookie(db: Db, userId: number): Promise<string> {
  const { token } = await createSession(db, userId, NOW);
  return `proactive_session=${token}`;
}

/** Pulls one Set-Cookie header's attributes apart. */
export function parseSetCookie(header: string | string[] | undefined): { value: string; attributes: Map<string, string> } {
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error("no Set-Cookie header");
  const [pair, ...attrs] = first.split(";").map((s) => s.trim());
  const value = pair!.slice(pair!.indexOf("=") + 1);
  const attributes = new Map(attrs.map((a) => {
    const i = a.indexOf("=");
    return i < 0 ? [a.toLowerCase(), ""] : [a.slice(0, i).toLowerCase(), a.slice(i + 1)];
  }));
  return { value, attributes };
}
