/**
 * The scorecard counts read whole months from activity_monthly and ragged days from
 * activity_daily (src/store/activity-counts.ts). They must equal a plain count over the raw
 * activities, on both stores, for any period and any `now` (partial months included), after
 * inserts, backdated inserts, updates, deletes and an import that updates rows.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DAY_MS, parsePeriod, type Period } from "../../src/domain/periods.js";
import { METRIC_KINDS, SCORECARD_METRICS } from "../../src/domain/scorecards/index.js";
import { importCsv } from "../../src/import/index.js";
import { activityCounts, countPlan, COUNT_SLOTS, windowDays, type ActivityCount } from "../../src/store/activity-counts.js";
import { query, sql, type Store } from "../../src/store/db.js";
import { scorecardEnd, teamScorecard } from "../../src/store/scorecards.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";

const KINDS = ["call", "email", "meeting", "visit", "proposal", "follow-up", "next-step", "opportunity-created"] as const;
const SPAN = { from: Date.UTC(2024, 10, 1), to: Date.UTC(2025, 4, 1) }; // 2024-11 .. 2025-04
const PERIODS = ["2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04", "2024-Q4", "2025-Q1", "2025-Q2"];

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("countPlan", () => {
  it("covers exactly the window's days, each once, whatever the future hint", () => {
    const day = fc.integer({ min: Date.UTC(2023, 0, 1) / DAY_MS, max: Date.UTC(2026, 0, 1) / DAY_MS }).map((d) => d * DAY_MS);
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), fc.option(day), (from, length, sparse) => {
        const days = { from, to: from + length * DAY_MS };
        const plan = countPlan(days, sparse ?? undefined);
        const cover = new Map<number, number>();
        const add = (f: number, t: number, sign: number) => {
          for (let d = f; d < t; d += DAY_MS) cover.set(d, (cover.get(d) ?? 0) + sign);
        };
        if (plan.months) {
          expect(new Date(plan.months.from).getUTCDate()).toBe(1);
          expect(new Date(plan.months.to).getUTCDate()).toBe(1);
          add(plan.months.from, plan.months.to, 1);
        }
        for (const r of plan.add) add(r.from, r.to, 1);
        for (const r of plan.subtract) add(r.from, r.to, -1);
        for (const [d, n] of cover) expect(n, new Date(d).toISOString()).toBe(d >= days.from && d < days.to ? 1 : 0);
        for (let d = days.from; d < days.to; d += DAY_MS) expect(cover.get(d)).toBe(1);
      }),
      { numRuns: 200 },
    );
  });

  it("reads a running month as the month minus its (empty) future, and a past one as days", () => {
    const days = windowDays({ start: new Date("2025-07-01T00:00:00Z"), end: new Date("2025-08-20T15:00:00Z") });
    const running = countPlan(days, Date.UTC(2025, 7, 21));
    expect(running).toEqual({ months: { from: Date.UTC(2025, 6, 1), to: Date.UTC(2025, 8, 1) }, add: [], subtract: [{ from: Date.UTC(2025, 7, 21), to: Date.UTC(2025, 8, 1) }] });
    const past = countPlan(windowDays({ start: new Date("2025-07-01T00:00:00Z"), end: new Date("2025-08-04T00:00:00Z") }));
    expect(past).toEqual({ months: { from: Date.UTC(2025, 6, 1), to: Date.UTC(2025, 7, 1) }, add: [{ from: Date.UTC(2025, 7, 1), to: Date.UTC(2025, 7, 4) }], subtract: [] });
    expect(countPlan(windowDays(parsePeriod("2025-Q3")))).toEqual({ months: { from: Date.UTC(2025, 6, 1), to: Date.UTC(2025, 9, 1) }, add: [], subtract: [] });
  });
});

describe.each(STORE_KINDS)("scorecard counts on %s: aggregates vs raw activities", (kind) => {
  let store: Store;
  let teamId: number;
  let reps: { id: number; name: string }[];
  const random = prng(kind === "pglite" ? 7 : 11);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const instant = () => new Date(SPAN.from + Math.floor(random() * (SPAN.to - SPAN.from)));

  beforeAll(async () => {
    store = await createTestStore(kind);
    const [team] = await query<{ id: number }>(store.db, sql`insert into teams (name) values ('Rollup') returning id`);
    teamId = Number(team!.id);
    reps = (
      await query<{ id: number; name: string }>(
        store.db,
        sql`insert into users (name, role, team_id) select 'Rollup Rep ' || g, 'rep', ${teamId} from generate_series(1, 4) g returning id, name`,
      )
    ).map((r) => ({ id: Number(r.id), name: r.name }));
  });
  afterAll(() => store?.close());

  async function insertRandom(n: number, span = SPAN) {
    const rows = Array.from({ length: n }, () => ({
      rep: pick(reps).id,
      kind: pick(KINDS),
      proactive: random() < 0.6,
      at: new Date(span.from + Math.floor(random() * (span.to - span.from))).toISOString(),
    }));
    await query(
      store.db,
      sql`insert into activities (rep_id, kind, proactive, at)
          select * from unnest(${`{${rows.map((r) => r.rep).join(",")}}`}::int[], ${`{${rows.map((r) => r.kind).join(",")}}`}::text[],
                               ${`{${rows.map((r) => r.proactive).join(",")}}`}::bool[], ${`{${rows.map((r) => `"${r.at}"`).join(",")}}`}::timestamptz[])`,
    );
  }

  /** The plain count: raw activities on the UTC days of the window (the aggregates' grain). */
  async function rawCounts(window: { start: Date; end: Date }): Promise<Map<string, number>> {
    const days = windowDays(window);
    const rows = await query<{ rep_id: number; kind: string; proactive: boolean; n: number }>(
      store.db,
      sql`select rep_id, kind, proactive, count(*)::int as n from activities
          where rep_id = any(${`{${reps.map((r) => r.id).join(",")}}`}::int[])
            and at >= ${new Date(days.from).toISOString()}::timestamptz and at < ${new Date(days.to).toISOString()}::timestamptz
          group by 1, 2, 3`,
    );
    return new Map(rows.map((r) => [`${r.rep_id}:${r.kind}:${r.proactive}`, Number(r.n)]));
  }
  const asMap = (rows: ActivityCount[]) => new Map(rows.map((r) => [`${r.repId}:${r.kind}:${r.proactive}`, r.count]));

  async function expectMatches(samples: number) {
    // The month rollup is the sum of the days, month by month, and both are the raw rows.
    const nonZero = (rows: { key: string; n: number }[]) => new Map(rows.filter((r) => r.n !== 0).map((r) => [r.key, r.n]));
    const daysByMonth = await query<{ rep_id: number; month: string; kind: string; proactive: boolean; n: number }>(
      store.db,
      sql`select rep_id, to_char(date_trunc('month', day), 'YYYY-MM') as month, kind, proactive, sum(count)::int as n from activity_daily group by 1, 2, 3, 4`,
    );
    const rawByMonth = await query<{ rep_id: number; month: string; kind: string; proactive: boolean; n: number }>(
      store.db,
      sql`select rep_id, to_char(at at time zone 'UTC', 'YYYY-MM') as month, kind, proactive, count(*)::int as n from activities group by 1, 2, 3, 4`,
    );
    const monthly = await query<Record<string, number | string>>(store.db, sql`select rep_id, to_char(month, 'YYYY-MM') as m, * from activity_monthly`);
    const narrow = (rows: typeof daysByMonth) => nonZero(rows.map((r) => ({ key: `${r.rep_id} ${r.month} ${r.kind} ${r.proactive}`, n: Number(r.n) })));
    const fromMonthly = nonZero(monthly.flatMap((r) => COUNT_SLOTS.map((slot) => ({ key: `${r.rep_id} ${r.m} ${slot.kind} ${slot.proactive}`, n: Number(r[slot.column]) }))));
    expect(fromMonthly).toEqual(narrow(daysByMonth));
    expect(fromMonthly).toEqual(narrow(rawByMonth));
    const ids = reps.map((r) => r.id);
    for (let i = 0; i < samples; i++) {
      const period: Period = parsePeriod(pick(PERIODS));
      // now: before, inside (any instant, often mid-day) or after the period.
      const now = random() < 0.7 ? new Date(period.start.getTime() + Math.floor(random() * (period.end.getTime() - period.start.getTime()))) : instant();
      const end = scorecardEnd(period, now);
      const raw = await rawCounts({ start: period.start, end });
      const hint = random() < 0.5 ? now : random() < 0.5 ? instant() : undefined;
      const rollup = await activityCounts(store.db, ids, { start: period.start, end }, { now: hint });
      const daily = await activityCounts(store.db, ids, { start: period.start, end }, { source: "daily" });
      const context = `${period.label} now ${now.toISOString()} hint ${hint?.toISOString()}`;
      expect(asMap(rollup), context).toEqual(raw);
      expect(asMap(daily), context).toEqual(raw);

      // And the page data itself: each rep's scorecard lines are the raw counts per metric, of
      // every activity or (the team's setting) of proactive ones only.
      const proactiveOnly = random() < 0.3;
      await query(store.db, sql`delete from team_settings where team_id = ${teamId} and key = 'scorecard'`);
      if (proactiveOnly) await query(store.db, sql`insert into team_settings (team_id, key, value) values (${teamId}, 'scorecard', '{"proactiveOnly": true}'::jsonb)`);
      const card = await teamScorecard(store.db, { teamId, period, now });
      expect(card.proactiveOnly).toBe(proactiveOnly);
      const team: Record<string, number> = Object.fromEntries(SCORECARD_METRICS.map((m) => [m, 0]));
      for (const rep of card.reps) {
        for (const line of rep.lines) {
          const expected = METRIC_KINDS[line.metric].reduce(
            (s, k) => s + (raw.get(`${rep.repId}:${k}:true`) ?? 0) + (proactiveOnly ? 0 : (raw.get(`${rep.repId}:${k}:false`) ?? 0)),
            0,
          );
          expect(line.actual, `${context} proactiveOnly ${proactiveOnly} rep ${rep.repId} ${line.metric}`).toBe(expected);
          team[line.metric] = team[line.metric]! + expected;
        }
      }
      expect(Object.fromEntries(card.team.lines.map((l) => [l.metric, l.actual]))).toEqual(team);
    }
  }

  it("match after bulk inserts", async () => {
    await insertRandom(1500);
    await expectMatches(25);
  });

  it("match after backdated inserts, one row at a time and in bulk", async () => {
    for (let i = 0; i < 10; i++) await insertRandom(1, { from: SPAN.from, to: SPAN.from + 40 * DAY_MS });
    await insertRandom(300, { from: SPAN.from, to: SPAN.from + 100 * DAY_MS });
    // Exactly at month and day boundaries.
    await query(
      store.db,
      sql`insert into activities (rep_id, kind, proactive, at) values
          (${reps[0]!.id}, 'call', true, '2025-02-01T00:00:00Z'), (${reps[0]!.id}, 'call', true, '2025-01-31T23:59:59.999Z'),
          (${reps[1]!.id}, 'meeting', false, '2025-03-01T00:00:00Z'), (${reps[1]!.id}, 'meeting', false, '2025-02-28T23:59:59.999Z')`,
    );
    await expectMatches(25);
  });

  it("match after updates that move activities across days, months, reps, kinds and flags", async () => {
    const ids = `{${reps.map((r) => r.id).join(",")}}`;
    await query(store.db, sql`update activities set at = at - interval '17 days' where id % 7 = 0 and rep_id = any(${ids}::int[])`);
    await query(store.db, sql`update activities set at = at + interval '40 days 3 hours' where id % 11 = 0 and at < '2025-03-01' and rep_id = any(${ids}::int[])`);
    await query(store.db, sql`update activities set kind = 'proposal', proactive = not proactive where id % 5 = 0 and rep_id = any(${ids}::int[])`);
    await query(store.db, sql`update activities set rep_id = ${reps[3]!.id} where id % 13 = 0 and rep_id = any(${ids}::int[])`);
    await expectMatches(25);
  });

  it("match after deletes", async () => {
    const ids = `{${reps.map((r) => r.id).join(",")}}`;
    await query(store.db, sql`delete from activities where id % 3 = 0 and rep_id = any(${ids}::int[])`);
    await query(store.db, sql`delete from activities where rep_id = ${reps[2]!.id} and at >= '2025-01-01' and at < '2025-02-01'`);
    await expectMatches(25);
  });

  it("match after an import that creates, then moves, activities", async () => {
    const csv = (shift: number) =>
      [
        "externalId,rep,kind,proactive,at",
        ...Array.from({ length: 60 }, (_, i) => {
          const at = new Date(Date.UTC(2025, 0, 1) + (i * 2.5 + shift) * DAY_MS + i * 3_600_000);
          return `ROLL-${i},${reps[i % reps.length]!.name},${KINDS[i % KINDS.length]},${i % 2 === 0},${at.toISOString()}`;
        }),
      ].join("\n");
    expect(await importCsv(store.db, "activities", csv(0))).toMatchObject({ created: 60, rejected: 0 });
    expect(await importCsv(store.db, "activities", csv(9))).toMatchObject({ updated: 60, rejected: 0 });
    await expectMatches(25);
  });
});
