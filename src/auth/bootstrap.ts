/**
 * The first admin: on a store with no users, PROACTIVE_ADMIN_EMAIL and
 * PROACTIVE_ADMIN_PASSWORD create one, so a fresh install can be signed into.
 */
import { sql } from "drizzle-orm";
import type { Env } from "../config.js";
import type { Db } from "../store/db.js";
import { users } from "../store/schema.js";
import { hashPassword } from "./password.js";

export type BootstrapResult =
  | { created: true; userId: number; email: string }
  | { created: false; reason: "users-exist" | "not-configured" };

export async function ensureFirstAdmin(
  db: Db,
  env: Pick<Env, "PROACTIVE_ADMIN_EMAIL" | "PROACTIVE_ADMIN_PASSWORD">,
): Promise<BootstrapResult> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  if ((row?.n ?? 0) > 0) return { created: false, reason: "users-exist" };
  const email = env.PROACTIVE_ADMIN_EMAIL;
  const password = env.PROACTIVE_ADMIN_PASSWORD;
  if (!email || !password) return { created: false, reason: "not-configured" };
  const passwordHash = await hashPassword(password);
  // The name is the people import key; the email keeps it from colliding with imported names.
  const inserted = await db
    .insert(users)
    .values({ name: email, email, role: "admin", passwordHash })
    .onConflictDoNothing()
    .returning({ id: users.id });
  if (!inserted[0]) return { created: false, reason: "users-exist" };
  return { created: true, userId: inserted[0].id, email };
}
