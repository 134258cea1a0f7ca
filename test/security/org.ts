/**
 * The organisation the security tests run against: two teams, each with a manager and two
 * reps, and an admin; an account, a product, opportunities, activities, a quota and a routed
 * lead per rep, so every kind of record exists on both sides of the team line.
 *
 *   Alpha (manager mA): a1, a2      Beta (manager mB): b1, b2      admin (no team)
 *
 * The cadence too, per rep: a weekly 1:1 with their manager, a held 1:1 with private notes, an
 * update with an open promise, and an open request for information from their manager.
 */
import { eq } from "drizzle-orm";
import { insertActivity } from "../../src/store/activities.js";
import type { Db } from "../../src/store/db.js";
import { query, sql } from "../../src/store/db.js";
import { accounts, opportunities, products, quotas, stages, teams, users } from "../../src/store/schema.js";
import { NOW, testPasswordHash } from "../api/fixtures.js";

export type RepName = "a1" | "a2" | "b1" | "b2";

export interface SecurityOrg {
  teams: { alpha: number; beta: number };
  users: { admin: number; mA: number; mB: number; a1: number; a2: number; b1: number; b2: number };
  accountName: string;
  /** Per rep: their held 1:1, their open promise, the open request to them. */
  cadence: Record<RepName, { oneOnOneId: number; promiseId: number; requestId: number; notes: string }>;
}

export async function seedSecurityOrg(db: Db): Promise<SecurityOrg> {
  const hash = await testPasswordHash();
  const team = async (name: string) => (await db.insert(teams).values({ name, region: "EU" }).returning({ id: teams.id }))[0]!.id;
  const alpha = await team("Alpha");
  const beta = await team("Beta");
  const user = async (name: string, role: "rep" | "manager" | "admin", teamId: number | null, managerId: number | null = null) =>
    (
      await db
        .insert(users)
        .values({ name, email: `${name}@example.test`, role, teamId, managerId, passwordHash: hash, regions: ["EU"] })
        .returning({ id: users.id })
    )[0]!.id;
  const admin = await user("admin", "admin", null);
  const mA = await user("mA", "manager", alpha);
  const mB = await user("mB", "manager", beta);
  await db.update(teams).set({ managerId: mA }).where(eq(teams.id, alpha));
  await db.update(teams).set({ managerId: mB }).where(eq(teams.id, beta));
  const a1 = await user("a1", "rep", alpha, mA);
  const a2 = await user("a2", "rep", alpha, mA);
  const b1 = await user("b1", "rep", beta, mB);
  const b2 = await user("b2", "rep", beta, mB);

  const accountName = "Acme";
  const [account] = await db.insert(accounts).values({ name: accountName, employees: 120 }).returning({ id: accounts.id });
  const [product] = await db.insert(products).values({ name: "Widget", priceCents: 100_00 }).returning({ id: products.id });
  const stageRows = await db.select({ id: stages.id, name: stages.name, closes: stages.closes }).from(stages);
  const won = stageRows.find((s) => s.closes === "won")!;
  const open = stageRows.find((s) => s.closes === null)!;
  const period = NOW.toISOString().slice(0, 7);
  const monthStart = `${period}-01`;
  for (const [i, rep] of [a1, a2, b1, b2].entries()) {
    await db.insert(opportunities).values([
      { externalId: `won-${rep}`, ownerId: rep, accountId: account!.id, productId: product!.id, stageId: won.id, outcome: "won", valueCents: 5_000_00 + i, createdOn: new Date(NOW.getTime() - 60 * 86_400_000), closedAt: new Date(NOW.getTime() - 5 * 86_400_000) },
      { externalId: `open-${rep}`, ownerId: rep, accountId: account!.id, productId: product!.id, stageId: open.id, valueCents: 3_000_00, createdOn: new Date(NOW.getTime() - 10 * 86_400_000) },
    ]);
    await db.insert(quotas).values({ repId: rep, period, periodStart: monthStart, periodEnd: lastDay(monthStart), amountCents: 20_000_00 });
    for (const kind of ["call", "email", "meeting"] as const) {
      await insertActivity(db, { repId: rep, kind, proactive: true, at: new Date(NOW.getTime() - (i + 1) * 3_600_000), accountId: account!.id });
    }
  }
  const cadence = {} as SecurityOrg["cadence"];
  const managers = { a1: mA, a2: mA, b1: mB, b2: mB };
  const reps = { a1, a2, b1, b2 };
  const day = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  for (const [name, rep] of Object.entries(reps) as [RepName, number][]) {
    const manager = managers[name];
    const notes = `private notes about ${name}`;
    await query(
      db,
      sql`insert into one_on_one_schedules (manager_id, rep_id, weekday, time, time_zone, starts_on) values (${manager}, ${rep}, 4, '10:00', 'UTC', ${day(-30)}::date)`,
    );
    const [held] = await query<{ id: string }>(
      db,
      sql`insert into one_on_ones (manager_id, rep_id, scheduled_for, held_at, notes, decisions)
          values (${manager}, ${rep}, ${new Date(NOW.getTime() - 7 * 86_400_000).toISOString()}::timestamptz, ${new Date(NOW.getTime() - 7 * 86_400_000).toISOString()}::timestamptz, ${notes}, 'decided')
          returning id::text as id`,
    );
    const [update] = await query<{ id: string }>(
      db,
      sql`insert into updates (rep_id, subject, at, text, performatives, preemptive)
          values (${rep}, 'rep', ${new Date(NOW.getTime() - 2 * 86_400_000).toISOString()}::timestamptz, ${`${name}'s week`}, '{promise}', true) returning id::text as id`,
    );
    const [promise] = await query<{ id: string }>(
      db,
      sql`insert into promises (rep_id, update_id, subject, text, due) values (${rep}, ${update!.id}::bigint, 'rep', ${`${name}'s week`}, ${day(3)}::date) returning id::text as id`,
    );
    const [request] = await query<{ id: string }>(
      db,
      sql`insert into info_requests (manager_id, rep_id, subject, at, text)
          values (${manager}, ${rep}, ${`open-${rep}`}, ${new Date(NOW.getTime() - 86_400_000).toISOString()}::timestamptz, ${`what about ${name}'s deal?`}) returning id::text as id`,
    );
    cadence[name] = { oneOnOneId: Number(held!.id), promiseId: Number(promise!.id), requestId: Number(request!.id), notes };
  }
  return { teams: { alpha, beta }, users: { admin, mA, mB, a1, a2, b1, b2 }, accountName, cadence };
}

function lastDay(monthStart: string): string {
  const d = new Date(`${monthStart}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1, 0);
  return d.toISOString().slice(0, 10);
}
