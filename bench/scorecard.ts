/**
 * Team scorecard page data (GET /teams/:id/scorecard) for a 1,000-rep organisation with
 * BENCH_SCORECARD_ACTIVITIES activities (default 20,000,000) over a year, on PostgreSQL and
 * PGlite, beside a plain GROUP BY over the raw activities table for the same reps and
 * quarter (what the aggregate saves). Rows are generated in SQL with generate_series, in
 * chunks, through the activity_daily triggers like any insert. Target: p95 under 100 ms.
 * BENCH_SCORECARD_STORES=postgres (or pglite) runs one store only.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { parsePeriod } from "../src/domain/periods.js";
import { openStore, query, sql, type Store } from "../src/store/db.js";
import { teamScorecard } from "../src/store/scorecards.js";
import type { Bench } from "./run.js";
import { fmt, machineLine, median, percentile, table, writeSection } from "./report.js";

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const ACTIVITIES = Number(process.env.BENCH_SCORECARD_ACTIVITIES ?? 20_000_000);
const STORES = (process.env.BENCH_SCORECARD_STORES ?? "postgres,pglite").split(",") as Kind[];
const RUNS = Number(process.env.BENCH_SCORECARD_RUNS ?? 30);
const REPS = 1000;
const TEAMS = 50;
const CHUNK = 1_000_000;
const PERIOD = parsePeriod("2025-Q3");
const NOW = new Date("2025-12-31T12:00:00Z");

type Kind = "pglite" | "postgres";

async function freshStore(kind: Kind): Promise<Store> {
  if (kind === "pglite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proactive-bench-scorecard-"));
    const store = await openStore({ dataDir: dir, lockAs: "bench" });
    const close = store.close;
    return { ...store, close: async () => (await close(), fs.rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `proactive_bench_scorecard_${process.pid}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    await client.query(text);
    await client.end();
  };
  await admin(`drop database if exists "${name}" with (force)`);
  await admin(`create database "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const store = await openStore({ databaseUrl: url.toString() });
  const close = store.close;
  return { ...store, close: async () => (await close(), await admin(`drop database if exists "${name}" with (force)`)) };
}

/** A company of 50 teams of 20 reps, and `ACTIVITIES` activities spread over 2025. */
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
  const yearSeconds = 365 * 86_400;
  for (let from = 0; from < ACTIVITIES; from += CHUNK) {
    const to = Math.min(ACTIVITIES, from + CHUNK) - 1;
    // Deterministic spread: rep by i mod 1000, kind by a hash of i, time evenly over the year.
    await query(
      db,
      sql`insert into activities (rep_id, kind, proactive, at)
          select ${lo} + (i % ${REPS}),
                 (array['call','email','meeting','visit','proposal','follow-up','next-step','opportunity-created'])[1 + ((i * 7919) % 8)],
                 (i * 104729) % 10 < 6,
                 timestamptz '2025-01-01 00:00:00+00' + make_interval(secs => (i::float8 * ${yearSeconds} / ${ACTIVITIES}))
          from generate_series(${from}::bigint, ${to}::bigint) i`,
    );
    process.stderr.write(`  ${store.kind}: ${fmt.int(to + 1)} activities\r`);
  }
  process.stderr.write("\n");
  await query(db, sql`analyze`);
  const [company] = await query<{ id: number }>(db, sql`select id from teams where name = 'Company'`);
  const [team] = await query<{ id: number }>(db, sql`select id from teams where name = 'Team 1'`);
  return { company: Number(company!.id), team: Number(team!.id), seconds: (performance.now() - started) / 1000 };
}

async function timeRuns(work: () => Promise<unknown>, runs: number): Promise<number[]> {
  await work(); // warm
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return times;
}

/** The baseline: the same counts by a GROUP BY over the raw rows. */
function rawGroupBy(store: Store, teamId: number) {
  return query(
    store.db,
    sql`select a.rep_id, a.kind, a.proactive, count(*)::int from activities a join users u on u.id = a.rep_id
        where u.team_id in (select id from teams where id = ${teamId} or parent_id = ${teamId})
          and a.at >= ${PERIOD.start.toISOString()}::timestamptz and a.at < ${PERIOD.end.toISOString()}::timestamptz
        group by 1, 2, 3`,
  );
}

export const scorecardBench: Bench = {
  name: "scorecard",
  description: `team scorecard latency, ${REPS} reps, ${fmt.int(ACTIVITIES)} activities (BENCH_SCORECARD_ACTIVITIES)`,
  async run() {
    const rows: (string | number)[][] = [];
    for (const kind of STORES) {
      const store = await freshStore(kind);
      try {
        const { company, team, seconds } = await seed(store);
        for (const [label, teamId, reps] of [["whole org (1,000 reps)", company, REPS], ["one team (20 reps)", team, REPS / TEAMS]] as const) {
          const card = await timeRuns(() => teamScorecard(store.db, { teamId, period: PERIOD, now: NOW }), RUNS);
          const raw = await timeRuns(() => rawGroupBy(store, teamId), Math.max(3, Math.floor(RUNS / 5)));
          rows.push([
            kind,
            label,
            fmt.ms(median(card)),
            fmt.ms(percentile(card, 0.95)),
            fmt.ms(median(raw)),
            `${(median(raw) / median(card)).toFixed(0)}×`,
            `${fmt.s(seconds * 1000)}`,
          ]);
          process.stderr.write(`  ${kind} ${label} (${reps} reps): scorecard median ${fmt.ms(median(card))}, p95 ${fmt.ms(percentile(card, 0.95))}; raw GROUP BY ${fmt.ms(median(raw))}\n`);
        }
      } finally {
        await store.close();
      }
    }
    writeSection(
      "scorecard",
      `## Team scorecard (activity_daily vs raw GROUP BY)

${machineLine()}

${REPS} reps in ${TEAMS} teams, ${fmt.int(ACTIVITIES)} activities over 2025, scorecard of 2025-Q3
(\`teamScorecard\`, the data of GET /teams/:id/scorecard: team subtree, settings, one grouped
query on activity_daily, the domain's scoring), ${RUNS} runs after a warm-up. "Raw GROUP BY"
counts the same reps' activities in the quarter straight from \`activities\`. Target: p95 < 100 ms.

${table(["store", "team", "scorecard median", "scorecard p95", "raw GROUP BY median", "raw ÷ scorecard", "seeding"], rows)}`,
    );
  },
};
