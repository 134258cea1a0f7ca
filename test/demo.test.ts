import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { verifyPassword } from "../src/auth/password.js";
import {
  createRandom,
  generateDemo,
  isStoreEmpty,
  LARGE_DEAL_CENTS,
  loadDemo,
  REGIONS,
  STAGE_NAMES,
  targetActivityCount,
  type DemoActivity,
  type DemoData,
  type DemoOpportunity,
  type DemoSummary,
} from "../src/demo/index.js";
import { query, sql, type Store } from "../src/store/db.js";
import { reclassify } from "../src/store/cadence/updates.js";
import { meta, teams, users } from "../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "./support/stores.js";

const NOW = new Date("2026-11-25T14:30:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The default demo (activities are lazy: building it without them is cheap). */
const full = generateDemo({ seed: 42, reps: 18, months: 12, now: NOW });
/** A small one whose activities are streamed in tests. */
const small = generateDemo({ seed: 42, reps: 6, months: 2, now: NOW });
const smallActivities = [...small.activities()];

const repsOf = (data: DemoData) => data.users.filter((u) => u.role === "rep");
const abilityOf = (data: DemoData) => new Map(repsOf(data).map((u) => [u.name, u.archetype!.ability]));
const styleOf = (data: DemoData) => new Map(repsOf(data).map((u) => [u.name, u.archetype!.style]));
const t = (d: Date | null) => d?.getTime() ?? null;

function rate(pairs: [number, number][]): number {
  const [hits, all] = pairs.reduce(([h, a], [x, y]) => [h + x, a + y], [0, 0]);
  return all === 0 ? 0 : hits / all;
}

function checkOpportunityInvariants(data: DemoData, opp: DemoOpportunity): void {
  const now = data.options.now.getTime();
  const start = data.windowStart.getTime();
  const created = opp.createdOn.getTime();
  expect(created).toBeGreaterThanOrEqual(start);
  expect(created).toBeLessThanOrEqual(now);
  if (opp.engagedAt) expect(opp.engagedAt.getTime()).toBeGreaterThanOrEqual(created);
  expect(opp.stageChangedAt.getTime()).toBeGreaterThanOrEqual(created);
  expect(opp.stageChangedAt.getTime()).toBeLessThanOrEqual(now);
  if (opp.outcome === "open") {
    expect(opp.closedAt).toBeNull();
    expect(["Won", "Lost"]).not.toContain(opp.stage);
    if (opp.engagedAt) expect(opp.engagedAt.getTime()).toBeLessThanOrEqual(opp.stageChangedAt.getTime());
  } else {
    expect(opp.stage).toBe(opp.outcome === "won" ? "Won" : "Lost");
    expect(opp.closedAt).not.toBeNull();
    expect(opp.closedAt!.getTime()).toBeLessThanOrEqual(now);
    expect(opp.closedAt!.getTime()).toBeGreaterThanOrEqual(t(opp.engagedAt) ?? created);
    expect(opp.nextStep).toBeNull();
  }
  expect(opp.valueCents).toBeGreaterThan(0);
  expect(opp.costCents).toBeGreaterThan(0);
  expect(Number.isInteger(opp.valueCents) && Number.isInteger(opp.costCents)).toBe(true);
  if (opp.discountPct !== null) expect(opp.discountPct).toBeGreaterThanOrEqual(8);
}

/** Local weekday and hour of an activity, in the rep's region's time zone. */
function localTime(data: DemoData, activity: DemoActivity): { weekday: number; hour: number } {
  const region = data.users.find((u) => u.name === activity.rep)!.regions[0];
  const offset = REGIONS.find((r) => r.name === region)!.utcOffsetHours;
  const local = new Date(activity.at.getTime() + offset * HOUR);
  return { weekday: local.getUTCDay(), hour: local.getUTCHours() + local.getUTCMinutes() / 60 };
}

describe("demo generator", () => {
  it("is deterministic: the same seed, sizes and now give identical data, activities included", () => {
    const again = generateDemo({ seed: 42, reps: 6, months: 2, now: NOW });
    const { activities: _a, activitiesOf: _b, ...plain } = again;
    const { activities: _c, activitiesOf: _d, ...expected } = small;
    expect(plain).toEqual(expected);
    expect([...again.activities()]).toEqual(smallActivities);
    // Streaming one rep gives exactly that rep's part of the whole stream.
    const rep = repsOf(small)[3]!.name;
    expect([...small.activitiesOf(rep)]).toEqual(smallActivities.filter((a) => a.rep === rep));
  });

  it("differs for a different seed", () => {
    const other = generateDemo({ seed: 43, reps: 6, months: 2, now: NOW });
    expect(other.users.map((u) => u.name)).not.toEqual(small.users.map((u) => u.name));
    expect(other.opportunities.map((o) => o.valueCents)).not.toEqual(small.opportunities.map((o) => o.valueCents));
  });

  it("builds an organisation: company, regional offices, at least 3 managed teams, 18 reps, an admin", () => {
    const salesTeams = full.teams.filter((tm) => tm.kind === "team");
    expect(salesTeams.length).toBeGreaterThanOrEqual(3);
    expect(full.teams.filter((tm) => tm.kind === "company")).toHaveLength(1);
    for (const team of full.teams.filter((tm) => tm.kind !== "company")) expect(full.teams.some((p) => p.name === team.parent)).toBe(true);
    for (const team of salesTeams) {
      const manager = full.users.find((u) => u.name === team.manager);
      expect(manager?.role).toBe("manager");
      expect(manager?.team).toBe(team.name);
      expect(full.users.some((u) => u.role === "rep" && u.team === team.name && u.manager === team.manager)).toBe(true);
    }
    expect(repsOf(full)).toHaveLength(18);
    expect(full.users.filter((u) => u.role === "admin").map((u) => u.email)).toEqual(["admin@demo.proactive"]);
    expect(new Set(full.users.map((u) => u.name)).size).toBe(full.users.length);
    expect(new Set(full.users.map((u) => u.email)).size).toBe(full.users.length);
    for (const u of full.users) expect(u.email).toMatch(/^[a-z]+(\.[a-z]+\d*)?@demo\.proactive$/);
    expect(generateDemo({ seed: 1, reps: 40, months: 1, now: NOW }).teams.filter((tm) => tm.kind === "team")).toHaveLength(7);
  });

  it("gives reps archetypes and routing attributes: both styles, all abilities, caps, out of office around now", () => {
    const archetypes = new Set(repsOf(full).map((u) => `${u.archetype!.ability} ${u.archetype!.style}`));
    expect(archetypes).toEqual(new Set(["A hunter", "A account-manager", "B hunter", "B account-manager", "C hunter", "C account-manager"]));
    for (const rep of repsOf(full)) {
      expect(rep.regions.length).toBeGreaterThan(0);
      expect(rep.segments.length).toBeGreaterThan(0);
      expect(rep.products.length).toBeGreaterThan(0);
      expect(rep.languages).toContain("en");
    }
    expect(repsOf(full).some((u) => u.capacity !== null)).toBe(true);
    const away = repsOf(full).filter((u) => u.outOfOfficeFrom);
    expect(away.length).toBeGreaterThanOrEqual(1);
    expect(away.length).toBeLessThanOrEqual(2);
    expect(away.some((u) => u.outOfOfficeFrom!.getTime() <= NOW.getTime() && u.outOfOfficeTo!.getTime() >= NOW.getTime())).toBe(true);
  });

  it("takes opportunities through every stage, with consistent dates, values and margins", () => {
    expect(new Set(full.opportunities.map((o) => o.stage))).toEqual(new Set(STAGE_NAMES));
    for (const opp of full.opportunities) checkOpportunityInvariants(full, opp);
    const accounts = new Set(full.accounts.map((a) => a.name));
    const products = new Set(full.products.map((p) => p.name));
    for (const opp of full.opportunities) {
      expect(accounts.has(opp.account)).toBe(true);
      expect(products.has(opp.product)).toBe(true);
    }
    expect(new Set(full.opportunities.map((o) => o.externalId)).size).toBe(full.opportunities.length);
    const open = full.opportunities.filter((o) => o.outcome === "open");
    expect(open.some((o) => o.nextStep) && open.some((o) => !o.nextStep)).toBe(true);
    expect(full.opportunities.some((o) => o.mutualActionPlan)).toBe(true);
    expect(full.opportunities.some((o) => o.discountPct !== null)).toBe(true);
    const large = full.opportunities.filter((o) => o.valueCents >= LARGE_DEAL_CENTS);
    expect(large.filter((o) => o.strategy).length).toBeGreaterThan(large.length / 2);
    expect(large.some((o) => !o.strategy)).toBe(true);
  });

  it("keeps invariants for any seed and size (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 3 }), (seed, reps, months) => {
        const data = generateDemo({ seed, reps, months, now: NOW });
        expect(repsOf(data)).toHaveLength(reps);
        for (const opp of data.opportunities) checkOpportunityInvariants(data, opp);
        expect(data.quotas).toHaveLength(reps * (months + 2));
      }),
      { numRuns: 25 },
    );
  });

  it("A reps win a larger share of their closed deals than C reps", () => {
    const ability = abilityOf(full);
    const winRate = (level: string) =>
      rate(
        full.opportunities
          .filter((o) => o.outcome !== "open" && ability.get(o.owner) === level)
          .map((o): [number, number] => [o.outcome === "won" ? 1 : 0, 1]),
      );
    expect(winRate("A")).toBeGreaterThan(winRate("B"));
    expect(winRate("B")).toBeGreaterThan(winRate("C"));
    expect(winRate("A")).toBeGreaterThan(0.35);
    expect(winRate("C")).toBeLessThan(0.25);
  });

  it("sizes monthly quotas so A reps attain about 110%, B 85%, C 55%", () => {
    const ability = abilityOf(full);
    const current = NOW.toISOString().slice(0, 7);
    for (const rep of repsOf(full)) {
      const quotas = full.quotas.filter((q) => q.rep === rep.name);
      expect(quotas).toHaveLength(14);
      expect(quotas.map((q) => q.period)).toContain(current);
      expect(quotas.at(-1)!.period).toBe("2026-12");
      expect(quotas[0]!.period).toBe("2025-11");
      for (const q of quotas) {
        expect(q.period).toMatch(/^\d{4}-\d{2}$/);
        expect(q.periodStart).toBe(`${q.period}-01`);
        expect(q.amountCents).toBeGreaterThan(0);
      }
    }
    const attainment = (level: string) => {
      const reps = repsOf(full).filter((u) => ability.get(u.name) === level);
      const won = full.opportunities.filter((o) => o.outcome === "won" && reps.some((r) => r.name === o.owner)).reduce((s, o) => s + o.valueCents, 0);
      const quota = reps.reduce((s, r) => s + full.quotas.find((q) => q.rep === r.name)!.amountCents * 12, 0);
      return won / quota;
    };
    expect(attainment("A")).toBeCloseTo(1.1, 1);
    expect(attainment("B")).toBeCloseTo(0.85, 1);
    expect(attainment("C")).toBeCloseTo(0.55, 1);
  });

  it("streams about 100,000 activities per 18 reps × 12 months, scaled linearly", () => {
    expect(targetActivityCount(18, 12)).toBe(100_000);
    expect(targetActivityCount(36, 6)).toBe(100_000);
    expect(targetActivityCount(1000, 3)).toBe(Math.round((100_000 * 1000 * 3) / (18 * 12)));
    expect(small.targetActivities).toBe(targetActivityCount(6, 2));
    expect(smallActivities.length).toBeGreaterThan(small.targetActivities * 0.85);
    expect(smallActivities.length).toBeLessThan(small.targetActivities * 1.15);
  });

  it("places activities on weekdays in working hours, inside the window, linked to the rep's own deals", () => {
    const start = small.windowStart.getTime();
    const owners = new Map(small.opportunities.map((o) => [o.externalId, o.owner]));
    const accounts = new Set(small.accounts.map((a) => a.name));
    for (const a of smallActivities) {
      expect(a.at.getTime()).toBeGreaterThanOrEqual(start);
      expect(a.at.getTime()).toBeLessThanOrEqual(NOW.getTime());
      const { weekday, hour } = localTime(small, a);
      expect(weekday).toBeGreaterThanOrEqual(1);
      expect(weekday).toBeLessThanOrEqual(5);
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(18);
      if (a.opportunity) expect(owners.get(a.opportunity)).toBe(a.rep);
      if (a.account) expect(accounts.has(a.account)).toBe(true);
    }
    expect(new Set(smallActivities.map((a) => a.kind)).size).toBe(8);
    expect(smallActivities.filter((a) => a.kind === "opportunity-created")).toHaveLength(small.opportunities.length);
  });

  it("records field visits with a place and a check-out after the check-in", () => {
    const visits = smallActivities.filter((a) => a.kind === "visit");
    expect(visits.length).toBeGreaterThan(0);
    for (const v of visits) {
      expect(v.latitude).toBeTypeOf("number");
      expect(v.longitude).toBeTypeOf("number");
      if (v.checkOutAt) expect(v.checkOutAt.getTime()).toBe(v.at.getTime() + v.durationMinutes! * 60_000);
      else expect(v.at.getTime() + v.durationMinutes! * 60_000).toBeGreaterThan(NOW.getTime());
    }
  });

  it("makes hunters more proactive than account managers", () => {
    const style = styleOf(small);
    const share = (s: string) => rate(smallActivities.filter((a) => style.get(a.rep) === s).map((a): [number, number] => [a.proactive ? 1 : 0, 1]));
    expect(share("hunter")).toBeGreaterThan(0.5);
    expect(share("account-manager")).toBeLessThan(0.35);
    const created = (s: string) => small.opportunities.filter((o) => style.get(o.owner) === s).length;
    expect(created("hunter")).toBeGreaterThan(created("account-manager") * 1.5);
  });

  it("has A reps follow up meetings within 24 hours, and C reps mostly not", () => {
    const ability = abilityOf(small);
    const byRep = new Map<string, DemoActivity[]>();
    for (const a of smallActivities) byRep.set(a.rep, [...(byRep.get(a.rep) ?? []), a]);
    const fastShare = (level: string) =>
      rate(
        smallActivities
          .filter((a) => a.kind === "meeting" && ability.get(a.rep) === level && a.at.getTime() < NOW.getTime() - 2 * DAY)
          .map((m): [number, number] => {
            const followed = byRep
              .get(m.rep)!
              .some(
                (f) =>
                  f.kind === "follow-up" &&
                  f.account === m.account &&
                  f.opportunity === m.opportunity &&
                  f.at > m.at &&
                  f.at.getTime() - m.at.getTime() <= 24 * HOUR,
              );
            return [followed ? 1 : 0, 1];
          }),
      );
    expect(fastShare("A")).toBeGreaterThan(0.6);
    expect(fastShare("C")).toBeLessThan(0.2);
  });

  it("keeps reps out of office idle while away", () => {
    for (const rep of repsOf(small).filter((u) => u.outOfOfficeFrom)) {
      const from = rep.outOfOfficeFrom!.getTime();
      const to = rep.outOfOfficeTo!.getTime();
      expect(smallActivities.filter((a) => a.rep === rep.name && a.at.getTime() >= from && a.at.getTime() <= to)).toEqual([]);
    }
  });

  it("queues a few hundred recent, new, unassigned inbound leads", () => {
    expect(full.leads.length).toBe(300);
    const teamNames = new Set(full.teams.filter((tm) => tm.kind === "team").map((tm) => tm.name));
    for (const lead of full.leads) {
      expect(lead.status).toBe("new");
      expect(teamNames.has(lead.team)).toBe(true);
      expect(lead.arrivedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(lead.arrivedAt.getTime()).toBeGreaterThan(NOW.getTime() - 10 * DAY);
      expect(lead.region && lead.language && lead.segment && lead.source && lead.product).toBeTruthy();
    }
    expect(new Set(full.leads.map((l) => l.source)).size).toBeGreaterThan(3);
  });

  it("writes a few weeks of cadence: A reps speak before they are asked and keep their word more than C reps", () => {
    const now = NOW.getTime();
    const managerOf = new Map(repsOf(full).map((u) => [u.name, u.manager]));
    const owner = new Map(full.opportunities.map((o) => [o.externalId, o.owner]));
    expect(full.updates.length).toBeGreaterThan(18 * 8);
    expect(full.requests.length).toBeGreaterThan(0);
    for (const u of full.updates) {
      expect(u.at.getTime()).toBeLessThan(now);
      expect(u.at.getTime()).toBeGreaterThan(now - 9 * 7 * DAY);
      if (u.subject !== "rep") expect(owner.get(u.subject)).toBe(u.rep);
      expect(u.performatives.includes("promise")).toBe(u.promise !== null);
      if (u.promise) expect(u.promise.due > u.at.toISOString().slice(0, 10)).toBe(true);
      if (u.promise?.markedAt) expect(u.promise.markedAt.getTime()).toBeLessThan(now);
    }
    for (const r of full.requests) {
      expect(r.at.getTime()).toBeLessThan(now);
      expect(r.manager).toBe(managerOf.get(r.rep));
    }
    // Asked for rather than offered: a request before the rep's update on that subject, by ability.
    const ability = abilityOf(full);
    const askedShare = (a: string) => {
      const asked = full.requests.filter((r) => ability.get(r.rep) === a).length;
      const subjects = full.updates.filter((u) => ability.get(u.rep) === a).length + asked;
      return asked / subjects;
    };
    expect(askedShare("A")).toBeLessThan(askedShare("C"));
    const kept = (a: string) => rate(full.updates.filter((u) => ability.get(u.rep) === a && u.promise?.markedAt).map((u) => [u.promise!.kept ? 1 : 0, 1]));
    expect(kept("A")).toBeGreaterThan(kept("C"));
  });
});

