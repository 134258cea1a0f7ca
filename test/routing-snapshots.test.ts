/**
 * The routing snapshots (prefix sums at midnight + the day's event times, kept by triggers)
 * against a straightforward count of the raw rows, at random instants — on window edges, on
 * midnight, a millisecond either side of an event — while activities, closed opportunities and
 * decisions are inserted (backdated too), moved, re-flagged and deleted between reads, so the
 * rows built earlier must follow every write.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { DEFAULT_ROUTING_PARAMS, type RoutingParams } from "../src/domain/routing/index.js";
import { openStore, query, sql, type Db, type Store } from "../src/store/db.js";
import { loadRoutingInputs, routeLeadInStore, saveRoutingSettings, type LeadRecord } from "../src/store/routing/index.js";
import { pruneRoutingChanges, withTeamCounts } from "../src/store/routing/counts-cache.js";
import { accounts, activities, ACTIVITY_KINDS, opportunities, products, stages, users } from "../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "./support/stores.js";
import { leadAt, rawRoutingCounts, rng, seedHistory, seedTeam, type RoutingWorld } from "./support/routing-fixtures.js";

const DAY = 86_400_000;
const T = new Date("2026-11-20T10:37:12.345Z");

/** What loadRoutingInputs must return, counted from raw rows with the domain's reference helpers. */
async function rawInputs(db: Db, teamId: number | null, lead: LeadRecord, params: RoutingParams, now: Date) {
  const members = await db.select().from(users).where(teamId === null ? sql`true` : eq(users.teamId, teamId));
  return rawRoutingCounts(db, members, lead, params, now);
}

/**
 * Both ways of reading the counts — straight from the snapshot tables, and from the rows a
 * process keeps in memory between reads (counts-cache.ts, kept for the whole test, so it must
 * notice every write through the change log) — against the raw rows.
 */
async function expectExact(db: Db, world: RoutingWorld, teamId: number | null, lead: LeadRecord, params: RoutingParams, now: Date, label: string) {
  // Cached first: rows missing since its last read must be built by it, not by the direct read.
  const cached = await withTeamCounts(db, teamId ?? 0, (counts) => loadRoutingInputs(db, { teamId, lead, params, now, counts }));
  const direct = await loadRoutingInputs(db, { teamId, lead, params, now });
  const want = await rawInputs(db, teamId, lead, params, now);
  const summary = (c: { history: unknown; proactiveActivity: Record<string, number | undefined>; leadsLast30Days: number; openLeads: number }) => ({
    history: c.history,
    // Kinds with no activity may be left out or given as 0.
    proactiveActivity: Object.fromEntries(Object.entries(c.proactiveActivity).filter(([, n]) => n)),
    leadsLast30Days: c.leadsLast30Days,
    openLeads: c.openLeads,
  });
  for (const [how, got] of [["direct", direct], ["cached", cached]] as const) {
    expect(
      Object.fromEntries(got.candidates.map((c) => [c.id, summary(c)])),
      `${label} at ${now.toISOString()} (${how})`,
    ).toEqual(Object.fromEntries([...want.byRep].map(([id, c]) => [id, summary(c)])));
    expect(got.teamHistory, `${label}: team history at ${now.toISOString()} (${how})`).toEqual(want.team);
  }
  void world;
}

