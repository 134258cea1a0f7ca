import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { query, sql, type Store } from "../src/store/db.js";
import { activities, activityDaily, auditLog, stages, teams, users } from "../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "./support/stores.js";

describe.each(STORE_KINDS)("store on %s", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(kind);
  });
  afterAll(() => store?.close());

  it("is migrated with the default stages in order", async () => {
    const rows = await store.db.select().from(stages).orderBy(stages.position);
    expect(rows.map((s) => s.name)).toEqual(["Prospecting", "Qualification", "Discovery", "Engaging", "Proposal", "Negotiation", "Won", "Lost"]);
    expect(rows.filter((s) => s.phase === "early").map((s) => s.name)).toContain("Discovery");
  });

  it("keeps activity_daily equal to a GROUP BY over activities through insert, update and delete", async () => {
    const [team] = await store.db.insert(teams).values({ name: "T" }).returning();
    const [rep] = await store.db.insert(users).values({ name: "R", teamId: team!.id }).returning();
    const at = (d: string) => new Date(`${d}T10:00:00Z`);
    await store.db.insert(activities).values([
      { repId: rep!.id, kind: "call", proactive: true, at: at("2026-01-01") },
      { repId: rep!.id, kind: "call", proactive: true, at: at("2026-01-01") },
      { repId: rep!.id, kind: "email", proactive: false, at: at("2026-01-02") },
    ]);
    await store.db.update(activities).set({ kind: "meeting" }).where(eq(activities.kind, "email"));
    await store.db.delete(activities).where(eq(activities.kind, "meeting"));
    const daily = await query<{ n: number }>(
      store.db,
      sql`select coalesce(sum(count), 0)::int as n from ${activityDaily} where ${activityDaily.repId} = ${rep!.id}`,
    );
    const raw = await query<{ n: number }>(store.db, sql`select count(*)::int as n from ${activities} where rep_id = ${rep!.id}`);
    expect(daily[0]!.n).toBe(raw[0]!.n);
    expect(raw[0]!.n).toBe(2);
  });

  it("refuses to update or delete the audit log", async () => {
    await store.db.insert(auditLog).values({ action: "create", entity: "team", entityId: "1", after: { name: "T" } });
    await expect(store.db.update(auditLog).set({ action: "x" })).rejects.toThrow();
    await expect(store.db.delete(auditLog)).rejects.toThrow();
    expect((await store.db.select().from(auditLog)).length).toBe(1);
  });
});
