/**
 * Team scorecard page data (GET /teams/:id/scorecard) for a 1,000-rep organisation with
 * BENCH_SCORECARD_ACTIVITIES activities (default 20,000,000) over the year up to NOW, on
 * PostgreSQL and PGlite: a past quarter (whole months, all from activity_monthly) and the
 * running quarter as of NOW (two whole months and the days of the third so far). Beside it,
 * in the same run: the same page data read from activity_daily alone (how it was read before
 * activity_monthly), and a plain GROUP BY over the raw activities table for the same reps and
 * quarter (what the aggregates save). Rows are generated in SQL with generate_series, in
 * chunks, through the aggregate triggers like any insert. Target: p95 under 100 ms.
 * BENCH_SCORECARD_STORES=postgres (or pglite) runs one store only.
 */
import os from "node:os";
import { parsePeriod, type Period } from "../src/domain/periods.js";
import { query, sql, type Store } from "../src/store/db.js";
import { scorecardEnd, teamScorecard } from "../src/store/scorecards.js";
import type { Bench } from "./run.js";
import { fmt, machineLine, median, percentile, table, writeSection } from "./report.js";
import { freshStore } from "./stores.js";

const ACTIVITIES = Number(process.env.BENCH_SCORECARD_ACTIVITIES ?? 20_000_000);
const STORES = (process.env.BENCH_SCORECARD_STORES ?? "postgres,pglite").split(",") as Kind[];
const RUNS = Number(process.env.BENCH_SCORECARD_RUNS ?? 30);
const REPS = 1000;
const TEAMS = 50;
const CHUNK = 1_000_000;
const RAW_RUNS = Number(process.env.BENCH_SCORECARD_RAW_RUNS ?? 3);
/** Page loads before timing, as a running server has had (JIT, caches). */
const WARM_UP = 5;
/** History runs from 2025-01-01 up to NOW, like a store in use: nothing is logged ahead. */
const HISTORY_START = new Date("2025-01-01T00:00:00Z");
const NOW = new Date("2025-12-17T12:00:00Z");
const PERIODS = [
  { label: "2025-Q3 (past)", period: parsePeriod("2025-Q3") },
  { label: "2025-Q4 (running, as of Dec 17 12:00)", period: parsePeriod("2025-Q4") },
];

type Kind = "pglite" | "postgres";

/** A company of 50 teams of 20 reps, and `ACTIVITIES` activities spread evenly from 2025-01-01 to NOW. */
async function seed(store: Store): Promise<{ company: number; team: number; seconds: number }> {
  const started = performance.now();
  const db = store.db;
  await query(db, sql`insert into teams (name) values ('Company')`);
  await query(db, sql`insert into teams (name, parent_id) select 'Team ' || g, (select id from teams where name = 'Company') from generate_series(1, ${TEAMS}) g`);
  await query(
    db,
    sql`insert into users (name, role, team_id)
        select 'Rep ' || g, 'rep', (select id from teams where name = 'Team ' || (1 + g % ${TEAMS})) from generate_series(1, ${REPS}) g`,
  );
  const [bounds] = await query<{ lo: number }>(db, sql`select min(id) as lo from users`);
  const lo = Number(bounds!.lo);
  const historySeconds = (NOW.getTime() - HISTORY_START.getTime()) / 1000;
  for (let from = 0; from < ACTIVITIES; from += CHUNK) {
    const to = Math.min(ACTIVITIES, from + CHUNK) - 1;
    // Deterministic spread: rep by i mod 1000; kind (uniform) and proactive (60%) from the high
    // bits of a multiplicative hash of i, so every rep logs every kind, both ways, most days (a
    // hash of i's low bits would give each rep a single kind: 1000 is a multiple of 8); time
    // evenly up to NOW.
    await query(
      db,
      sql`insert into activities (rep_id, kind, proactive, at)
          select ${lo} + (i % ${REPS}),
                 (array['call','email','meeting','visit','proposal','follow-up','next-step','opportunity-created'])[1 + (h / 65536) % 8],
                 (h / 256) % 10 < 6,
                 ${HISTORY_START.toISOString()}::timestamptz + make_interval(secs => (i::float8 * ${historySeconds} / ${ACTIVITIES}))
          from generate_series(${from}::bigint, ${to}::bigint) i, lateral (select (i * 2654435761) % 4294967296 as h) x`,
    );
    process.stderr.write(`  ${store.kind}: ${fmt.int(to + 1)} activities, ${fmt.s(performance.now() - started)}\r`);
  }
  process.stderr.write("\n");
  await query(db, sql`analyze`);
  const [company] = await query<{ id: number }>(db, sql`select id from teams where name = 'Company'`);
  const [team] = await query<{ id: number }>(db, sql`select id from teams where name = 'Team 1'`);
  return { company: Number(company!.id), team: Number(team!.id), seconds: (performance.now() - started) / 1000 };
}

async function timeRuns(work: () => Promise<unknown>, runs: number, warm = true): Promise<number[]> {
  if (warm) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times;
}

