/**
 * The numbers in RepSummary against an independent count from the raw rows (the API reads
 * the activity_daily aggregate; this test reads activities and opportunities directly).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { and, eq, isNotNull } from "drizzle-orm";
import type { Store } from "../../src/store/db.js";
import { ACTIVITY_KINDS, activities, opportunities, stages, type ActivityKind } from "../../src/store/schema.js";
import type { RepSummary } from "../../src/schemas/teams.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { NOW, seedOrg, sessionCookie, testApp, type Org } from "./fixtures.js";

const DAY = 86_400_000;
const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const mondayOf = (d: Date) => {
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return utcDay(new Date(midnight - sinceMonday * DAY));
};

/** A small deterministic generator (no Math.random: failures must reproduce). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe.each(STORE_KINDS)("rep summaries on %s", (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let org: Org;
  let admin: string;

  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedOrg(store.db);
    app = await testApp(store);
    admin = await sessionCookie(store.db, org.users.admin);

    const at = (iso: string) => new Date(iso);
    // r4: hand-placed rows on every window edge.
    await store.db.insert(activities).values([
      { repId: org.users.r4, kind: "call", proactive: true, at: at("2026-03-18T23:59:59Z") }, // today, after "now"
      { repId: org.users.r4, kind: "call", proactive: true, at: at("2026-03-19T00:00:00Z") }, // tomorrow: out
      { repId: org.users.r4, kind: "email", proactive: false, at: at("2026-03-16T00:00:00Z") }, // this Monday
      { repId: org.users.r4, kind: "meeting", proactive: true, at: at("2026-03-15T23:59:59Z") }, // last Sunday
      { repId: org.users.r4, kind: "visit", proactive: true, at: at("2026-02-17T00:00:00Z") }, // day -29: in
      { repId: org.users.r4, kind: "proposal", proactive: false, at: at("2026-02-16T23:59:59Z") }, // day -30: out of 30d
      { repId: org.users.r4, kind: "follow-up", proactive: false, at: at("2025-12-29T08:00:00Z") }, // first of 12 weeks
      { repId: org.users.r4, kind: "next-step", proactive: true, at: at("2025-12-28T08:00:00Z") }, // before them
    ]);

    // r1, r2, r3: 600 random rows from December to after "now", then some edits and deletes
    // so the aggregate has been through every trigger path.
    const random = lcg(42);
    const reps = [org.users.r1, org.users.r2, org.users.r3];
    const start = Date.parse("2025-12-01T00:00:00Z");
    const end = Date.parse("2026-03-25T00:00:00Z");
    await store.db.insert(activities).values(
      Array.from({ length: 600 }, (_, i) => ({
        externalId: `a${i}`,
        repId: reps[Math.floor(random() * reps.length)]!,
        kind: ACTIVITY_KINDS[Math.floor(random() * ACTIVITY_KINDS.length)]!,
        proactive: random() < 0.6,
        at: new Date(start + Math.floor(random() * (end - start))),
      })),
    );
    await store.db.update(activities).set({ proactive: false }).where(and(eq(activities.kind, "visit"), isNotNull(activities.externalId)));
    await store.db.delete(activities).where(and(eq(activities.kind, "next-step"), isNotNull(activities.externalId)));

    const stageId = async (name: string) => (await store.db.select().from(stages).where(eq(stages.name, name)))[0]!.id;
    const [discovery, won, lost] = [await stageId("Discovery"), await stageId("Won"), await stageId("Lost")];
    await store.db.insert(opportunities).values([
      { externalId: "o1", ownerId: org.users.r1, stageId: discovery, outcome: "open", valueCents: 100_050 },
      { externalId: "o2", ownerId: org.users.r1, stageId: discovery, outcome: "open", valueCents: null },
      { externalId: "o3", ownerId: org.users.r1, stageId: discovery, outcome: "open", valueCents: 25_000 },
      { externalId: "o4", ownerId: org.users.r1, stageId: won, outcome: "won", valueCents: 500_000, closedAt: NOW },
      { externalId: "o5", ownerId: org.users.r1, stageId: lost, outcome: "lost", valueCents: 70_000, closedAt: NOW },
      { externalId: "o6", ownerId: org.users.r2, stageId: won, outcome: "won", valueCents: 1_000, closedAt: NOW },
    ]);
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const rep = async (id: number): Promise<RepSummary> => {
    const res = await app.inject({ url: `/api/v1/reps/${id}`, headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    return res.json().rep;
  };

  it("counts the window edges as documented", async () => {
    const r4 = await rep(org.users.r4);
    expect(r4.activity30d).toEqual({
      total: 4,
      proactive: 3,
      reactive: 1,
      byKind: { call: 1, email: 1, meeting: 1, visit: 1, proposal: 0, "follow-up": 0, "next-step": 0, "opportunity-created": 0 },
    });
    expect(r4.weekly).toHaveLength(12);
    expect(r4.weekly[0]).toEqual({ weekStart: "2025-12-29", proactive: 0, reactive: 1 });
    expect(r4.weekly[11]).toEqual({ weekStart: "2026-03-16", proactive: 1, reactive: 1 });
    expect(r4.weekly[10]).toEqual({ weekStart: "2026-03-09", proactive: 1, reactive: 0 });
    expect(r4.weekly[7]).toEqual({ weekStart: "2026-02-16", proactive: 1, reactive: 1 }); // Tuesday visit + Monday proposal
    expect(r4.weekly.filter((w) => w.proactive + w.reactive > 0)).toHaveLength(4);
    expect(r4.openPipeline).toEqual({ count: 0, value: 0 });
  });

  it("sums open pipeline in major units, counting a deal without a value", async () => {
    expect((await rep(org.users.r1)).openPipeline).toEqual({ count: 3, value: 1250.5 });
    expect((await rep(org.users.r2)).openPipeline).toEqual({ count: 0, value: 0 });
  });

  it("flags who is out of office now", async () => {
    expect((await rep(org.users.r2)).outOfOffice).toBe(true);
    expect((await rep(org.users.r1)).outOfOffice).toBe(false);
  });

  it("matches an independent count of the raw activities for every rep", async () => {
    const raw = await store.db.select().from(activities);
    const today = utcDay(NOW);
    const from30 = utcDay(new Date(NOW.getTime() - 29 * DAY));
    const firstWeek = utcDay(new Date(Date.parse(mondayOf(NOW)) - 11 * 7 * DAY));
    for (const id of [org.users.r1, org.users.r2, org.users.r3, org.users.r4]) {
      const mine = raw.filter((a) => a.repId === id && utcDay(a.at) <= today);
      const in30 = mine.filter((a) => utcDay(a.at) >= from30);
      const byKind = Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, in30.filter((a) => a.kind === k).length])) as Record<ActivityKind, number>;
      const weeks = new Map<string, { proactive: number; reactive: number }>();
      for (const a of mine.filter((x) => utcDay(x.at) >= firstWeek)) {
        const w = weeks.get(mondayOf(a.at)) ?? { proactive: 0, reactive: 0 };
        if (a.proactive) w.proactive++;
        else w.reactive++;
        weeks.set(mondayOf(a.at), w);
      }
      const summary = await rep(id);
      expect(summary.activity30d).toEqual({
        total: in30.length,
        proactive: in30.filter((a) => a.proactive).length,
        reactive: in30.filter((a) => !a.proactive).length,
        byKind,
      });
      expect(summary.weekly.map((w) => w.weekStart)).toEqual(
        Array.from({ length: 12 }, (_, i) => utcDay(new Date(Date.parse(firstWeek) + i * 7 * DAY))),
      );
      for (const w of summary.weekly) expect(w, w.weekStart).toEqual({ weekStart: w.weekStart, ...(weeks.get(w.weekStart) ?? { proactive: 0, reactive: 0 }) });
      expect(summary.activity30d.total).toBeGreaterThan(0);
    }
  });

  it("gives the same summaries on the team page", async () => {
    const res = await app.inject({ url: `/api/v1/teams/${org.teams.east}`, headers: { cookie: admin } });
    const fromTeam = res.json().reps.find((r: RepSummary) => r.id === org.users.r1);
    const { teamId: _t, teamName: _n, managerName: _m, ...alone } = (await rep(org.users.r1)) as RepSummary & Record<string, unknown>;
    expect(fromTeam).toEqual(alone);
  });
});
