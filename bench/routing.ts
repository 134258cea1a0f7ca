/**
 * Routing decision latency: one lead routed into a team of 50, 1,000 or 10,000 reps with 90
 * days of history (≈111 activities per rep per day, so 1,000 reps ≈ 10 million activities,
 * and one closed opportunity per rep per day), on PGlite and on PostgreSQL. Each sample is one
 * `routeLeadInStore` call: the team lock, the aggregate reads, `routeLead`, and the stored
 * decision (whose explanation lists every rep), lead assignment and audit row.
 *
 * The whole run takes about 75 minutes on 2 cores, most of it generating 100 million activities
 * per store at 10,000 reps (~17 GB on disk on PostgreSQL, more on PGlite).
 *
 * Env: BENCH_ROUTING_REPS (default "50,1000,10000"), BENCH_ROUTING_REPS_PGLITE (default "50,1000,10000"),
 * BENCH_ROUTING_ACTIVITIES_PER_DAY (per rep, default 111), BENCH_ROUTING_SAMPLES (default 1000: a p99 of 200 samples is their second worst),
 * BENCH_ROUTING_STORES (default "postgres,pglite": the order they run in), BENCH_ROUTING_WRITES_BETWEEN (proactive
 * activities logged by random reps before each lead, not timed; default 5). The section is rewritten
 * after each measurement, so a long run keeps what it has measured so far.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { query, queryPrepared, sql, type Db, type Store } from "../src/store/db.js";
import { routeLeadInStore, teamLeadFeed } from "../src/store/routing/index.js";
import type { Bench } from "./run.js";
import { fmt, machineLine, median, percentile, PERFORMANCE_MD, table, writeSection } from "./report.js";
import { freshStore } from "./stores.js";

const list = (text: string) => text.split(",").map((s) => Number(s.trim())).filter((n) => n > 0);
const REPS = list(process.env.BENCH_ROUTING_REPS ?? "50,1000,10000");
const REPS_PGLITE = list(process.env.BENCH_ROUTING_REPS_PGLITE ?? "50,1000,10000");
const PER_DAY = Number(process.env.BENCH_ROUTING_ACTIVITIES_PER_DAY ?? 111);
const SAMPLES = Number(process.env.BENCH_ROUTING_SAMPLES ?? 1000);
const STORES = (process.env.BENCH_ROUTING_STORES ?? "postgres,pglite").split(",") as Kind[];
const WRITES_BETWEEN = Number(process.env.BENCH_ROUTING_WRITES_BETWEEN ?? 5);
const DAYS = 90;
const T0 = new Date("2026-11-20T10:17:00Z");

type Kind = "pglite" | "postgres";

/** A team of `reps` reps with 90 days of activities and closed opportunities, generated in SQL. */
export async function generate(store: Store, reps: number): Promise<{ activities: number; ms: number }> {
  const started = performance.now();
  const db = store.db;
  await query(db, sql`insert into teams (name, region) values ('Bench', 'EMEA')`);
  await query(db, sql`insert into products (name) select 'P' || g from generate_series(1, 7) g`);
  await query(db, sql`insert into accounts (name, employees) select 'A' || g, (g * 397) % 20000 from generate_series(1, 200) g`);
  await query(
    db,
    sql`insert into users (name, role, team_id, capacity)
        select 'Rep ' || g, 'rep', (select id from teams where name = 'Bench'), case when g % 10 = 0 then 1000000 end
        from generate_series(1, ${reps}) g`,
  );
  const [range] = await query<{ lo: number; hi: number }>(db, sql`select min(id) as lo, max(id) as hi from users`);
  const lo = Number(range!.lo);
  const hi = Number(range!.hi);
  const start = new Date(T0.getTime() - DAYS * 86_400_000).toISOString();
  // Chunks of reps keep each statement's transition table (and the aggregate upsert) moderate.
  const chunk = Math.max(1, Math.floor(400_000 / (PER_DAY * DAYS)));
  for (let first = lo; first <= hi; first += chunk) {
    const last = Math.min(hi, first + chunk - 1);
    await query(
      db,
      sql`insert into activities (rep_id, kind, proactive, at)
          select r, (array['call','call','call','email','email','meeting','visit','proposal','follow-up','opportunity-created'])[1 + (g % 10)],
                 (g * 7 + r) % 5 < 3,
                 ${start}::timestamptz + (((g * 7919 + r * 104729) % (${DAYS} * 86400)) || ' seconds')::interval
          from generate_series(${first}::int, ${last}::int) r, generate_series(1, ${PER_DAY * DAYS}) g`,
    );
    await query(
      db,
      sql`insert into opportunities (external_id, owner_id, product_id, account_id, stage_id, outcome, value_cents, closed_at)
          select 'O-' || r || '-' || g, r, 1 + (g * 3 + r) % 7, 1 + (g * 13 + r) % 200,
                 (select id from stages where name = case when (g + r) % 5 < 2 then 'Won' else 'Lost' end),
                 case when (g + r) % 5 < 2 then 'won' else 'lost' end, (g * 104729 + r) % 50000000,
                 ${start}::timestamptz + (g || ' days')::interval + ((r % 86400) || ' seconds')::interval
          from generate_series(${first}::int, ${last}::int) r, generate_series(0, ${DAYS - 1}) g`,
    );
  }
  if (store.kind === "postgres") await query(db, sql`analyze`);
  return { activities: (hi - lo + 1) * PER_DAY * DAYS, ms: performance.now() - started };
}

