/**
 * Where notifications come from, on both stores: each is written to the outbox in the same
 * transaction as the change that causes it (inside, the row is there; rolled back, neither
 * the change nor the row is), with the right recipients: a routed lead and an SLA re-route
 * tell the assignee; a pacing alert tells the rep at once and the manager only when the
 * alert reaches the manager's view (once, even with two processes; never for an alert the
 * rep recovered from in time); stale deals as before.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueue, pruneDelivered } from "../../src/notify/outbox.js";
import { refreshStaleDeals } from "../../src/store/cadence/stale.js";
import { query, type Db, type Store } from "../../src/store/db.js";
import { raisePacingAlerts } from "../../src/store/pacing.js";
import { rerouteOverdueLeads, routeLeadInStore } from "../../src/store/routing/index.js";
import { leads, quotas, routingDecisions, teams, users } from "../../src/store/schema.js";
import { addCadenceOpps } from "../cadence/fixtures.js";
import { addOpps } from "../activity/seed.js";
import { leadAt, seedTeam, type RoutingWorld } from "../support/routing-fixtures.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";

const T = new Date("2026-03-18T12:00:00Z");
const DAY = 86_400_000;
const HOUR = 3_600_000;

type Row = { id: string; kind: string; payload: Record<string, unknown>; created_at: Date | string };
const outbox = async (db: Db, kind?: string) =>
  (await query<Row>(db, sql`select id::text as id, kind, payload, created_at from outbox ${kind ? sql`where kind = ${kind}` : sql``} order by id`)).map((r) => ({
    kind: r.kind,
    payload: r.payload,
    createdAt: new Date(r.created_at).toISOString(),
  }));
const count = async (db: Db, table: string) => Number((await query<{ n: number }>(db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n);

/** Runs `change` in a transaction, checks what it sees inside, then rolls it back. */
async function rolledBack(store: Store, change: (tx: Db) => Promise<void>): Promise<void> {
  let reached = false;
  await store.db
    .transaction(async (tx) => {
      await change(tx as unknown as Db);
      reached = true;
      tx.rollback();
    })
    .catch((err: unknown) => {
      if (!reached) throw err;
    });
  expect(reached).toBe(true);
}