describe.each(STORE_KINDS)("routing snapshots on %s", (kind) => {
  let store: Store;
  let world: RoutingWorld;
  beforeEach(async () => {
    store = await createTestStore(kind);
    world = await seedTeam(store.db);
  });
  afterEach(async () => store.close());

  it("count exactly what the raw rows say, at random instants, through backdated inserts, updates and deletes", async () => {
    const r = rng(kind === "pglite" ? 11 : 12);
    await seedHistory(store.db, world, T, 5, { opportunities: 250, activities: 1200 });
    const db = store.db;
    const productRows = await db.select().from(products);
    const accountRows = await db.select().from(accounts);
    const stageRows = await db.select().from(stages);
    const won = stageRows.find((s) => s.closes === "won")!.id;
    const lost = stageRows.find((s) => s.closes === "lost")!.id;
    const gtx = productRows.find((p) => p.name === "GTX Pro")!;
    const leadOf = (extra: Partial<LeadRecord> = {}): LeadRecord => ({
      id: 0,
      externalId: "probe",
      teamId: world.teamId,
      arrivedAt: T,
      productId: gtx.id,
      product: gtx.name,
      segment: null,
      region: null,
      language: null,
      valueCents: null,
      ...extra,
    });
    const paramSets: RoutingParams[] = [
      DEFAULT_ROUTING_PARAMS,
      { ...DEFAULT_ROUTING_PARAMS, activityWindowDays: 1, recentLeadsWindowDays: 2, meritWindowDays: 30 },
      { ...DEFAULT_ROUTING_PARAMS, similarityKeys: ["product", "segment", "region", "sizeBand"], activityWindowDays: 7 },
    ];
    const lead2 = leadOf({ segment: "Mid-Market", region: "EMEA", valueCents: 4_500_000 });
    // Instants that matter: t itself, midnight, a millisecond before and after midnight, and
    // the edges of existing events (so `at = t − L` and `at = t − 1 ms` both occur).
    const eventTimes = (await db.select({ at: activities.at }).from(activities)).map((a) => a.at.getTime());
    const pickInstant = () => {
      const roll = r.next();
      const midnight = Math.floor(T.getTime() / DAY) * DAY;
      if (roll < 0.3) return new Date(midnight + r.int(-2, 2) * DAY + r.pick([-1, 0, 1]));
      if (roll < 0.6) return new Date(r.pick(eventTimes) + r.pick([0, 1, -1]) + r.pick([0, 1, 7, 14]) * DAY);
      return new Date(T.getTime() + r.int(-3 * DAY, 3 * DAY));
    };
    const seen: Date[] = [];
    const check = async (label: string) => {
      // A new instant (builds rows) and up to three earlier ones (rows built before this write).
      const instants = [pickInstant(), ...Array.from({ length: Math.min(3, seen.length) }, () => r.pick(seen))];
      for (const now of instants) {
        const params = r.pick(paramSets);
        const lead = params.similarityKeys.length > 1 ? lead2 : leadOf();
        await expectExact(db, world, world.teamId, lead, params, now, label);
        seen.push(now);
      }
    };

    await check("seeded");
    let n = 0;
    for (let step = 0; step < 14; step++) {
      const target = r.pick(seen);
      const near = () => new Date(target.getTime() - r.pick([0, 1, 7, 14, 30]) * DAY + r.pick([-1, 0, 1, -r.int(0, DAY), r.int(0, DAY)]));
      const what = step % 7;
      if (what === 0) {
        // Backdated and same-day activities, some exactly on instants already read.
        await db.insert(activities).values(
          Array.from({ length: r.int(1, 30) }, () => ({
            externalId: `X-${n++}`,
            repId: r.pick(world.repIds),
            kind: r.pick(ACTIVITY_KINDS),
            proactive: r.next() < 0.7,
            at: near(),
          })),
        );
      } else if (what === 1) {
        // Move some activities in time, flip their flag, change kind or rep.
        const some = await query<{ id: number }>(db, sql`select id from activities order by random() limit ${r.int(1, 25)}`);
        for (const { id } of some) {
          const change = r.int(0, 3);
          const set =
            change === 0 ? { at: near() } : change === 1 ? { proactive: r.next() < 0.5 } : change === 2 ? { kind: r.pick(ACTIVITY_KINDS) } : { repId: r.pick(world.repIds) };
          await db.update(activities).set(set).where(eq(activities.id, Number(id)));
        }
        // And one statement moving many at once.
        await query(db, sql`update activities set at = at + interval '1 day' where id % 17 = ${r.int(0, 16)}`);
      } else if (what === 2) {
        const some = await query<{ id: number }>(db, sql`select id from activities order by random() limit ${r.int(1, 40)}`);
        await db.delete(activities).where(inArray(activities.id, some.map((s) => Number(s.id))));
      } else if (what === 3) {
        // Deals closing (backdated or now), with every kind of key.
        await db.insert(opportunities).values(
          Array.from({ length: r.int(1, 12) }, () => {
            const outcome = r.next() < 0.5 ? "won" : "lost";
            return {
              externalId: `XO-${n++}`,
              ownerId: r.pick(world.repIds),
              productId: r.next() < 0.1 ? null : r.pick(productRows).id,
              accountId: r.next() < 0.1 ? null : r.pick(accountRows).id,
              stageId: outcome === "won" ? won : lost,
              outcome: outcome as "won" | "lost",
              valueCents: r.pick([null, 5_000, 900_000, 4_000_000, 60_000_000]),
              closedAt: near(),
            };
          }),
        );
      } else if (what === 4) {
        // Re-open, re-date, re-assign and re-value closed deals; delete a few.
        const some = await query<{ id: number }>(db, sql`select id from opportunities where outcome <> 'open' order by random() limit ${r.int(2, 15)}`);
        for (const { id } of some) {
          const change = r.int(0, 4);
          if (change === 0) await db.update(opportunities).set({ outcome: "open", closedAt: null }).where(eq(opportunities.id, Number(id)));
          else if (change === 1) await db.update(opportunities).set({ closedAt: near() }).where(eq(opportunities.id, Number(id)));
          else if (change === 2) await db.update(opportunities).set({ ownerId: r.pick(world.repIds) }).where(eq(opportunities.id, Number(id)));
          else if (change === 3) await db.update(opportunities).set({ valueCents: r.pick([1, 2_000_000, 300_000_000]), productId: r.pick(productRows).id }).where(eq(opportunities.id, Number(id)));
          else await db.delete(opportunities).where(eq(opportunities.id, Number(id)));
        }
      } else if (what === 5) {
        // Decisions (leads received), some backdated into windows already read.
        for (let i = 0; i < r.int(1, 4); i++) await routeLeadInStore(db, leadAt(world, `XL-${n++}`, near(), { productId: gtx.id, product: gtx.name }));
      } else {
        // An organisation-wide read builds rows under team key 0 as well.
        await expectExact(db, world, null, leadOf({ teamId: null }), DEFAULT_ROUTING_PARAMS, r.pick(seen), "org-wide");
      }
      await check(`after step ${step} (${["activities", "activity updates", "activity deletes", "closes", "close updates", "decisions", "org-wide"][what]})`);
    }
    // A backdated import touches every later snapshot row of its reps: it drops them instead of
    // updating each (the next reads build them again), and the counts stay exact.
    const snapshotRows = async () => Number((await query<{ n: number | string }>(db, sql`select count(*) as n from routing_rep_snapshot`))[0]!.n);
    const before = await snapshotRows();
    expect(before).toBeGreaterThan(0);
    await db.insert(activities).values(
      world.repIds.flatMap((repId) =>
        Array.from({ length: 14 }, (_, i) => ({ externalId: `OLD-${repId}-${i}`, repId, kind: r.pick(ACTIVITY_KINDS), proactive: true, at: new Date(T.getTime() - 40 * DAY + i * 3_600_000) })),
      ),
    );
    expect(await snapshotRows()).toBeLessThan(before);
    await check("after a backdated import");
    await check("after a backdated import, again");
  }, 300_000);

  it("keeps cached counts exact through writes of another handle, and starts over once the change log is pruned", async () => {
    // On PostgreSQL the writes come through a second pool, as from another server process.
    const other = kind === "postgres" ? await openStore({ databaseUrl: store.location, migrate: false, poolSize: 1 }) : store;
    try {
      await seedHistory(store.db, world, T, 21, { opportunities: 60, activities: 300 });
      const gtx = (await store.db.select().from(products)).find((p) => p.name === "GTX Pro")!;
      const stageRows = await store.db.select().from(stages);
      const lead: LeadRecord = { id: 0, externalId: "probe", teamId: world.teamId, arrivedAt: T, productId: gtx.id, product: gtx.name, segment: null, region: null, language: null, valueCents: null };
      // Two instants a day apart: the cache holds the rows of both days' windows at once.
      const exact = async (label: string) => {
        for (const now of [T, new Date(T.getTime() + DAY)]) await expectExact(store.db, world, world.teamId, { ...lead, arrivedAt: now }, DEFAULT_ROUTING_PARAMS, now, label);
      };
      await exact("warm");
      const [rep] = world.repIds;
      await other.db.insert(activities).values(Array.from({ length: 9 }, (_, i) => ({ externalId: `W-${i}`, repId: rep!, kind: "meeting" as const, proactive: true, at: new Date(T.getTime() - (i + 1) * 60_000) })));
      await exact("after activities of another handle");
      await other.db.insert(opportunities).values({ externalId: "WO", ownerId: rep!, productId: gtx.id, stageId: stageRows.find((s) => s.closes === "won")!.id, outcome: "won", closedAt: new Date(T.getTime() - 60_000) });
      await exact("after a deal closed by another handle");
      await routeLeadInStore(other.db, leadAt(world, "W-L", new Date(T.getTime() - 30_000), { productId: gtx.id, product: gtx.name }));
      await exact("after a decision of another handle");
      // Snapshot rows can disappear (a backdated import drops its reps' rows, a build prunes old
      // days): a read on the same days as the last one (T + 1 day) must notice and build them again.
      await query(other.db, sql`delete from routing_rep_snapshot where rep_id = ${world.repIds[1]!}`);
      await query(other.db, sql`delete from routing_merit_snapshot where rep_id = ${world.repIds[2]!}`);
      const later = new Date(T.getTime() + DAY);
      await expectExact(store.db, world, world.teamId, { ...lead, arrivedAt: later }, DEFAULT_ROUTING_PARAMS, later, "after rows were dropped, on the last read's days");
      // Pruning everything moves the horizon past the cache's snapshot: the next read starts
      // over (and is still exact) instead of trusting a log that no longer holds every change.
      await other.db.delete(activities).where(eq(activities.externalId, "W-0"));
      await query(other.db, sql`update routing_changes set logged_at = now() - interval '1 hour'`);
      await pruneRoutingChanges(other.db, { force: true });
      expect(Number((await query<{ n: number | string }>(store.db, sql`select count(*) as n from routing_changes`))[0]!.n)).toBe(0);
      // The instant of the last read first: nothing computed before the prune may be kept.
      await expectExact(store.db, world, world.teamId, { ...lead, arrivedAt: later }, DEFAULT_ROUTING_PARAMS, later, "after the log was pruned, at the last read's instant");
      await exact("after the log was pruned");
    } finally {
      if (other !== store) await other.close();
    }
  });

  it("keeps a rep's counts between two instants only while no event of its rows lies between them", async () => {
    await seedHistory(store.db, world, T, 41, { opportunities: 120, activities: 600 });
    const gtx = (await store.db.select().from(products)).find((p) => p.name === "GTX Pro")!;
    const lead: LeadRecord = { id: 0, externalId: "probe", teamId: world.teamId, arrivedAt: T, productId: gtx.id, product: gtx.name, segment: null, region: null, language: null, valueCents: null };
    // Instants on T's day at the time of day of an event on a day where a window edge falls
    // (T's day: the end; 14, 30 and 365 days back: the starts), and a millisecond after it.
    const day = Math.floor(T.getTime() / DAY);
    const edgeDays = new Set([0, 14, 30, 365].map((back) => day - back));
    const events = [
      ...(await store.db.select({ at: activities.at }).from(activities)).map((a) => a.at.getTime()),
      ...(await store.db.select({ at: opportunities.closedAt }).from(opportunities)).map((o) => o.at!.getTime()),
    ].filter((at) => edgeDays.has(Math.floor(at / DAY)));
    expect(events.length).toBeGreaterThan(20);
    const r = rng(kind === "pglite" ? 43 : 44);
    const ofDay = Array.from({ length: 14 }, () => day * DAY + (r.pick(events) % DAY));
    const ascending = ofDay.flatMap((at) => [at, at + 1]).sort((x, y) => x - y);
    // Up, then back down in random steps (counts kept from a later instant must not leak back).
    const instants = [...ascending, ...Array.from({ length: 8 }, () => r.pick(ascending))];
    for (const at of instants) {
      const now = new Date(at);
      await expectExact(store.db, world, world.teamId, { ...lead, arrivedAt: now }, DEFAULT_ROUTING_PARAMS, now, "same day, no writes");
    }
  }, 120_000);

  // A snapshot never lists its own transaction as running: once a later transaction has
  // committed, a decision's snapshot counts the decision's own transaction as seen, yet the lead
  // it assigns afterwards was not in the rows it read. (PGlite runs one transaction at a time.)
  it.skipIf(kind === "pglite")("sees what a decision's transaction writes after its read, when another committed in between", async () => {
    const other = await openStore({ databaseUrl: store.location, migrate: false, poolSize: 1 });
    try {
      await seedHistory(store.db, world, T, 31, { opportunities: 40, activities: 200 });
      const gtx = (await store.db.select().from(products)).find((p) => p.name === "GTX Pro")!;
      const lead: LeadRecord = { id: 0, externalId: "probe", teamId: world.teamId, arrivedAt: T, productId: gtx.id, product: gtx.name, segment: null, region: null, language: null, valueCents: null };
      await expectExact(store.db, world, world.teamId, lead, DEFAULT_ROUTING_PARAMS, T, "warm");
      await withTeamCounts(store.db, world.teamId, (counts) =>
        store.db.transaction(async (raw) => {
          const tx = raw as unknown as Db;
          await query(tx, sql`select pg_current_xact_id()`);
          await other.db.insert(activities).values({ externalId: "LATER", repId: world.repIds[1]!, kind: "call", proactive: true, at: new Date(T.getTime() - 7_200_000) });
          await loadRoutingInputs(tx, { teamId: world.teamId, lead, params: DEFAULT_ROUTING_PARAMS, now: T, counts });
          await tx.insert(activities).values({ externalId: "OWN", repId: world.repIds[0]!, kind: "meeting", proactive: true, at: new Date(T.getTime() - 60_000) });
        }),
      );
      await expectExact(store.db, world, world.teamId, lead, DEFAULT_ROUTING_PARAMS, T, "after a transaction's own write that followed its read");
    } finally {
      await other.close();
    }
  });

  it("never decides on a cached member list or settings that another handle has changed", async () => {
    // On PostgreSQL the changes come through a second pool, as from another server process.
    const other = kind === "postgres" ? await openStore({ databaseUrl: store.location, migrate: false, poolSize: 1 }) : store;
    try {
      const at = (i: number) => new Date(T.getTime() + i * 60_000);
      const first = (await routeLeadInStore(store.db, leadAt(world, "C-1", at(1)))).decision;
      expect(first.assigneeId).not.toBeNull();
      await other.db.update(users).set({ active: false }).where(eq(users.id, first.assigneeId!));
      const second = (await routeLeadInStore(store.db, leadAt(world, "C-2", at(2)))).decision;
      expect(second.candidates.find((c) => c.repId === first.assigneeId)!.excluded).toBe("inactive");
      const [newcomer] = await other.db.insert(users).values({ name: "Newcomer", role: "rep", teamId: world.teamId }).returning();
      const third = (await routeLeadInStore(store.db, leadAt(world, "C-3", at(3)))).decision;
      expect(third.candidates.map((c) => c.repId)).toContain(newcomer!.id);
      await saveRoutingSettings(other.db, world.teamId, { policy: "milk-round" }, null);
      const fourth = (await routeLeadInStore(store.db, leadAt(world, "C-4", at(4)))).decision;
      expect(fourth).toMatchObject({ policy: "milk-round", settingsVersion: 1 });
      await other.db.update(users).set({ teamId: world.otherTeamId }).where(eq(users.id, newcomer!.id));
      const fifth = (await routeLeadInStore(store.db, leadAt(world, "C-5", at(5)))).decision;
      expect(fifth.candidates.map((c) => c.repId)).not.toContain(newcomer!.id);
      // A rep whose counts did not move (no lead, no activity) but whose user row changed: the
      // candidate kept from the last decision must not stand in for the new row.
      const untouched = fifth.candidates.find((c) => c.repId !== fifth.assigneeId && c.excluded === null)!;
      await other.db.update(users).set({ active: false }).where(eq(users.id, untouched.repId));
      const sixth = (await routeLeadInStore(store.db, leadAt(world, "C-6", at(6)))).decision;
      expect(sixth.candidates.find((c) => c.repId === untouched.repId)!.excluded).toBe("inactive");
    } finally {
      if (other !== store) await other.close();
    }
  });
});