/**
 * After the bulk load, on PostgreSQL: vacuum (autovacuum would otherwise start on the 10 million
 * new rows while decisions are measured) and a checkpoint (the load's dirty pages written now, not
 * during the samples). The decisions are measured on a database at rest, as a server's would run.
 * PGlite runs no autovacuum and no background checkpointer.
 */
async function settle(store: Store): Promise<void> {
  if (store.kind !== "postgres") return;
  await query(store.db, sql`vacuum (analyze)`);
  try {
    await query(store.db, sql`checkpoint`);
  } catch (err) {
    // CHECKPOINT needs superuser or pg_checkpoint: measured without it, and said so.
    process.stderr.write(`  (no checkpoint before measuring: ${(err as Error).message})\n`);
  }
}

/**
 * `count` proactive activities logged just before `at` by reps picked from `seed` among the
 * team's `reps` rep ids starting at `lo`: the work reps log between two leads (untimed), which
 * each decision must then see.
 */
export async function logWorkBefore(db: Db, w: { lo: number; reps: number; seed: number; at: Date; count: number }): Promise<void> {
  await query(
    db,
    sql`insert into activities (rep_id, kind, proactive, at)
        select ${w.lo}::int + ((${w.seed}::int * 7919 + g * 104729) % ${w.reps}::int), (array['call','email','meeting','visit','proposal'])[1 + g % 5], true,
               ${w.at.toISOString()}::timestamptz - ((g * 5) || ' seconds')::interval
        from generate_series(1, ${w.count}::int) g`,
  );
}

interface Measured {
  times: number[];
  /** The first decision of the day for the team: it builds the routing snapshots of its windows' days. */
  first: number;
  /** Median milliseconds per phase of the measured decisions (RouteOptions.timings). */
  phases: Map<string, number>;
  /**
   * The floor after each decision, through the same handle: the optimistic path's two statements
   * with nothing in them (a look-up by a unique key, then one small insert, its own transaction).
   */
  floor: number[];
  /** Its write alone: what a decision made of one round trip would cost at least. */
  floorWrite: number[];
  /** Measured decisions that were routed the locked way (optimistic.ts: something changed, or rows to build). */
  locked: number;
}

