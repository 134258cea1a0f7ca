import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { decode as unpack } from "@msgpack/msgpack";
import {
  decodeExplanation,
  DEFAULT_ROUTING_PARAMS,
  encodeExplanation,
  encodeFormat2,
  encodeFormat3,
  type DecisionExplanation,
  type RoutingParams,
} from "../src/domain/routing/index.js";
import { openStore, query, sql, type Store } from "../src/store/db.js";
import {
  currentRoutingSettings,
  nextLeadFor,
  previewRouting,
  rerouteOverdueLeads,
  routeLeadInStore,
  saveRoutingSettings,
  teamLeadFeed,
} from "../src/store/routing/index.js";
import { activities, leads, products, routingDecisions, users } from "../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "./support/stores.js";
import { leadAt, referenceDecision, seedHistory, seedTeam, type RoutingWorld } from "./support/routing-fixtures.js";

const T = new Date("2026-11-20T10:37:12.345Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const counts = async (store: Store) =>
  (await query<Record<string, string | number>>(
    store.db,
    sql`select (select count(*) from leads) as leads, (select count(*) from routing_decisions) as decisions,
               (select count(*) from audit_log) as audit, (select count(*) from routing_state) as state,
               (select coalesce(sum(open_leads), 0) from rep_lead_load) as open`,
  ))[0]!;

describe.each(STORE_KINDS)("lead routing in the store on %s", (kind) => {
  let store: Store;
  let world: RoutingWorld;
  beforeEach(async () => {
    store = await createTestStore(kind);
    world = await seedTeam(store.db);
  });
  afterEach(async () => store.close());

  const productId = async (name: string) => (await store.db.select().from(products).where(eq(products.name, name)))[0]!.id;

  const configs: [string, Partial<RoutingParams>][] = [
    ["defaults (product)", {}],
    ["every key, power-of-ten bands", { similarityKeys: ["product", "segment", "region", "sizeBand"], activityWindowDays: 7 }],
    ["size band with non-decimal edges (raw fallback)", { similarityKeys: ["sizeBand"], sizeBandEdgesCents: [750_000, 3_000_000] }],
  ];

  it.each(configs)("decides exactly like the domain over raw rows: %s", async (_label, params) => {
    await seedHistory(store.db, world, T, 7 + _label.length);
    if (Object.keys(params).length) await saveRoutingSettings(store.db, world.teamId, { policy: "equilibrium", params }, null);
    const settings = await currentRoutingSettings(store.db, world.teamId);
    const gtx = await productId("GTX Pro");
    // A few earlier decisions so "leads received" and open leads are not all zero.
    for (let i = 0; i < 4; i++) {
      await routeLeadInStore(store.db, leadAt(world, `E-${i}`, new Date(T.getTime() - (i * 9 + 1) * HOUR), { productId: gtx, product: "GTX Pro" }));
    }
    for (const [i, at] of [T, new Date(Date.UTC(2026, 10, 21)), new Date(T.getTime() + 30 * 86_400_000)].entries()) {
      const lead = leadAt(world, `L-${i}`, at, { productId: gtx, product: "GTX Pro", segment: "Mid-Market", region: "EMEA", valueCents: 4_500_000 });
      const { decision } = await routeLeadInStore(store.db, lead);
      const [stored] = await store.db.select().from(routingDecisions).where(eq(routingDecisions.id, decision.id));
      // The reference reads the store as it was before this decision: take this one out of its view.
      const ref = await referenceDecisionBefore(store, decision.leadId, settings, at);
      // Stored packed (format 4 in MessagePack), the JSON column left empty.
      expect(stored!.explanation).toBeNull();
      expect(stored!.explanationPacked).toBeInstanceOf(Uint8Array);
      const packed = unpack(stored!.explanationPacked!);
      expect(packed).toMatchObject({ format: 4, columns: expect.any(Array) });
      expect(packed).not.toHaveProperty("doubles");
      expect(decodeExplanation(stored!.explanationPacked)).toEqual(ref.explanation);
      expect(decision.reason).toBe(ref.reason);
      expect(decision.assigneeId).toBe(ref.assigneeId);
    }
  });

  /** The raw-row reference as of just before the lead was decided (its own assignment undone). */
  async function referenceDecisionBefore(s: Store, leadId: number, settings: Awaited<ReturnType<typeof currentRoutingSettings>>, at: Date) {
    let ref: Awaited<ReturnType<typeof referenceDecision>> | undefined;
    await s.db
      .transaction(async (tx) => {
        await tx.delete(routingDecisions).where(eq(routingDecisions.leadId, leadId));
        await tx.update(leads).set({ status: "new", assigneeId: null, assignedAt: null }).where(eq(leads.id, leadId));
        ref = await referenceDecision(tx as never, leadId, settings, at);
        tx.rollback();
      })
      .catch(() => {});
    return ref!;
  }

  it("reads decisions stored as JSON in format 1 (the explanation object), 2 (rows of values), 3 (doubles as bytes) and 4 like the same decision stored today", async () => {
    await seedHistory(store.db, world, T, 5, { opportunities: 60, activities: 300 });
    const lead = leadAt(world, "L-new", T, { segment: "SMB", valueCents: 120_000 });
    const created = (await routeLeadInStore(store.db, lead)).decision;
    const [row] = await store.db.select().from(routingDecisions).where(eq(routingDecisions.id, created.id));
    const e = decodeExplanation(row!.explanationPacked);
    const older: [string, (e: DecisionExplanation) => unknown][] = [
      ["1", (x) => x],
      ["2", (x) => encodeFormat2(x)],
      ["3", (x) => encodeFormat3(x)],
      ["4", (x) => encodeExplanation(x)],
    ];
    const copies: { ref: string; id: number; leadId: number }[] = [];
    for (const [format, encode] of older) {
      // The same decision for a copy of the lead, written raw as decisions were in that format.
      const ref = `L-old-${format}`;
      const [copy] = await query<{ id: number | string }>(
        store.db,
        sql`insert into leads (external_id, team_id, arrived_at, segment, value_cents, status, assignee_id, assigned_at)
            select ${ref}, team_id, arrived_at, segment, value_cents, status, assignee_id, assigned_at from leads where id = ${created.leadId}
            returning id`,
      );
      const leadId = Number(copy!.id);
      const stored = JSON.stringify(encode({ ...e, lead: { ...e.lead, id: leadId, ref } }));
      const [old] = await query<{ id: number | string }>(
        store.db,
        sql`insert into routing_decisions (lead_id, team_id, policy, settings_version, assignee_id, runner_up_id, margin, reason, explanation, decided_at)
            select ${leadId}::bigint, team_id, policy, settings_version, assignee_id, runner_up_id, margin, reason, ${stored}::json, decided_at
            from routing_decisions where id = ${created.id} returning id`,
      );
      copies.push({ ref, id: Number(old!.id), leadId });
    }
    const formats = await query<{ id: number | string; format: string }>(store.db, sql`select id, coalesce(explanation->>'format', 'packed') as format from routing_decisions order by id`);
    expect(formats.map((f) => f.format)).toEqual(["packed", "1", "2", "3", "4"]);

    // The first-decision answer (a repeated external id) reads the stored row.
    expect((await routeLeadInStore(store.db, leadAt(world, "L-new", T))).decision).toEqual(created);
    const feed = await teamLeadFeed(store.db, world.teamId, { limit: 10 });
    const feedNew = feed.at(-1)!;
    expect(feedNew).toMatchObject(created);
    expect(feedNew.candidates.every((c) => c.counts !== undefined)).toBe(true);
    for (const [i, copy] of copies.entries()) {
      const renamed = { id: copy.id, lead: copy.ref, leadId: copy.leadId };
      expect((await routeLeadInStore(store.db, leadAt(world, copy.ref, T))).decision).toEqual({ ...created, ...renamed });
      // The feed is newest first: the copies, last written first, then the decision itself.
      expect(feed[copies.length - 1 - i]).toEqual({ ...feedNew, ...renamed });
    }
    for (const repId of world.repIds) {
      const next = (await nextLeadFor(store.db, { id: repId, name: "", teamId: world.teamId })).leads;
      const nextNew = next.at(-1)!;
      for (const [i, copy] of copies.entries()) expect(next[copies.length - 1 - i]).toEqual({ ...nextNew, decisionId: copy.id, lead: copy.ref });
    }
  });

  /** What another request or process writes between an optimistic decision's read and its write. */
  type Change = [string, (other: Store, gtx: number) => Promise<unknown>];
  const between: Change[] = [
    ["nothing", async () => {}],
    ["a rep logs a meeting", (other) => other.db.insert(activities).values({ repId: world.repIds[0]!, kind: "meeting", proactive: true, at: new Date(T.getTime() - 60_000) })],
    ["a rep goes out of office", (other) => other.db.update(users).set({ outOfOfficeFrom: new Date(T.getTime() - DAY), outOfOfficeTo: new Date(T.getTime() + DAY) }).where(eq(users.id, world.repIds[1]!))],
    ["the settings change", (other) => saveRoutingSettings(other.db, world.teamId, { policy: "equilibrium", params: { meritWeight: 0.8 } }, null)],
    ...(kind === "postgres"
      ? [["another process routes a lead of the team", (other, gtx) => routeLeadInStore(other.db, leadAt(world, "W-other", new Date(T.getTime() - 60_000), { productId: gtx, product: "GTX Pro" }))] as Change]
      : []),
  ];

  it.each(between)("stores an optimistic decision only if nothing it read changed before its write: %s", async (change, write) => {
    // On PostgreSQL the change comes through a second pool, as from another server process.
    const other = kind === "postgres" ? await openStore({ databaseUrl: store.location, migrate: false, poolSize: 1 }) : store;
    try {
      await seedHistory(store.db, world, T, 17, { opportunities: 120, activities: 600 });
      const gtx = await productId("GTX Pro");
      // The first decision builds the team's snapshot rows (the locked path); the next ones read what changed.
      await routeLeadInStore(store.db, leadAt(world, "W-0", new Date(T.getTime() - HOUR), { productId: gtx, product: "GTX Pro" }));
      let writes = 0;
      const timings = new Map<string, number>();
      const { decision } = await routeLeadInStore(store.db, leadAt(world, "W-1", T, { productId: gtx, product: "GTX Pro" }), {
        timings,
        beforeStore: async () => void (writes++, await write(other, gtx)),
      });
      expect(writes).toBe(1);
      // Stored without a transaction of its own when nothing changed; otherwise decided again under the lock (BEGIN, COMMIT).
      expect(timings.has("start")).toBe(change !== "nothing");
      const settings = await currentRoutingSettings(store.db, world.teamId);
      const ref = await referenceDecisionBefore(store, decision.leadId, settings, T);
      const [stored] = await store.db.select().from(routingDecisions).where(eq(routingDecisions.id, decision.id));
      expect(decodeExplanation(stored!.explanationPacked)).toEqual(ref.explanation);
      expect(decision.settingsVersion).toBe(settings.version);
      expect(decision.assigneeId).toBe(ref.assigneeId);
      expect(Number((await counts(store)).decisions)).toBe(change.startsWith("another") ? 3 : 2);
    } finally {
      if (other !== store) await other.close();
    }
  });

  it("returns the first decision for a known external id and assigns nothing new", async () => {
    const first = await routeLeadInStore(store.db, leadAt(world, "L-1", T));
    const again = await routeLeadInStore(store.db, leadAt(world, "L-1", new Date(T.getTime() + HOUR)));
    expect(first.created).toBe(true);
    expect(again).toEqual({ decision: first.decision, created: false });
    expect(Number((await counts(store)).decisions)).toBe(1);
  });

  it("inserts a lead routed the optimistic way already assigned, counting it in the rep's open leads", async () => {
    await routeLeadInStore(store.db, leadAt(world, "L-1", T));
    const timings = new Map<string, number>();
    const at = new Date(T.getTime() + 1000);
    const second = await routeLeadInStore(store.db, leadAt(world, "L-2", at), { timings });
    // Not the locked path (its BEGIN is the "start" phase): the write statement inserted the lead.
    expect(timings.has("start")).toBe(false);
    const [lead] = await store.db.select().from(leads).where(eq(leads.externalId, "L-2"));
    expect(second.decision.assigneeId).not.toBeNull();
    expect(lead).toMatchObject({ id: second.decision.leadId, assigneeId: second.decision.assigneeId, assignedAt: at, status: "assigned" });
    const { leads: stored, decisions, audit, open } = await counts(store);
    expect([stored, decisions, audit, open].map(Number)).toEqual([2, 2, 2, 2]);
  });

  it("respects capacity and out of office, and says so", async () => {
    const [a, b, c, d, e] = world.repIds as [number, number, number, number, number];
    await store.db.update(users).set({ capacity: 1 }).where(eq(users.id, a));
    await store.db.update(users).set({ outOfOfficeFrom: new Date(T.getTime() - HOUR), outOfOfficeTo: new Date("2026-12-01T00:00:00Z") }).where(eq(users.id, b));
    await store.db.update(users).set({ active: false }).where(sql`${users.id} in (${c}, ${d}, ${e})`);
    const first = await routeLeadInStore(store.db, leadAt(world, "L-1", T));
    expect(first.decision.assigneeId).toBe(a);
    expect(first.decision.candidates.find((x) => x.repId === b)!.excluded).toBe("out of office until 2026-12-01");
    const second = await routeLeadInStore(store.db, leadAt(world, "L-2", new Date(T.getTime() + 1000)));
    expect(second.decision.assignee).toBeNull();
    expect(second.decision.candidates.find((x) => x.repId === a)!.excluded).toBe("capacity 1 of 1 open leads");
    expect(second.decision.reason).toMatch(/was not assigned: no eligible rep/);
    expect((await store.db.select().from(leads).where(eq(leads.externalId, "L-2")))[0]!.status).toBe("unassigned");
  });

  it("records the settings version; milk-round rotates and remembers where it stopped", async () => {
    expect((await routeLeadInStore(store.db, leadAt(world, "L-0", T))).decision).toMatchObject({ settingsVersion: 0, policy: "equilibrium" });
    const saved = await saveRoutingSettings(store.db, world.teamId, { policy: "milk-round" }, world.managerId);
    expect(saved.version).toBe(1);
    const assignees = [];
    for (let i = 1; i <= 6; i++) {
      const { decision } = await routeLeadInStore(store.db, leadAt(world, `L-${i}`, new Date(T.getTime() + i * 1000)));
      expect(decision).toMatchObject({ settingsVersion: 1, policy: "milk-round" });
      assignees.push(decision.assigneeId);
    }
    expect(assignees).toEqual([...world.repIds, world.repIds[0]]);
    await saveRoutingSettings(store.db, world.teamId, { policy: "top-performer", params: { smoothingK: 10 } }, world.managerId);
    const stored = await store.db.select().from(routingDecisions);
    expect(stored.map((d) => d.settingsVersion)).toEqual([0, 1, 1, 1, 1, 1, 1]);
    expect((await currentRoutingSettings(store.db, world.teamId)).params).toEqual({ ...DEFAULT_ROUTING_PARAMS, smoothingK: 10 });
    const audit = await query<{ n: string | number }>(store.db, sql`select count(*) as n from audit_log where action = 'routing-settings'`);
    expect(Number(audit[0]!.n)).toBe(2);
  });

  it("re-routes a lead nobody touched within the SLA, excluding the previous assignee", async () => {
    await saveRoutingSettings(store.db, world.teamId, { policy: "equilibrium", params: { slaHours: 24 } }, null);
    const untouched = (await routeLeadInStore(store.db, leadAt(world, "L-1", T))).decision;
    const touched = (await routeLeadInStore(store.db, leadAt(world, "L-2", new Date(T.getTime() + 1000)))).decision;
    await store.db.insert(activities).values({ repId: touched.assigneeId!, kind: "call", proactive: false, at: new Date(T.getTime() + 2 * HOUR), leadId: touched.leadId });
    expect((await store.db.select().from(leads).where(eq(leads.id, touched.leadId)))[0]!.firstTouchAt).toEqual(new Date(T.getTime() + 2 * HOUR));

    expect(await rerouteOverdueLeads(store.db, new Date(T.getTime() + 24 * HOUR - 1))).toEqual([]);
    const now = new Date(T.getTime() + 24 * HOUR);
    const [reroute, ...more] = await rerouteOverdueLeads(store.db, now);
    expect(more).toEqual([]);
    expect(reroute).toMatchObject({ kind: "sla-reroute", previousDecisionId: untouched.id, leadId: untouched.leadId, decidedAt: now.toISOString() });
    expect(reroute!.assigneeId).not.toBe(untouched.assigneeId);
    expect(reroute!.candidates.find((c) => c.repId === untouched.assigneeId)!.excluded).toBe("previous assignee: no first touch within 24 h");
    const [lead] = await store.db.select().from(leads).where(eq(leads.id, untouched.leadId));
    expect(lead).toMatchObject({ assigneeId: reroute!.assigneeId, assignedAt: now, status: "assigned" });
    // Both the old and the new assignee are on the team and see it in the feed.
    const feed = await teamLeadFeed(store.db, world.teamId, { limit: 10 });
    expect(feed[0]).toMatchObject({ id: reroute!.id, kind: "sla-reroute" });
    // Open leads moved with the lead.
    const load = await query<{ rep_id: number; open_leads: number }>(store.db, sql`select rep_id, open_leads from rep_lead_load`);
    expect(load.find((l) => Number(l.rep_id) === untouched.assigneeId)?.open_leads ?? 0).toBe(untouched.assigneeId === touched.assigneeId ? 1 : 0);
    // A second sweep 24 h later excludes both earlier assignees.
    const [second] = await rerouteOverdueLeads(store.db, new Date(now.getTime() + 24 * HOUR));
    expect(second!.candidates.filter((c) => c.excluded?.startsWith("previous assignee")).map((c) => c.repId).sort()).toEqual(
      [untouched.assigneeId, reroute!.assigneeId].sort(),
    );
  });

  it("previews a policy over the last N leads and changes nothing", async () => {
    await seedHistory(store.db, world, T, 3, { opportunities: 120, activities: 400 });
    for (let i = 0; i < 8; i++) await routeLeadInStore(store.db, leadAt(world, `L-${i}`, new Date(T.getTime() + i * HOUR)));
    const before = await counts(store);
    const preview = await previewRouting(store.db, world.teamId, { policy: "milk-round", lastN: 6 });
    expect(await counts(store)).toEqual(before);
    expect(preview.leads.map((l) => l.lead)).toEqual(["L-2", "L-3", "L-4", "L-5", "L-6", "L-7"]);
    // Milk-round in the preview rotates through the reps in id order.
    expect(preview.leads.map((l) => l.preview)).toEqual(["Rep 1", "Rep 2", "Rep 3", "Rep 4", "Rep 5", "Rep 1"]);
    expect(preview.summary.previewPerRep).toEqual({ "Rep 1": 2, "Rep 2": 1, "Rep 3": 1, "Rep 4": 1, "Rep 5": 1 });
    expect(Object.values(preview.summary.actualPerRep).reduce((a, b) => a + b, 0)).toBe(6);
    expect(preview.summary.changedHands).toBe(preview.leads.filter((l) => l.actual !== l.preview).length);
  });
});
