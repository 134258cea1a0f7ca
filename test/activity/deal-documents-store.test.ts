/**
 * The DEAL documents KPI reads the `meeting_follow_ups` aggregate (drizzle/0012, maintained by
 * triggers on `activities`); the domain's `dealDocuments` is the reference formula. For random
 * sets of meetings and follow-ups (times on a 30-minute grid with ±1 ms jitter, so exact 24 h
 * boundaries, same timestamps and just-outside cases all occur; accounts and opportunities
 * sometimes null), the store's answer equals the formula over the same raw rows, on both stores:
 * after inserts (in one or several statements), after one statement updating many rows (moving
 * times, kinds, accounts, opportunities and reps), after deletes, and after an import that
 * upserts; the migration's backfill builds the same rows as the triggers. On PostgreSQL, a meeting and its follow-up written by concurrent transactions still
 * meet (the per-rep advisory lock).
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePeriod, type Period } from "../../src/domain/periods.js";
import { dealDocuments, type DealDocuments } from "../../src/domain/scorecards/index.js";
import type { ActivityFacts, ActivityKind } from "../../src/domain/targets/history.js";
import { importCsv } from "../../src/import/index.js";
import { MIGRATIONS_FOLDER, query, sql, type Store } from "../../src/store/db.js";
import { kpis, storedDealDocuments } from "../../src/store/kpis.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";

const HOUR = 3_600_000;
const STEP = HOUR / 2; // 48 steps = exactly 24 h
const STEPS = 150; // about three days
const BASE = Date.UTC(2025, 0, 10, 6);
const KINDS = ["meeting", "meeting", "follow-up", "follow-up", "call"] as const;

interface Gen {
  rep: number;
  kind: (typeof KINDS)[number];
  step: number;
  jitter: number;
  account: number | null;
  opportunity: number | null;
}

const subject: fc.Arbitrary<number | null> = fc.constantFrom(null, 0, 1);
const activity = fc.record({
  rep: fc.integer({ min: 0, max: 1 }),
  kind: fc.constantFrom(...KINDS),
  step: fc.integer({ min: 0, max: STEPS }),
  jitter: fc.constantFrom(0, 0, 0, 1, -1),
  account: subject,
  opportunity: subject,
  // Most rows sit right by an earlier one: same time, just inside, at or just past 24 h, before.
  near: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 1 },
    {
      arbitrary: fc.record({ to: fc.nat(), offset: fc.constantFrom(0, 0, 1, 47, 48, 48, 49, -1, -48), sameRep: fc.boolean(), sameSubject: fc.boolean() }),
      weight: 2,
    },
  ),
});
/** Random activities, most of them placed relative to an earlier one (so boundaries are hit often). */
const activities = fc.array(activity, { minLength: 1, maxLength: 40 }).map((xs) => {
  const out: Gen[] = [];
  for (const [i, x] of xs.entries()) {
    const { near, ...row } = x;
    if (near !== undefined && i > 0) {
      const other = out[near.to % i]!;
      row.step = Math.min(STEPS, Math.max(0, other.step + near.offset));
      if (near.sameRep) row.rep = other.rep;
      if (near.sameSubject) (row.account = other.account), (row.opportunity = other.opportunity);
    }
    out.push(row);
  }
  return out;
});
/** A change to one field the rule reads, of one activity (several may hit the same one). */
const change = fc.record({
  index: fc.nat(),
  set: fc.oneof(
    fc.record({ rep: fc.integer({ min: 0, max: 1 }) }),
    fc.record({ kind: fc.constantFrom(...KINDS) }),
    fc.record({ step: fc.integer({ min: 0, max: STEPS }), jitter: fc.constantFrom(0, 1, -1) }),
    fc.record({ step: fc.constantFrom(0, 1, 47, 48, 49, -1, -48), jitter: fc.constant(0), relative: fc.constant(true) }),
    fc.record({ account: subject }),
    fc.record({ opportunity: subject }),
  ),
});
const window = fc.record({ from: fc.integer({ min: -2, max: STEPS }), length: fc.integer({ min: 1, max: STEPS }) });

const at = (step: number, jitter: number) => new Date(BASE + step * STEP + jitter);
const pgArray = (xs: readonly (number | string | null)[]) => `{${xs.map((x) => (x === null ? "NULL" : `"${x}"`)).join(",")}}`;