async function measure(store: Store, samples: number): Promise<Measured> {
  const [team] = await query<{ id: number }>(store.db, sql`select id from teams where name = 'Bench'`);
  const [product] = await query<{ id: number }>(store.db, sql`select id from products where name = 'P3'`);
  const [range] = await query<{ lo: number; hi: number }>(store.db, sql`select min(id) as lo, max(id) as hi from users where role = 'rep'`);
  const lo = Number(range!.lo);
  const reps = Number(range!.hi) - lo + 1;
  const times: number[] = [];
  const floor: number[] = [];
  const floorWrite: number[] = [];
  const phases = new Map<string, number[]>();
  await query(store.db, sql`create table if not exists bench_floor (id bigserial primary key, at timestamptz not null default now())`);
  let first = 0;
  let locked = 0;
  for (let i = -10; i < samples; i++) {
    const lead = {
      externalId: `B-${i}`,
      arrivedAt: new Date(T0.getTime() + (i + 10) * 37_000),
      teamId: Number(team!.id),
      productId: Number(product!.id),
      product: "P3",
      segment: null,
      region: "EMEA",
      language: null,
      accountId: null,
      source: null,
      valueCents: 120_000,
    };
    // Reps keep logging work between leads (not timed): the decision must see it, so each sample
    // also re-reads the reps whose rows changed since the last one (src/store/routing/counts-cache.ts).
    await logWorkBefore(store.db, { lo, reps, seed: i + 10, at: lead.arrivedAt, count: WRITES_BETWEEN });
    const timings = new Map<string, number>();
    const started = performance.now();
    await routeLeadInStore(store.db, lead, { timings });
    const ms = performance.now() - started;
    // The floor, right after the decision: two round trips as the decision's (both prepared on
    // PostgreSQL), a read and a one-row write whose commit waits for the WAL flush as the
    // decision's does: what any decision made of a read and a write costs at least here and now.
    const floorStarted = performance.now();
    await queryPrepared(store.db, "bench_floor_read", sql`select id from leads where external_id = ${lead.externalId}`);
    const writeStarted = performance.now();
    await queryPrepared(store.db, "bench_floor_write", sql`insert into bench_floor default values`);
    const floorMs = performance.now() - floorStarted;
    const writeMs = performance.now() - writeStarted;
    if (i === -10) first = ms;
    if (i >= 0) {
      times.push(ms);
      floor.push(floorMs);
      floorWrite.push(writeMs);
      for (const [phase, t] of timings) (phases.get(phase) ?? phases.set(phase, []).get(phase)!).push(t);
      if (timings.has("start")) locked++;
    }
  }
  return { times, first, floor, floorWrite, locked, phases: new Map([...phases].map(([phase, ts]) => [phase, median(ts)])) };
}

const FEED_PAGE = 25;

/**
 * One page of the team's lead feed (the web page's 25 decisions) as the API answers it, with
 * every candidate and with `candidates=summary`: the JSON's size and the median time to read
 * and build it, 10 reads each, alternating. Cells read "5.2 MB · 120 ms".
 */
async function feedPage(store: Store): Promise<Record<"all" | "summary", string>> {
  const [team] = await query<{ id: number }>(store.db, sql`select id from teams where name = 'Bench'`);
  const choices = ["all", "summary"] as const;
  const times = new Map<string, number[]>(choices.map((c) => [c, []]));
  const bytes = new Map<string, number>();
  for (let i = 0; i < 10; i++) {
    for (const candidates of choices) {
      const started = performance.now();
      const decisions = await teamLeadFeed(store.db, Number(team!.id), { limit: FEED_PAGE, candidates });
      const text = JSON.stringify({ decisions });
      times.get(candidates)!.push(performance.now() - started);
      bytes.set(candidates, Buffer.byteLength(text));
    }
  }
  const cell = (c: string) => `${fmt.bytes(bytes.get(c)!)} · ${fmt.ms(median(times.get(c)!))}`;
  return { all: cell("all"), summary: cell("summary") };
}

/** The phases of RouteOptions.timings, in order, with what they stand for. */
const PHASES: [string, string][] = [
  ["settings", "the team's settings (kept by the process)"],
  ["fetch", "look the lead up, draw its id and read what changed since the last decision (one call, routing_read_new_lead)"],
  ["count", "every rep's window counts, in memory"],
  ["read", "the candidates (in rows measured before 2026-12-03, fetch and count too)"],
  ["decide", "routeLead"],
  ["pack", "the explanation's stored form, MessagePack (in rows measured before 2026-12-03, part of store)"],
  ["store", "lock the team, check nothing read has changed, insert the lead assigned, store decision + audit, commit (one statement, routing_store_new_lead)"],
  ["answer", "the decision JSON"],
  ["start", "locked path only (a decision that could not be stored the optimistic way): BEGIN"],
  ["lead", "locked path only: look the lead up, lock the team, insert the lead (one call)"],
  ["commit", "locked path only: COMMIT"],
];

const HEAD = [
  "store",
  "reps",
  "activities",
  "generated in",
  "first",
  "median",
  "p99",
  "max",
  "two-statement floor median",
  "two-statement floor p99",
  "one-statement floor p99",
  "locked path",
  "feed page, every candidate",
  "feed page, summary",
  "load",
  "measured",
];

/** When and at which commit this run measures (`+`: with uncommitted changes). */
function measuredAt(): string {
  const git = (args: string[]) => execFileSync("git", args, { encoding: "utf8" }).trim();
  let commit = "unknown";
  try {
    commit = git(["rev-parse", "--short", "HEAD"]) + (git(["status", "--porcelain", "--untracked-files=no"]) ? "+" : "");
  } catch {
    // Not a git checkout: the date alone.
  }
  return `${new Date().toISOString().slice(0, 16).replace("T", " ")} (${commit})`;
}

