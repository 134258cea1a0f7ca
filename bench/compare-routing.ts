/**
 * The routing decision's read and `routeLead`, this checkout against another, side by side in
 * one process: two runs of `npm run bench -- routing` minutes apart differ by more than most
 * changes do on a shared machine, so this alternates the two versions lead by lead over the same
 * store (one team of 1,000 reps with 90 days of history, generated as the routing bench does).
 * Each lead: 5 random reps log a proactive activity (untimed), then each version in turn (the
 * order alternating) brings its kept counts up to date and builds the candidates
 * (`loadRoutingInputs`, timed: one call to the store, the rest in memory), then decides
 * (`routeLead`, timed). Each version keeps its own counts and member list. Storing the decision
 * is not compared here (the other checkout may store another form): see the explanation bench.
 *
 * With `decision` as a third argument it compares whole decisions instead: each version in turn
 * routes a lead of its own with `routeLeadInStore` (read, decide, store, commit; timed), so each
 * sees the other's decisions as another server process would, and the two versions' ways of
 * storing are compared too.
 *
 * Usage: node --import tsx bench/compare-routing.ts <other checkout> [postgres|pglite] [decision]
 * (the other checkout needs its node_modules; `git worktree add ../base <commit>` and a symlink
 * to this node_modules will do). Env: BENCH_COMPARE_REPS (default 1000), BENCH_COMPARE_SAMPLES
 * (default 500). Writes the section "routing-compare-<store>" (or "routing-compare-decision-<store>")
 * of docs/PERFORMANCE.md.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { query, sql } from "../src/store/db.js";
import { fmt, machineLine, median, percentile, table, writeSection } from "./report.js";
import { generate, logWorkBefore } from "./routing.js";
import { freshStore } from "./stores.js";

const REPS = Number(process.env.BENCH_COMPARE_REPS ?? 1000);
const SAMPLES = Number(process.env.BENCH_COMPARE_SAMPLES ?? 500);
const [otherRoot, kindArg, what] = process.argv.slice(2);
if (!otherRoot) throw new Error("usage: compare-routing.ts <other checkout> [postgres|pglite] [decision]");
const kind = kindArg === "pglite" ? "pglite" : "postgres";
const wholeDecisions = what === "decision";

/** The modules a decision's read and ranking come from, in one checkout. */
async function load(root: string) {
  const at = (file: string) => import(path.resolve(root, "src", file));
  return {
    commit: execFileSync("git", ["-C", root, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim(),
    inputs: await at("store/routing/inputs.ts"),
    counts: await at("store/routing/counts-cache.ts"),
    cache: await at("store/routing/cache.ts"),
    settings: await at("store/routing/settings.ts"),
    domain: await at("domain/routing/index.ts"),
    route: await at("store/routing/route.ts"),
  };
}

const versions = [await load(otherRoot), await load(".")];
const store = await freshStore(kind, "compare");
try {
  process.stderr.write(`${kind}, ${REPS} reps: generating…\n`);
  await generate(store, REPS);
  const db = store.db;
  const [team] = await query<{ id: number }>(db, sql`select id from teams where name = 'Bench'`);
  const [product] = await query<{ id: number }>(db, sql`select id from products where name = 'P3'`);
  const [range] = await query<{ lo: number; hi: number }>(db, sql`select min(id) as lo, max(id) as hi from users where role = 'rep'`);
  const lo = Number(range!.lo);
  const reps = Number(range!.hi) - lo + 1;
  const teamId = Number(team!.id);
  if (wholeDecisions) await compareDecisions(db, teamId, Number(product!.id), lo, reps);
  else await compareReads(db, teamId, Number(product!.id), lo, reps);
} finally {
  await store.close();
}

/** The read and `routeLead` of both versions for the same leads, the order alternating (see the module comment). */
async function compareReads(db: typeof store.db, teamId: number, productId: number, lo: number, reps: number) {
  const T0 = new Date("2026-11-20T10:17:00Z");
  const times = versions.map(() => ({ read: [] as number[], decide: [] as number[] }));
  process.stderr.write(`${kind}, ${REPS} reps: ${SAMPLES} leads, each read and decided by ${versions.map((v) => v.commit).join(" and ")}…\n`);
  for (let i = -10; i < SAMPLES; i++) {
    const now = new Date(T0.getTime() + (i + 10) * 37_000);
    await logWorkBefore(db, { lo, reps, seed: i + 10, at: now, count: 5 });
    const lead = { id: 0, externalId: `C-${i}`, teamId, arrivedAt: now, productId, product: "P3", segment: null, region: "EMEA", language: null, valueCents: 120_000 };
    for (const v of i % 2 === 0 ? [0, 1] : [1, 0]) {
      const version = versions[v]!;
      const settings = await version.settings.currentRoutingSettings(db, teamId);
      const cache = version.cache.routingCacheFor(db);
      let readMs = 0;
      const inputs = await version.counts.withTeamCounts(db, teamId, async (counts: unknown) => {
        const started = performance.now();
        const loaded = await version.inputs.loadRoutingInputs(db, { teamId, lead, params: settings.params, now, cache, counts });
        readMs = performance.now() - started;
        return loaded;
      });
      const started = performance.now();
      version.domain.routeLead(
        version.inputs.leadInput(lead, settings.params),
        inputs.candidates,
        { policy: settings.policy, version: settings.version, params: settings.params },
        { now, teamHistory: inputs.teamHistory, lastRotationAssigneeId: null },
      );
      const decideMs = performance.now() - started;
      if (i >= 0) {
        times[v]!.read.push(readMs);
        times[v]!.decide.push(decideMs);
      }
    }
  }
  const cell = (ms: number[]) => `${fmt.ms(median(ms))} (p99 ${fmt.ms(percentile(ms, 0.99))})`;
  const ratio = (phase: "read" | "decide") => (median(times[1]![phase]) / median(times[0]![phase])).toFixed(2);
  const rows = (["read", "decide"] as const).map((phase) => [phase, cell(times[0]![phase]), cell(times[1]![phase]), ratio(phase)]);
  process.stderr.write(`${table(["phase", versions[0]!.commit, versions[1]!.commit, "ratio"], rows)}\n`);
  writeSection(
    `routing-compare-${kind}`,
    `## Lead routing: two versions side by side on ${kind}

${machineLine()}

\`node --import tsx bench/compare-routing.ts <other checkout> ${kind}\`: ${SAMPLES} leads into one team of ${fmt.int(REPS)} reps on
${kind} (90 days of history, as the routing bench generates it; 5 reps log an activity before each lead), each read
(\`loadRoutingInputs\` with the kept counts: one call, then counting in memory) and decided (\`routeLead\`) by both
versions in turn, the order alternating. Median (p99) per lead; "ratio" is this checkout's median over the other's.

${table(["phase", `other (${versions[0]!.commit})`, `this (${versions[1]!.commit})`, "ratio"], rows)}`,
  );
}

/** Whole decisions of both versions in turn, the order alternating (see the module comment). */
async function compareDecisions(db: typeof store.db, teamId: number, productId: number, lo: number, reps: number) {
  const T0 = new Date("2026-11-20T10:17:00Z");
  const times = versions.map(() => [] as number[]);
  process.stderr.write(`${kind}, ${REPS} reps: ${SAMPLES} leads for each of ${versions.map((v) => v.commit).join(" and ")}…\n`);
  for (let i = -10; i < SAMPLES; i++) {
    for (const v of i % 2 === 0 ? [0, 1] : [1, 0]) {
      const now = new Date(T0.getTime() + (2 * (i + 10) + v) * 18_500);
      await logWorkBefore(db, { lo, reps, seed: 2 * (i + 10) + v, at: now, count: 5 });
      const lead = { externalId: `C-${i}-${v}`, arrivedAt: now, teamId, productId, product: "P3", segment: null, region: "EMEA", language: null, accountId: null, source: null, valueCents: 120_000 };
      const started = performance.now();
      await versions[v]!.route.routeLeadInStore(db, lead);
      if (i >= 0) times[v]!.push(performance.now() - started);
    }
  }
  const cell = (ms: number[]) => `${fmt.ms(median(ms))} (p90 ${fmt.ms(percentile(ms, 0.9))}, p99 ${fmt.ms(percentile(ms, 0.99))})`;
  const rows = [["one decision", cell(times[0]!), cell(times[1]!), (median(times[1]!) / median(times[0]!)).toFixed(2)]];
  process.stderr.write(`${table(["", versions[0]!.commit, versions[1]!.commit, "ratio"], rows)}\n`);
  writeSection(
    `routing-compare-decision-${kind}`,
    `## Lead routing: whole decisions of two versions side by side on ${kind}

${machineLine()}

\`node --import tsx bench/compare-routing.ts <other checkout> ${kind} decision\`: one team of ${fmt.int(REPS)} reps on ${kind}
(90 days of history, as the routing bench generates it), ${SAMPLES} leads routed by each version in turn (\`routeLeadInStore\`:
read, decide, store the decision with its explanation, commit), the order alternating; before each lead, 5 reps log
an activity (untimed). Each version keeps its own counts and sees the other's decisions as another server process's.
Median (p90, p99) per decision; "ratio" is this checkout's median over the other's.

${table(["", `other (${versions[0]!.commit})`, `this (${versions[1]!.commit})`, "ratio"], rows)}`,
  );
}