/** The baseline: the same counts by a GROUP BY over the raw rows (the whole days up to NOW's, like the aggregates). */
function rawGroupBy(store: Store, teamId: number, period: Period) {
  const end = scorecardEnd(period, NOW);
  const endDay = new Date(Math.ceil(end.getTime() / 86_400_000) * 86_400_000);
  return query(
    store.db,
    sql`select a.rep_id, a.kind, a.proactive, count(*)::int from activities a join users u on u.id = a.rep_id
        where u.team_id in (select id from teams where id = ${teamId} or parent_id = ${teamId})
          and a.at >= ${period.start.toISOString()}::timestamptz and a.at < ${endDay.toISOString()}::timestamptz
        group by 1, 2, 3`,
  );
}

async function aggregateRows(store: Store): Promise<{ daily: number; monthly: number }> {
  const [row] = await query<{ daily: number; monthly: number }>(
    store.db,
    sql`select (select count(*) from activity_daily)::int as daily, (select count(*) from activity_monthly)::int as monthly`,
  );
  return { daily: Number(row!.daily), monthly: Number(row!.monthly) };
}

export const scorecardBench: Bench = {
  name: "scorecard",
  description: `team scorecard latency, ${REPS} reps, ${fmt.int(ACTIVITIES)} activities (BENCH_SCORECARD_ACTIVITIES)`,
  async run() {
    const rows: (string | number)[][] = [];
    const seeding: string[] = [];
    for (const kind of STORES) {
      const store = await freshStore(kind, "scorecard");
      try {
        const loadBefore = os.loadavg()[0]!;
        const { company, team, seconds } = await seed(store);
        const aggregates = await aggregateRows(store);
        seeding.push(
          `${kind}: ${fmt.s(seconds * 1000)} (${fmt.int(ACTIVITIES / seconds)} activities/s; activity_daily ${fmt.int(aggregates.daily)} rows, activity_monthly ${fmt.int(aggregates.monthly)}); load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after`,
        );
        process.stderr.write(`  ${seeding.at(-1)}\n`);
        for (const { label: periodLabel, period } of PERIODS) {
          for (const [label, teamId] of [["whole org (1,000 reps)", company], ["one team (20 reps)", team]] as const) {
            // The two reads alternate run by run, so both see the same machine.
            const card: number[] = [];
            const daily: number[] = [];
            for (let i = 0; i < WARM_UP; i++) {
              await teamScorecard(store.db, { teamId, period, now: NOW });
              await teamScorecard(store.db, { teamId, period, now: NOW, source: "daily" });
            }
            for (let i = 0; i < RUNS; i++) {
              card.push(...(await timeRuns(() => teamScorecard(store.db, { teamId, period, now: NOW }), 1, false)));
              daily.push(...(await timeRuns(() => teamScorecard(store.db, { teamId, period, now: NOW, source: "daily" }), 1, false)));
            }
            const raw = await timeRuns(() => rawGroupBy(store, teamId, period), RAW_RUNS);
            rows.push([
              kind,
              label,
              periodLabel,
              fmt.ms(median(card)),
              fmt.ms(percentile(card, 0.95)),
              fmt.ms(median(daily)),
              fmt.ms(percentile(daily, 0.95)),
              fmt.ms(median(raw)),
              `${(median(raw) / median(card)).toFixed(0)}×`,
              os.loadavg()[0]!.toFixed(1),
            ]);
            process.stderr.write(
              `  ${kind} ${label} ${periodLabel}: scorecard median ${fmt.ms(median(card))}, p95 ${fmt.ms(percentile(card, 0.95))}; activity_daily alone ${fmt.ms(median(daily))} / ${fmt.ms(percentile(daily, 0.95))}; raw GROUP BY ${fmt.ms(median(raw))}\n`,
            );
          }
        }
      } finally {
        await store.close();
      }
    }
    writeSection(
      "scorecard",
      `## Team scorecard (activity_monthly + activity_daily vs raw GROUP BY)

${machineLine()}

${REPS} reps in ${TEAMS} teams, ${fmt.int(ACTIVITIES)} activities spread evenly from 2025-01-01 to "now"
(${NOW.toISOString().slice(0, 16).replace("T", " ")} UTC). Page data of GET /teams/:id/scorecard
(\`teamScorecard\`: team subtree, settings, reps, one grouped query over the aggregates, the
domain's scoring) for a past quarter (three whole months, read from activity_monthly) and the
running quarter (two whole months from activity_monthly; December so far as the month minus
its days after now, from activity_daily). ${RUNS} runs each after ${WARM_UP} warm-up loads, alternating run by
run with the same code reading every day of the period from activity_daily ("activity_daily
alone": the plan before activity_monthly).
"Raw GROUP BY" counts the same reps' activities over the same days straight from
\`activities\` (median of ${RAW_RUNS} after a warm-up); "raw ÷ scorecard" divides the medians.
"Load" is the 1-minute load average after the row's measurements: the 2 cores are shared with
other work, and a p95 moves with it. Target: p95 < 100 ms.

${table(["store", "team", "period", "scorecard median", "scorecard p95", "activity_daily alone median", "activity_daily alone p95", "raw GROUP BY median", "raw ÷ scorecard", "load"], rows)}

Seeding (generate_series in 1,000,000-row statements through the aggregate triggers, then \`analyze\`):
${seeding.map((line) => `- ${line}`).join("\n")}`,
    );
  },
};