/** Table order: PostgreSQL first (the default run order), then by team size; `[store, "1,000 reps" or "1,000"]`. */
function byStoreAndReps(x: string[], y: string[]): number {
  const reps = (cells: string[]) => Number(cells[1]!.replace(/[^\d]/g, ""));
  const order: string[] = ["postgres", "pglite"];
  return order.indexOf(x[0]!) - order.indexOf(y[0]!) || reps(x) - reps(y);
}

/** The cells of each table row in the section as written by an earlier run. */
function earlierTableLines(): string[][] {
  const text = fs.existsSync(PERFORMANCE_MD) ? fs.readFileSync(PERFORMANCE_MD, "utf8") : "";
  const section = /<!-- bench:routing -->([\s\S]*?)<!-- \/bench:routing -->/.exec(text)?.[1] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| ---"))
    .map((line) => line.slice(2, -2).split(" | "));
}

/**
 * The rows of the section's table for stores and team sizes this run does not measure (the
 * 10,000-rep runs take over an hour): they stay, with the date and commit that measured them.
 */
function earlierRows(measured: (string | number)[][]): string[][] {
  const now = new Set(measured.map((r) => `${r[0]}|${r[1]}`));
  const lines = earlierTableLines();
  // Cells by their column's name: a column the earlier run did not have is "—".
  const head = lines.find((cells) => cells[0] === "store") ?? [];
  return lines
    .filter((cells) => /^(postgres|pglite)$/.test(cells[0]!) && /^[\d,]+$/.test(cells[1]!) && !now.has(`${cells[0]}|${cells[1]}`))
    .map((cells) => HEAD.map((name) => (head.includes(name) ? (cells[head.indexOf(name)] ?? "—") : "—")));
}

/** The phase columns of the same earlier rows: label → phase key → the cell as written. */
function earlierPhases(measured: ReadonlySet<string>): { label: string; phases: Map<string, string> }[] {
  const lines = earlierTableLines();
  const head = lines.find((cells) => cells[0] === "phase");
  if (!head) return [];
  const rows = lines.filter((cells) => PHASES.some(([phase]) => cells[0]!.startsWith(`${phase}:`)));
  return head
    .slice(1)
    .map((label, i) => ({ label, phases: new Map(rows.map((cells) => [cells[0]!.split(":")[0]!, cells[i + 1] ?? ""])) }))
    .filter((column) => !measured.has(column.label));
}