describe.each(STORE_KINDS)("notifications written with their change on %s", (kind) => {
  let store: Store;
  let world: RoutingWorld;
  let pacedRep: number;
  let recoveringRep: number;

  beforeAll(async () => {
    store = await createTestStore(kind);
    world = await seedTeam(store.db, { reps: 3 });
    // Two reps with a quota this month and no deal history: the domain says at risk.
    pacedRep = world.repIds[0]!;
    recoveringRep = world.repIds[1]!;
    for (const repId of [pacedRep, recoveringRep]) {
      await store.db.insert(quotas).values({ repId, period: "2026-03", periodStart: "2026-03-01", periodEnd: "2026-03-31", amountCents: 1_000_000 });
    }
  });
  afterAll(async () => store?.close());

  it("keeps no outbox row of a change that rolled back, and has it inside the transaction", async () => {
    await rolledBack(store, async (tx) => {
      await enqueue(tx, "stale.nudged", { teamId: null, recipients: [] }, T);
      expect(await count(tx, "outbox")).toBe(1);
    });
    await rolledBack(store, async (tx) => {
      const { decision } = await routeLeadInStore(tx, leadAt(world, "ROLLED-BACK", T));
      expect(decision.assigneeId).not.toBeNull();
      expect((await outbox(tx, "lead.assigned")).map((r) => r.payload.decisionId)).toEqual([decision.id]);
    });
    await rolledBack(store, async (tx) => {
      expect((await raisePacingAlerts(tx, T)).raised).toBe(2);
      expect(await outbox(tx, "pacing.alert")).toHaveLength(2);
    });
    await rolledBack(store, async (tx) => {
      await addCadenceOpps(tx, [{ externalId: "OPP-RB", ownerId: pacedRep, stage: "Discovery", createdOn: "2026-02-01T00:00:00Z" }]);
      expect((await refreshStaleDeals(tx, T)).nudged).toBe(1);
      expect(await outbox(tx, "stale.nudged")).toHaveLength(1);
    });
    expect(await count(store.db, "outbox")).toBe(0);
    expect(await count(store.db, "routing_decisions")).toBe(0);
    expect(await count(store.db, "pacing_alerts")).toBe(0);
    expect(await count(store.db, "stale_nudges")).toBe(0);
    expect((await store.db.select().from(leads)).map((l) => l.externalId)).toEqual([]);
  });

  it("tells the assignee of a routed lead, and the new assignee of an SLA re-route; a lead nobody can take tells no one", async () => {
    const { decision } = await routeLeadInStore(store.db, leadAt(world, "L-1", T));
    const [first] = await outbox(store.db, "lead.assigned");
    expect(first).toMatchObject({
      createdAt: T.toISOString(),
      payload: { decisionId: decision.id, leadId: decision.leadId, teamId: world.teamId, repId: decision.assigneeId, decisionKind: "initial", reason: decision.reason, recipients: [decision.assigneeId] },
    });
    // Routing the same external id again decides nothing and tells no one.
    await routeLeadInStore(store.db, leadAt(world, "L-1", T));
    expect(await outbox(store.db, "lead.assigned")).toHaveLength(1);

    const [reroute] = await rerouteOverdueLeads(store.db, new Date(T.getTime() + 24 * HOUR));
    expect(reroute!.assigneeId).not.toBe(decision.assigneeId);
    const all = await outbox(store.db, "lead.assigned");
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ payload: { decisionId: reroute!.id, decisionKind: "sla-reroute", recipients: [reroute!.assigneeId] } });

    const [empty] = await store.db.insert(teams).values({ name: "Nobody Home" }).returning();
    const none = await routeLeadInStore(store.db, { ...leadAt(world, "L-2", T), teamId: empty!.id });
    expect(none.decision.assigneeId).toBeNull();
    expect(await outbox(store.db, "lead.assigned")).toHaveLength(2);
    await store.db.delete(routingDecisions).where(eq(routingDecisions.leadId, none.decision.leadId));
  });

  it("tells the rep of a pacing alert at once and the manager only once it reaches the manager's view, once", async () => {
    const [manager] = await store.db.select().from(users).where(eq(users.id, world.managerId));
    const first = await raisePacingAlerts(store.db, T);
    expect(first).toMatchObject({ raised: 2, escalated: 0 });
    const alerts = await outbox(store.db, "pacing.alert");
    expect(alerts.map((a) => a.payload.recipients).sort()).toEqual([[pacedRep], [recoveringRep]].sort());
    expect(alerts[0]).toMatchObject({ createdAt: T.toISOString(), payload: { period: "2026-03", status: "at-risk", teamId: world.teamId } });
    expect(String(alerts[0]!.payload.reason)).toMatch(/no deal history/);

    // The recovering rep wins enough in time: the alert resolves before the grace ends.
    await addOpps(store.db, recoveringRep, [{ externalId: "WON-1", stage: "Won", outcome: "won", value: 50_000, engagedAt: "2026-01-05", closedAt: "2026-03-18T13:00:00Z" }]);
    expect(await raisePacingAlerts(store.db, new Date(T.getTime() + DAY))).toMatchObject({ resolved: 1, escalated: 0 });

    // The team's grace (pacing.graceDays, 2): not a millisecond before.
    expect((await raisePacingAlerts(store.db, new Date(T.getTime() + 2 * DAY - 1))).escalated).toBe(0);
    const graceOver = new Date(T.getTime() + 2 * DAY);
    const runs = await Promise.all([raisePacingAlerts(store.db, graceOver), raisePacingAlerts(store.db, graceOver)]);
    expect(runs.map((r) => r.escalated).sort()).toEqual([0, 1]);
    expect((await raisePacingAlerts(store.db, new Date(T.getTime() + 3 * DAY))).escalated).toBe(0);

    const escalated = await outbox(store.db, "pacing.escalated");
    const [alert] = await query<{ id: string }>(store.db, sql`select id::text as id from pacing_alerts where rep_id = ${pacedRep}`);
    expect(escalated).toEqual([
      {
        kind: "pacing.escalated",
        createdAt: graceOver.toISOString(),
        payload: expect.objectContaining({
          alertId: Number(alert!.id),
          repId: pacedRep,
          repName: "Rep 1",
          managerId: manager!.id,
          teamId: world.teamId,
          status: "at-risk",
          visibleToManagerAt: graceOver.toISOString(),
          recipients: [manager!.id],
        }),
      },
    ]);

    // Once delivered, the outbox row may be pruned: the alert itself remembers its escalation.
    await query(store.db, sql`update outbox set delivered_at = ${graceOver.toISOString()}::timestamptz where kind = 'pacing.escalated'`);
    expect(await pruneDelivered(store.db, new Date(T.getTime() + 3 * DAY))).toBe(1);
    expect(await outbox(store.db, "pacing.escalated")).toEqual([]);
    expect((await raisePacingAlerts(store.db, new Date(T.getTime() + 4 * DAY))).escalated).toBe(0);
    expect(await outbox(store.db, "pacing.escalated")).toEqual([]);
  });
});
