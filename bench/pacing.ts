/**
 * The team page's pacing column: every rep's targets status for the month, for a 1,000-rep
 * organisation in 50 teams with a year of history, on PostgreSQL and PGlite. "One request" is
 * GET /teams/:id/pacing's store work (`repsPacing`: one batch for the whole team); "one per rep"
 * is what the page asked before, `repTargets` for each rep in turn (the page sent those requests
 * four at a time; their server work adds up the same on one connection). The two alternate run
 * by run, so both see the same machine. BENCH_PACING_STORES=postgres (or pglite) runs one store.
 */
import os from "node:os";
import { parsePeriod } from "../src/domain/periods.js";
import { teamReps, teamSubtree } from "../src/store/activity-history.js";
import { query, sql, type Store } from "../src/store/db.js";
import { repsPacing, repTargets } from "../src/store/targets.js";
import type { Bench } from "./run.js";
import { fmt, machineLine, median, percentile, table, writeSection } from "./report.js";
import { freshStore } from "./stores.js";

type Kind = "pglite" | "postgres";
const STORES = (process.env.BENCH_PACING_STORES ?? "postgres,pglite").split(",") as Kind[];
const REPS = 1000;
const TEAMS = 50;
/** Activities per rep over the year (proactive ones feed the activity-to-opportunity rate). */
const ACTIVITIES_PER_REP = 2000;
/** Opportunities per rep over the year: won, lost and open ones. */
const OPPS_PER_REP = 40;
/** The older two thirds of each rep's deals are closed. */
const CLOSED_PER_REP = Math.floor((OPPS_PER_REP * 2) / 3);
const HISTORY_START = new Date("2025-01-01T00:00:00Z");
const NOW = new Date("2025-12-17T12:00:00Z");
const PERIOD = parsePeriod("2025-12");
const RUNS = { team: Number(process.env.BENCH_PACING_RUNS ?? 20), org: Number(process.env.BENCH_PACING_ORG_RUNS ?? 3) };

/**
 * 50 teams of 20 reps under one company, each with a year of activities and deals and a
 * December quota from $30,000 to $630,000 (so some are on track, some behind or at risk).
 */
export async function seed(store: Store): Promise<{ company: number; team: number; seconds: number }> {
  const started = performance.now();
  const db = store.db;
  await query(db, sql`insert into teams (name) values ('Company')`);
  await query(db, sql`insert into teams (name, parent_id) select 'Team ' || g, (select id from teams where name = 'Company') from generate_series(1, ${TEAMS}) g`);
  await query(db, sql`insert into users (name, role, team_id) select 'Rep ' || g, 'rep', (select id from teams where name = 'Team ' || (1 + g % ${TEAMS})) from generate_series(1, ${REPS}) g`);
  await query(
    db,
    sql`insert into quotas (rep_id, period, period_start, period_end, amount_cents)
        select id, '2025-12', '2025-12-01', '2025-12-31', 3000000 + (id % 5) * 15000000 from users where role = 'rep'`,
  );
  const span = (NOW.getTime() - HISTORY_START.getTime()) / 1000;
  await query(
    db,
    sql`insert into activities (rep_id, kind, proactive, at)
        select u.id, (array['call','email','meeting','visit','proposal','follow-up'])[1 + (i * 7 + u.id) % 6], (i + u.id) % 10 < 6,
               ${HISTORY_START.toISOString()}::timestamptz + make_interval(secs => ((i::float8 + (u.id % 13) / 13.0) * ${span} / ${ACTIVITIES_PER_REP}))
        from users u, generate_series(0, ${ACTIVITIES_PER_REP - 1}) i where u.role = 'rep'`,
  );
  // Deals created through the year; the older two thirds closed (won one in three), the rest open.
  await query(
    db,
    sql`insert into opportunities (external_id, owner_id, stage_id, outcome, value_cents, created_on, engaged_at, closed_at)
        select 'O-' || u.id || '-' || i, u.id,
               (select id from stages where name = case when i >= ${CLOSED_PER_REP} then (array['Prospecting','Qualification','Proposal'])[1 + i % 3]
                                                        when (i + u.id) % 3 = 0 then 'Won' else 'Lost' end),
               case when i >= ${CLOSED_PER_REP} then 'open' when (i + u.id) % 3 = 0 then 'won' else 'lost' end,
               case when i >= ${CLOSED_PER_REP} or (i + u.id) % 3 = 0 then 1000000 + (i % 5) * 250000 end,
               c, c + interval '7 days',
               case when i < ${CLOSED_PER_REP} then c + interval '60 days' end
        from users u, generate_series(0, ${OPPS_PER_REP - 1}) i,
             lateral (select ${HISTORY_START.toISOString()}::timestamptz + make_interval(days => (i * 330 / ${OPPS_PER_REP}) + u.id % 9) as c) t
        where u.role = 'rep'`,
  );
  await query(db, sql`analyze`);
  const [company] = await query<{ id: number }>(db, sql`select id from teams where name = 'Company'`);
  const [team] = await query<{ id: number }>(db, sql`select id from teams where name = 'Team 1'`);
  return { company: Number(company!.id), team: Number(team!.id), seconds: (performance.now() - started) / 1000 };
}