/** Writes the section with the rows measured so far (a long run keeps what it has measured). */
function report(rows: (string | number)[][], breakdown: { label: string; phases: Map<string, number> }[], pending: string[]): void {
  const columns = [
    ...breakdown.map((b) => ({ label: b.label, cell: (phase: string) => (b.phases.has(phase) ? fmt.ms(b.phases.get(phase)!) : "—") })),
    ...earlierPhases(new Set(breakdown.map((b) => b.label))).map((e) => ({ label: e.label, cell: (phase: string) => e.phases.get(phase) ?? "" })),
  ].sort((x, y) => byStoreAndReps(x.label.split(", "), y.label.split(", ")));
  const phaseTable = table(
    ["phase", ...columns.map((c) => c.label)],
    PHASES.map(([phase, what]) => [`${phase}: ${what}`, ...columns.map((c) => c.cell(phase))]),
  );
  const all = [...rows, ...earlierRows(rows)].sort((x, y) => byStoreAndReps(x.map(String), y.map(String)));
  writeSection(
    "routing",
    `## Lead routing: one decision

${machineLine()}

One \`routeLeadInStore\` per sample (${SAMPLES} samples after 10 warm-up decisions, leads 37 s apart so every window
has partial boundary days), the optimistic way (docs/ROUTING.md, "One decision, two statements"): one read that
looks the lead up, draws its id and brings the process's copy of the team's routing snapshot rows up to date
(docs/ROUTING.md, "The snapshot rows are cached too"; before each lead, untimed, ${WRITES_BETWEEN} random reps log a proactive
activity, so each sample re-reads those reps and the previous assignee), every rep counted in memory, \`routeLead\`, then
one write that checks nothing read has changed, inserts the lead assigned and stores the decision (its explanation
lists every rep) with its audit row, and commits. History: ${DAYS} days, ${PER_DAY} activities
per rep per day (60 % proactive), one closed opportunity per rep per day, generated with \`generate_series\`, then
on PostgreSQL vacuumed and checkpointed before measuring (rows measured before 2026-12-03 were not, and
autovacuum and the checkpoint of the load could run during their samples).
"First" is the first warm-up decision: the team's first of the day, which builds the snapshot rows of its
windows' days (here from scratch, so from all ${DAYS} days of history). "Locked path" counts the measured decisions
that were not stored the optimistic way but in a locked transaction. "Load" is the 1-minute load average
after the row's measurements (2 shared cores). "Floor" is the decision's two round trips with nothing in them, run
through the same handle right after each decision: a look-up by a unique key, then the insert of one small row in a
transaction of its own (whose commit waits for the WAL flush, as a decision's does), both prepared on PostgreSQL. It is
what any decision that reads and then writes costs at least on this machine at that moment, and its p99 is the
machine's noise; "one-statement floor" is its write alone, what a decision of one round trip would cost at
least (rows kept from runs whose floor was BEGIN, insert, COMMIT, three round trips, show "—"). Target: p99 under
5 ms at 1,000 reps. "Feed page" is one page of the team's lead feed as the API answers it
(${FEED_PAGE} decisions, the web page's page): the JSON's size and the median time to read and build it, with every rep each
decision weighed (\`candidates=all\`, the default) and with what a card shows (\`candidates=summary\`, what the web page asks for).

${table(HEAD, all)}

"Measured" is the run's date (UTC) and commit: rows this run did not measure are kept from earlier runs, and only
figures of one run compare side by side. Where the time goes (median milliseconds per phase of the measured
decisions that have it; columns of rows kept from earlier runs come from those runs, and rows measured before
commit 449ad10 routed every lead the locked way: their "read" has no look-up, their "store" neither the lead's
insert nor the commit, which are their "lead" and "commit"):

${phaseTable}${pending.length ? `\n\nStill running when this was written: ${pending.join(", ")}.` : ""}`,
  );
}

export const routingBench: Bench = {
  name: "routing",
  description: "decision latency for one lead at 50, 1,000 and 10,000 reps with 90 days of history",
  async run() {
    const rows: (string | number)[][] = [];
    const breakdown: { label: string; phases: Map<string, number> }[] = [];
    const when = measuredAt();
    const runs = STORES.flatMap((kind) => (kind === "pglite" ? REPS.filter((n) => REPS_PGLITE.includes(n)) : REPS).map((reps) => ({ kind, reps })));
    for (const [i, { kind, reps }] of runs.entries()) {
      const store = await freshStore(kind, "routing");
      try {
        process.stderr.write(`  ${kind}, ${reps} reps: generating…\n`);
        const gen = await generate(store, reps);
        await settle(store);
        process.stderr.write(`  ${kind}, ${reps} reps: ${fmt.int(gen.activities)} activities in ${fmt.s(gen.ms)}; routing ${SAMPLES} leads…\n`);
        const { times, first, phases, floor, floorWrite, locked } = await measure(store, SAMPLES);
        const feed = await feedPage(store);
        rows.push([
          kind,
          fmt.int(reps),
          fmt.int(gen.activities),
          fmt.s(gen.ms),
          fmt.ms(first),
          fmt.ms(median(times)),
          fmt.ms(percentile(times, 0.99)),
          fmt.ms(Math.max(...times)),
          fmt.ms(median(floor)),
          fmt.ms(percentile(floor, 0.99)),
          fmt.ms(percentile(floorWrite, 0.99)),
          `${fmt.int(locked)} of ${fmt.int(times.length)}`,
          feed.all,
          feed.summary,
          os.loadavg()[0]!.toFixed(1),
          when,
        ]);
        breakdown.push({ label: `${kind}, ${fmt.int(reps)} reps`, phases });
        process.stderr.write(
          `  → first ${fmt.ms(first)}, median ${fmt.ms(median(times))}, p99 ${fmt.ms(percentile(times, 0.99))}; floor ${fmt.ms(median(floor))} / ${fmt.ms(percentile(floor, 0.99))}\n`,
        );
      } finally {
        await store.close();
      }
      report(rows, breakdown, runs.slice(i + 1).map((r) => `${r.kind} at ${fmt.int(r.reps)} reps`));
    }
  },
};