describe.each(STORE_KINDS)("DEAL documents on %s: the meeting_follow_ups aggregate vs the domain formula", (kind) => {
  let store: Store;
  let teamId: number;
  let reps: number[];
  let accounts: number[];
  let opportunities: number[];

  beforeAll(async () => {
    store = await createTestStore(kind);
    const [team] = await query<{ id: number }>(store.db, sql`insert into teams (name) values ('Deal Docs') returning id`);
    teamId = Number(team!.id);
    reps = (
      await query<{ id: number }>(
        store.db,
        sql`insert into users (name, role, team_id) select 'Deal Rep ' || g, 'rep', ${teamId} from generate_series(1, 2) g order by g returning id`,
      )
    ).map((r) => Number(r.id));
    accounts = (
      await query<{ id: number }>(store.db, sql`insert into accounts (name) select 'Deal Account ' || g from generate_series(1, 2) g order by g returning id`)
    ).map((r) => Number(r.id));
    const [stage] = await query<{ id: number }>(store.db, sql`select id from stages where name = 'Prospecting'`);
    opportunities = (
      await query<{ id: number }>(
        store.db,
        sql`insert into opportunities (external_id, owner_id, stage_id)
            select 'DEAL-' || g, ${reps[0]!}, ${stage!.id} from generate_series(1, 2) g order by g returning id`,
      )
    ).map((r) => Number(r.id));
  });
  afterAll(() => store?.close());

  const ref = (ids: number[], i: number | null) => (i === null ? null : ids[i]!);

  async function insert(rows: readonly Gen[]): Promise<void> {
    if (rows.length === 0) return;
    await query(
      store.db,
      sql`insert into activities (rep_id, kind, proactive, at, account_id, opportunity_id)
          select u.rep_id, u.kind, false, u.at, u.account_id, u.opportunity_id
          from unnest(${pgArray(rows.map((r) => reps[r.rep]!))}::int[], ${pgArray(rows.map((r) => r.kind))}::text[],
                      ${pgArray(rows.map((r) => at(r.step, r.jitter).toISOString()))}::timestamptz[],
                      ${pgArray(rows.map((r) => ref(accounts, r.account)))}::int[],
                      ${pgArray(rows.map((r) => ref(opportunities, r.opportunity)))}::bigint[])
               as u(rep_id, kind, at, account_id, opportunity_id)`,
    );
  }

  /** The raw rows, as the domain formula reads them. */
  async function facts(): Promise<(ActivityFacts & { id: number })[]> {
    const rows = await query<{ id: string; rep_id: number; kind: ActivityKind; ms: number; account_id: number | null; opportunity_id: string | null }>(
      store.db,
      sql`select id, rep_id, kind, (extract(epoch from at) * 1000)::float8 as ms, account_id, opportunity_id from activities order by id`,
    );
    return rows.map((r) => ({
      id: Number(r.id),
      repId: Number(r.rep_id),
      kind: r.kind,
      proactive: false,
      at: new Date(Number(r.ms)),
      accountId: r.account_id === null ? null : Number(r.account_id),
      opportunityId: r.opportunity_id === null ? null : Number(r.opportunity_id),
    }));
  }

  function expectSame(actual: DealDocuments, expected: DealDocuments, label: string): void {
    expect({ ...actual, medianDelayHours: null }, label).toEqual({ ...expected, medianDelayHours: null });
    if (expected.medianDelayHours === null) expect(actual.medianDelayHours, label).toBeNull();
    else expect(Math.abs(actual.medianDelayHours! - expected.medianDelayHours), label).toBeLessThan(1e-9);
  }

  /** The store's KPI equals the formula for each window and each set of reps; one aggregate row per meeting. */
  async function expectAgrees(windows: readonly { from: number; length: number }[], phase: string): Promise<void> {
    const all = await facts();
    const periods: Period[] = [
      { ...parsePeriod("2025-01"), start: new Date(BASE - 2 * 24 * HOUR), end: new Date(BASE + 10 * 24 * HOUR) },
      ...windows.map((w) => ({ ...parsePeriod("2025-01"), start: at(w.from, 0), end: at(w.from + w.length, 0) })),
    ];
    for (const period of periods) {
      for (const scope of [reps, [reps[0]!], [reps[1]!]]) {
        const expected = dealDocuments(all.filter((a) => scope.includes(a.repId)), period);
        const actual = await storedDealDocuments(store.db, scope, period);
        expectSame(actual, expected, `${phase}: reps ${scope.join(",")} in [${period.start.toISOString()}, ${period.end.toISOString()})`);
      }
    }
    const stored = await query<{ activity_id: string; rep_id: number; ms: number; account_id: number | null; opportunity_id: string | null }>(
      store.db,
      sql`select activity_id, rep_id, (extract(epoch from at) * 1000)::float8 as ms, account_id, opportunity_id from meeting_follow_ups order by activity_id`,
    );
    expect(
      stored.map((r) => [Number(r.activity_id), Number(r.rep_id), Number(r.ms), r.account_id === null ? null : Number(r.account_id), r.opportunity_id === null ? null : Number(r.opportunity_id)]),
      `${phase}: one aggregate row per meeting`,
    ).toEqual(all.filter((a) => a.kind === "meeting").map((a) => [a.id, a.repId, a.at.getTime(), a.accountId, a.opportunityId]));
  }

  /** The migration's backfill (what an existing store gets) builds the same rows as the triggers. */
  async function expectBackfillAgrees(): Promise<void> {
    const snapshot = sql`select activity_id::text, rep_id, at::text, account_id, opportunity_id::text, delay_ms::text from meeting_follow_ups order by activity_id`;
    const maintained = await query(store.db, snapshot);
    const migration = fs.readFileSync(path.join(MIGRATIONS_FOLDER, "0012_meeting_follow_ups.sql"), "utf8");
    const backfill = migration.split("--> statement-breakpoint").at(-1)!;
    expect(backfill).toMatch(/^\s*-- Existing stores[^]*INSERT INTO meeting_follow_ups/);
    await store.db.transaction(async (tx) => {
      await query(tx as never, sql`delete from meeting_follow_ups`);
      await query(tx as never, sql.raw(backfill));
    });
    expect(await query(store.db, snapshot), "backfill").toEqual(maintained);
  }

  it("agrees after inserts, a many-row update and deletes, for random activity sets", async () => {
    await fc.assert(
      fc.asyncProperty(
        activities,
        fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
        fc.array(change, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.array(window, { minLength: 2, maxLength: 3 }),
        async (rows, cuts, changes, deletions, windows) => {
          await query(store.db, sql`delete from activities`);
          // One, two or three insert statements: meetings and their follow-ups arrive together or apart.
          const bounds = [...new Set(cuts.map((c) => c % rows.length))].sort((a, b) => a - b);
          let from = 0;
          for (const cut of [...bounds, rows.length]) {
            await insert(rows.slice(from, cut));
            from = Math.max(from, cut);
          }
          await expectAgrees(windows, "after inserts");

          // One statement changing many rows at once (the changes to one row merged).
          const current = await facts();
          const ids = current.map((a) => a.id);
          const updates = new Map<number, { id: number; rep: number; kind: string; at: Date; account: number | null; opportunity: number | null }>();
          for (const { index, set } of changes) {
            const a = current[index % current.length]!;
            const row = updates.get(a.id) ?? { id: a.id, rep: a.repId, kind: a.kind, at: a.at, account: a.accountId ?? null, opportunity: a.opportunityId ?? null };
            if ("rep" in set) row.rep = reps[set.rep]!;
            if ("kind" in set) row.kind = set.kind;
            if ("step" in set) row.at = "relative" in set ? new Date(row.at.getTime() + set.step * STEP) : at(set.step, set.jitter);
            if ("account" in set) row.account = ref(accounts, set.account);
            if ("opportunity" in set) row.opportunity = ref(opportunities, set.opportunity);
            updates.set(a.id, row);
          }
          if (updates.size > 0) {
            const rowsOut = [...updates.values()];
            await query(
              store.db,
              sql`update activities a set rep_id = u.rep_id, kind = u.kind, at = u.at, account_id = u.account_id, opportunity_id = u.opportunity_id
                  from unnest(${pgArray(rowsOut.map((r) => r.id))}::bigint[], ${pgArray(rowsOut.map((r) => r.rep))}::int[],
                              ${pgArray(rowsOut.map((r) => r.kind))}::text[], ${pgArray(rowsOut.map((r) => r.at.toISOString()))}::timestamptz[],
                              ${pgArray(rowsOut.map((r) => r.account))}::int[], ${pgArray(rowsOut.map((r) => r.opportunity))}::bigint[])
                       as u(id, rep_id, kind, at, account_id, opportunity_id)
                  where a.id = u.id`,
            );
            await expectAgrees(windows, "after updates");
          }

          const gone = [...new Set(deletions.map((d) => ids[d % ids.length]!))];
          if (gone.length > 0) {
            await query(store.db, sql`delete from activities where id = any(${pgArray(gone)}::bigint[])`);
            await expectAgrees(windows, "after deletes");
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it("agrees after an import that creates, then one that upserts (moves, re-kinds and re-links rows)", async () => {
    await query(store.db, sql`delete from activities`);
    const names = { rep: ["Deal Rep 1", "Deal Rep 2"], account: ["Deal Account 1", "Deal Account 2"], opportunity: ["DEAL-1", "DEAL-2"] };
    const random = (() => {
      let s = kind === "pglite" ? 3 : 5;
      return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    })();
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const line = (i: number) =>
      [
        `DD${i}`,
        pick(names.rep),
        pick(KINDS),
        at(Math.floor(random() * STEPS), pick([0, 0, 1, -1])).toISOString(),
        random() < 0.3 ? "" : pick(names.account),
        random() < 0.6 ? "" : pick(names.opportunity),
      ].join(",");
    const header = "externalId,rep,kind,at,account,opportunity";
    const first = [header, ...Array.from({ length: 300 }, (_, i) => line(i))].join("\n");
    const created = await importCsv(store.db, "activities", first);
    expect(created.created).toBe(300);
    await expectAgrees([{ from: 10, length: 48 }, { from: 60, length: 30 }], "after an import");
    // Every third row changes (time, kind, account, opportunity); the others are unchanged.
    const second = [header, ...first.split("\n").slice(1).map((l, i) => (i % 3 === 0 ? line(i) : l))].join("\n");
    const upserted = await importCsv(store.db, "activities", second);
    expect(upserted.created).toBe(0);
    expect(upserted.updated).toBeGreaterThan(50);
    await expectAgrees([{ from: 10, length: 48 }, { from: 60, length: 30 }], "after an upserting import");

    await expectBackfillAgrees();
  });

  it("gives the KPI its dealDocuments: the 24 h boundary, same-time follow-ups and subjectless meetings, whatever the write order", async () => {
    const [a, b] = accounts as [number, number];
    const [o] = opportunities as [number];
    const t = (h: number, ms = 0) => new Date(Date.UTC(2025, 1, 3, 9) + h * HOUR + ms).toISOString();
    const [r1, r2] = reps as [number, number];
    type Row = [rep: number, kind: "meeting" | "follow-up", at: string, account: number | null, opportunity: number | null];
    const rows: Row[] = [
      [r1, "meeting", t(0), a, null], // followed up exactly 24 h later
      [r1, "follow-up", t(24), a, null],
      [r1, "meeting", t(48), null, o], // followed up at its own timestamp, on the opportunity
      [r1, "follow-up", t(48), b, o],
      [r1, "meeting", t(72), b, null], // 1 ms too late
      [r1, "follow-up", t(96, 1), b, null],
      [r2, "meeting", t(100), null, null], // no subject: never followed up
      [r2, "follow-up", t(101), null, null],
      [r2, "meeting", t(120), a, null], // another rep's follow-up does not count
      [r1, "follow-up", t(121), a, null],
      [r1, "meeting", t(200), a, null], // the earliest of two follow-ups counts: 1 h
      [r1, "follow-up", t(224), a, null],
      [r1, "follow-up", t(201), a, null],
    ];
    const insert = (batch: Row[]) =>
      batch.length === 0
        ? Promise.resolve()
        : query(
            store.db,
            sql`insert into activities (rep_id, kind, proactive, at, account_id, opportunity_id) values ${sql.join(
              batch.map(([rep, k, at, account, opportunity]) => sql`(${rep}, ${k}, false, ${at}::timestamptz, ${account}::int, ${opportunity}::bigint)`),
              sql`, `,
            )}`,
          );
    const period = parsePeriod("2025-02");
    const kpi = async () =>
      (await kpis(store.db, { scope: { kind: "team", teamId, name: "Deal Docs" }, period, now: new Date(Date.UTC(2025, 2, 15)) })).dealDocuments;
    const meetings = rows.filter((r) => r[1] === "meeting");
    const followUps = rows.filter((r) => r[1] === "follow-up");
    for (const [order, batches] of [
      ["one statement", [rows]],
      ["meetings first", [meetings, followUps]],
      ["follow-ups first", [followUps, meetings]],
      ["one row at a time, newest first", [...rows].reverse().map((r) => [r])],
    ] as const) {
      await query(store.db, sql`delete from activities`);
      for (const batch of batches) await insert([...batch]);
      expect(await kpi(), order).toEqual({ meetings: 6, followedUp: 3, share: 0.5, medianDelayHours: 1 });
    }
    await expectBackfillAgrees();
    // Moving the exact-24 h follow-up 1 ms later loses its meeting; moving it back regains it.
    await query(store.db, sql`update activities set at = at + interval '1 millisecond' where kind = 'follow-up' and at = ${t(24)}::timestamptz`);
    expect(await kpi()).toEqual({ meetings: 6, followedUp: 2, share: 2 / 6, medianDelayHours: 0.5 });
    await query(store.db, sql`update activities set at = ${t(24)}::timestamptz where kind = 'follow-up' and at = ${t(24, 1)}::timestamptz`);
    expect(await kpi()).toEqual({ meetings: 6, followedUp: 3, share: 0.5, medianDelayHours: 1 });
    // Deleting the 1 h follow-up falls back to the one 24 h after.
    await query(store.db, sql`delete from activities where kind = 'follow-up' and at = ${t(201)}::timestamptz`);
    expect(await storedDealDocuments(store.db, reps, period)).toEqual({ meetings: 6, followedUp: 3, share: 0.5, medianDelayHours: 24 });
    // A meeting that becomes a call leaves the KPI.
    await query(store.db, sql`update activities set kind = 'call' where kind = 'meeting' and at = ${t(72)}::timestamptz`);
    expect(await storedDealDocuments(store.db, reps, period)).toEqual({ meetings: 5, followedUp: 3, share: 0.6, medianDelayHours: 24 });
    // A meeting moved to another account loses its follow-up; the follow-up moving along regains
    // it; the follow-up handed to another rep loses it again.
    await query(store.db, sql`update activities set account_id = ${b} where kind = 'meeting' and at = ${t(0)}::timestamptz`);
    expect(await storedDealDocuments(store.db, reps, period)).toEqual({ meetings: 5, followedUp: 2, share: 0.4, medianDelayHours: 12 });
    await query(store.db, sql`update activities set account_id = ${b} where kind = 'follow-up' and at = ${t(24)}::timestamptz`);
    expect(await storedDealDocuments(store.db, reps, period)).toEqual({ meetings: 5, followedUp: 3, share: 0.6, medianDelayHours: 24 });
    await query(store.db, sql`update activities set rep_id = ${r2} where kind = 'follow-up' and at = ${t(24)}::timestamptz`);
    expect(await storedDealDocuments(store.db, reps, period)).toEqual({ meetings: 5, followedUp: 2, share: 0.4, medianDelayHours: 12 });
  });

  // Across a month (and day) boundary, so no aggregate row of 0001/0008 is shared by the two
  // writers and only the per-rep advisory lock orders them.
  it.runIf(kind === "postgres")("meets a meeting and its follow-up written by concurrent transactions", async () => {
    await query(store.db, sql`delete from activities`);
    const [rep] = reps as [number];
    const [account] = accounts as [number];
    for (const [firstKind, secondKind] of [
      ["meeting", "follow-up"],
      ["follow-up", "meeting"],
    ] as const) {
      await query(store.db, sql`delete from activities`);
      const one = await store.pool!.connect();
      const two = await store.pool!.connect();
      try {
        const insertOne = (client: typeof one, k: string) =>
          client.query("insert into activities (rep_id, kind, proactive, at, account_id) values ($1, $2, false, $3, $4)", [
            rep,
            k,
            k === "meeting" ? "2025-03-31T21:00:00Z" : "2025-04-01T02:00:00Z",
            account,
          ]);
        await one.query("begin");
        await two.query("begin");
        await insertOne(one, firstKind);
        // The second writer's trigger waits for the first transaction's per-rep lock ...
        const second = insertOne(two, secondKind);
        await new Promise((r) => setTimeout(r, 100));
        await one.query("commit");
        // ... and then sees its committed row.
        await second;
        await two.query("commit");
      } finally {
        one.release();
        two.release();
      }
      expect(await storedDealDocuments(store.db, [rep], parsePeriod("2025-03")), `${firstKind} first`).toEqual({
        meetings: 1,
        followedUp: 1,
        share: 1,
        medianDelayHours: 5,
      });
    }
  });
});