const timed = async (work: () => Promise<unknown>) => {
  const t = performance.now();
  await work();
  return performance.now() - t;
};

export const pacingBench: Bench = {
  name: "pacing",
  description: `a team's pacing column, one request vs one per rep, ${REPS} reps`,
  async run() {
    const rows: (string | number)[][] = [];
    const seeding: string[] = [];
    for (const kind of STORES) {
      const store = await freshStore(kind, "pacing");
      try {
        const { company, team, seconds } = await seed(store);
        seeding.push(`${kind}: ${fmt.s(seconds * 1000)}`);
        for (const [label, teamId, runs] of [
          ["one team (20 reps)", team, RUNS.team],
          ["whole org (1,000 reps)", company, RUNS.org],
        ] as const) {
          const reps = await teamReps(store.db, await teamSubtree(store.db, teamId), { activeOnly: true });
          const batch = () => repsPacing(store.db, reps, PERIOD, NOW);
          const perRep = async () => {
            for (const r of reps) await repTargets(store.db, { repId: r.id, period: PERIOD, at: NOW });
          };
          // Same answers both ways, before any timing.
          const lines = await batch();
          for (const line of lines.slice(0, 20)) {
            const own = await repTargets(store.db, { repId: line.repId, period: PERIOD, at: NOW });
            if (own.status !== line.status || own.statusReason !== line.statusReason) throw new Error(`pacing of ${line.name} differs from their targets`);
          }
          await perRep();
          const one: number[] = [];
          const each: number[] = [];
          for (let i = 0; i < runs; i++) {
            one.push(await timed(batch));
            each.push(await timed(perRep));
          }
          const statuses = lines.reduce<Record<string, number>>((n, l) => ({ ...n, [l.status ?? "none"]: (n[l.status ?? "none"] ?? 0) + 1 }), {});
          rows.push([
            kind,
            label,
            fmt.ms(median(one)),
            fmt.ms(percentile(one, 0.95)),
            fmt.ms(median(each)),
            fmt.ms(percentile(each, 0.95)),
            `${(median(each) / median(one)).toFixed(1)}×`,
            Object.entries(statuses)
              .map(([s, n]) => `${s} ${n}`)
              .join(", "),
            os.loadavg()[0]!.toFixed(1),
          ]);
          process.stderr.write(`  ${kind} ${label}: one request ${fmt.ms(median(one))}, one per rep ${fmt.ms(median(each))}\n`);
        }
      } finally {
        await store.close();
      }
    }
    writeSection(
      "pacing",
      `## A team's pacing column (one request vs one per rep)

${machineLine()}

${REPS} reps in ${TEAMS} teams of 20, each with a December 2025 quota, ${fmt.int(ACTIVITIES_PER_REP)} activities and
${OPPS_PER_REP} opportunities over the year (${fmt.int(REPS * ACTIVITIES_PER_REP)} activities, ${fmt.int(REPS * OPPS_PER_REP)} opportunities), as of
${NOW.toISOString().slice(0, 16).replace("T", " ")} UTC. "One request" is the store work of
\`GET /teams/:id/pacing\` (\`repsPacing\`: the quotas, the team's opportunities, the reps' daily
activity, stages and settings in a handful of queries, then the domain per rep); "one per rep"
is \`repTargets\` for each rep in turn, the work behind the per-rep \`GET /reps/:id/targets\`
requests the team page sent before (four at a time). Both give the same statuses (checked
first). ${RUNS.team} runs for a team, ${RUNS.org} for the organisation, alternating; "load" is the
1-minute load average after the row.

${table(["store", "scope", "one request median", "one request p95", "one per rep median", "one per rep p95", "per rep ÷ one", "statuses", "load"], rows)}

Seeding (generate_series, then \`analyze\`): ${seeding.join("; ")}.`,
    );
  },
};