describe("seeded random", () => {
  it("repeats its sequence for a seed and stays in range", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 50 }), (seed, min, span) => {
        const a = createRandom(seed);
        const b = createRandom(seed);
        for (let i = 0; i < 20; i++) {
          const x = a.next();
          expect(x).toBe(b.next());
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(1);
          const n = a.int(min, min + span);
          expect(b.int(min, min + span)).toBe(n);
          expect(n).toBeGreaterThanOrEqual(min);
          expect(n).toBeLessThanOrEqual(min + span);
        }
      }),
    );
  });
});

describe.each(STORE_KINDS)("demo loaded on %s", (kind) => {
  let store: Store;
  let summary: DemoSummary;
  const options = { seed: 42, reps: 6, months: 2, now: NOW };
  beforeAll(async () => {
    store = await createTestStore(kind);
    expect(await isStoreEmpty(store.db)).toBe(true);
    const phases = new Set<string>();
    summary = await loadDemo(store.db, { ...options, onProgress: (p) => phases.add(p.phase) });
    expect([...phases]).toEqual(["organisation", "opportunities", "activities", "leads"]);
  });
  afterAll(() => store?.close());

  it("writes exactly the generated rows, and activity_daily adds up to the activities", async () => {
    const count = async (table: string) =>
      (await query<{ n: number }>(store.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;
    const expected = {
      teams: small.teams.length,
      users: small.users.length,
      accounts: small.accounts.length,
      products: small.products.length,
      opportunities: small.opportunities.length,
      leads: small.leads.length,
      quotas: small.quotas.length,
      updates: small.updates.length,
      requests: small.requests.length,
      oneOnOnes: small.oneOnOnes.length,
    };
    expect(summary.counts).toMatchObject(expected);
    const tableOf: Record<string, string> = { requests: "info_requests", oneOnOnes: "one_on_ones" };
    for (const [key, n] of Object.entries(expected)) expect(await count(tableOf[key] ?? key), key).toBe(n);
    expect(await count("one_on_one_schedules")).toBe(small.schedules.length);
    // The generated activities, plus the reps' call-backs on the leads routed to them.
    const [callBacks] = await query<{ n: number }>(store.db, sql`select count(*)::int as n from activities where lead_id is not null`);
    expect(callBacks!.n).toBeGreaterThan(0);
    expect(summary.counts.activities).toBe(smallActivities.length + callBacks!.n);
    expect(await count("activities")).toBe(summary.counts.activities);
    expect(await count("routing_decisions")).toBe(summary.counts.decisions);
    // Stored as the domain classifies the whole history: nothing left to reclassify.
    const repIds = (await query<{ id: number }>(store.db, sql`select id from users where role = 'rep'`)).map((r) => Number(r.id));
    expect(await reclassify(store.db, repIds)).toEqual({ updates: 0, requests: 0 });
    const [asked] = await query<{ answered: number; notPreemptive: number }>(
      store.db,
      sql`select (select count(*)::int from info_requests where answered_by_update is not null) as answered,
                 (select count(*)::int from updates where not preemptive) as "notPreemptive"`,
    );
    expect(asked!.answered).toBeGreaterThan(0);
    expect(asked!.notPreemptive).toBeGreaterThan(0);
    const [daily] = await query<{ n: number }>(store.db, sql`select coalesce(sum(count), 0)::int as n from activity_daily`);
    expect(daily!.n).toBe(summary.counts.activities);
    expect(await isStoreEmpty(store.db)).toBe(false);
  });

  it("routes every lead as a running server would have: at its arrival, re-routing those left untouched past the SLA", async () => {
    const leads = await query<{ external_id: string; arrived_at: Date | string; status: string; initial_at: Date | string | null; decisions: number }>(
      store.db,
      sql`select l.external_id, l.arrived_at, l.status,
                 (select decided_at from routing_decisions d where d.lead_id = l.id and d.kind = 'initial') as initial_at,
                 (select count(*)::int from routing_decisions d where d.lead_id = l.id) as decisions
          from leads l order by l.id`,
    );
    expect(leads).toHaveLength(small.leads.length);
    for (const lead of leads) {
      expect(new Date(lead.initial_at!).getTime(), lead.external_id).toBe(new Date(lead.arrived_at).getTime());
      expect(["assigned", "unassigned"]).toContain(lead.status);
    }
    expect(leads.filter((l) => l.status === "assigned").length).toBeGreaterThan(leads.length * 0.8);
    // Each re-route follows the decision it replaces by at least the SLA, and that lead had no call-back.
    const reroutes = await query<{ gap_hours: number; touched_before: boolean }>(
      store.db,
      sql`select extract(epoch from (r.decided_at - p.decided_at)) / 3600 as gap_hours,
                 exists (select 1 from activities a where a.lead_id = r.lead_id and a.at < r.decided_at) as touched_before
          from routing_decisions r join routing_decisions p on p.id = r.previous_decision_id
          where r.kind = 'sla-reroute'`,
    );
    expect(reroutes.length).toBeGreaterThan(0);
    for (const r of reroutes) {
      expect(Number(r.gap_hours)).toBeGreaterThanOrEqual(24);
      expect(r.touched_before).toBe(false);
    }
    // Call-backs are reactive calls by the lead's assignee, after it was assigned, before now: no routing points.
    const [wrong] = await query<{ n: number }>(
      store.db,
      sql`select count(*)::int as n from activities a
          where a.lead_id is not null and (a.proactive or a.kind <> 'call' or a.at >= ${NOW.toISOString()}::timestamptz
            or not exists (select 1 from routing_decisions d where d.lead_id = a.lead_id and d.assignee_id = a.rep_id and d.decided_at <= a.at))`,
    );
    expect(wrong!.n).toBe(0);
  });

  it("gives every rep a weekly 1:1 and a history of held ones, with one manager slipping lately", async () => {
    const schedules = await query<{ rep_id: number; manager_id: number; is_their_manager: boolean }>(
      store.db,
      sql`select s.rep_id, s.manager_id, (u.manager_id = s.manager_id) as is_their_manager
          from one_on_one_schedules s join users u on u.id = s.rep_id`,
    );
    const reps = await query<{ n: number }>(store.db, sql`select count(*)::int as n from users where role = 'rep'`);
    expect(schedules).toHaveLength(reps[0]!.n);
    expect(schedules.every((s) => s.is_their_manager)).toBe(true);
    const [held] = await query<{ n: number; future: number }>(
      store.db,
      sql`select count(*)::int as n, count(*) filter (where held_at > ${NOW.toISOString()}::timestamptz)::int as future from one_on_ones`,
    );
    expect(held!.n).toBeGreaterThan(reps[0]!.n * 3);
    expect(held!.future).toBe(0);
  });

  it("stores the generated values under their natural keys", async () => {
    const opp = small.opportunities.find((o) => o.outcome === "won")!;
    const [row] = await query<{ value: string; closed: Date | string; owner: string; stage: string }>(
      store.db,
      sql`select o.value_cents::text as value, o.closed_at as closed, u.name as owner, s.name as stage
          from opportunities o join users u on u.id = o.owner_id join stages s on s.id = o.stage_id
          where o.external_id = ${opp.externalId}`,
    );
    expect(row).toMatchObject({ value: String(opp.valueCents), owner: opp.owner, stage: "Won" });
    expect(new Date(row!.closed).getTime()).toBe(opp.closedAt!.getTime());
    const [lonely] = await query<{ n: number }>(
      store.db,
      sql`select count(*)::int as n from users where role = 'rep' and (manager_id is null or team_id is null)`,
    );
    expect(lonely!.n).toBe(0);
    const managed = await store.db.select({ manager: teams.managerId }).from(teams).where(eq(teams.name, small.teams.find((tm) => tm.kind === "team")!.name));
    expect(managed[0]!.manager).not.toBeNull();
    const [demo] = await store.db.select().from(meta).where(eq(meta.key, "demo"));
    expect(demo!.value).toMatchObject({ seed: 42, reps: 6, months: 2, now: NOW.toISOString(), credentials: summary.credentials });
  });

  it("prints credentials that sign in, with the right roles", async () => {
    for (const role of ["admin", "manager", "rep"] as const) {
      const { email, password } = summary.credentials[role];
      const [user] = await store.db.select().from(users).where(eq(users.email, email));
      expect(user!.role).toBe(role);
      expect(await verifyPassword(password, user!.passwordHash)).toBe(true);
    }
    const [hashes] = await query<{ n: number }>(store.db, sql`select count(distinct password_hash)::int as n from users`);
    expect(hashes!.n).toBe(1);
  });
});
