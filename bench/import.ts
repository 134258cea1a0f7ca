/**
 * Import throughput: the real CRM sample, and a generated 1,000,000-activity CSV, on PGlite
 * and on PostgreSQL, beside PostgreSQL's own COPY of the same file (the ceiling: COPY resolves
 * no names, checks no rows and upserts nothing).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { importCsv, parseMapping } from "../src/import/index.js";
import type { Store } from "../src/store/db.js";
import type { Bench } from "./run.js";
import { fmt, machineLine, median, table, writeSection } from "./report.js";
import { ADMIN_URL, freshStore } from "./stores.js";
import { SAMPLE_DIR } from "../examples/crm-sample/location.js";

const SAMPLE = SAMPLE_DIR;
const BENCH_DIR = path.resolve(".bench");
const ACTIVITY_ROWS = Number(process.env.BENCH_ACTIVITY_ROWS ?? 1_000_000);
const SAMPLE_RUNS = Number(process.env.BENCH_SAMPLE_RUNS ?? 3);
const BIG_RUNS = Number(process.env.BENCH_BIG_RUNS ?? 1);
const BENCH_REPS = 200;

type Kind = "pglite" | "postgres";

const mapping = (entity: string) => {
  const file = `examples/crm-sample/${entity}.mapping.json`;
  return parseMapping(fs.readFileSync(file, "utf8"), file);
};

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function importSample(store: Store): Promise<Record<string, { rows: number; ms: number }>> {
  const files = [
    ["products", "products.csv"],
    ["accounts", "accounts.csv"],
    ["reps", "sales_teams.csv"],
    ["opportunities", "sales_pipeline.csv"],
  ] as const;
  const out: Record<string, { rows: number; ms: number }> = {};
  for (const [entity, file] of files) {
    const { ms, value } = await timed(() =>
      importCsv(store.db, entity, fs.createReadStream(path.join(SAMPLE, file)), { mapping: mapping(entity) }),
    );
    if (value.rejected) throw new Error(`${entity}: ${value.rejected} rows rejected`);
    out[entity] = { rows: value.read, ms };
  }
  return out;
}

/** Deterministic CSV of `rows` activities spread over BENCH_REPS reps and 90 days. */
function ensureActivityCsv(rows: number): { reps: string; activities: string } {
  fs.mkdirSync(BENCH_DIR, { recursive: true });
  const reps = path.join(BENCH_DIR, `reps-${BENCH_REPS}.csv`);
  const activities = path.join(BENCH_DIR, `activities-${rows}.csv`);
  if (!fs.existsSync(reps)) {
    const lines = ["name,team,manager"];
    for (let r = 0; r < BENCH_REPS; r++) lines.push(`Bench Rep ${r},Bench Team ${r % 10},Bench Manager ${r % 10}`);
    fs.writeFileSync(reps, `${lines.join("\n")}\n`);
  }
  if (!fs.existsSync(activities)) {
    const kinds = ["call", "email", "meeting", "visit", "proposal", "follow-up", "next-step", "opportunity-created"];
    const start = Date.UTC(2026, 7, 1);
    const fd = fs.openSync(`${activities}.tmp`, "w");
    let chunk = "externalId,rep,kind,proactive,at,durationMinutes,outcome\n";
    let seed = 12345;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
    for (let i = 0; i < rows; i++) {
      const at = new Date(start + Math.floor(next() * 90 * 86_400_000)).toISOString();
      chunk += `B${i},Bench Rep ${i % BENCH_REPS},${kinds[Math.floor(next() * kinds.length)]},${next() < 0.6},${at},${Math.floor(next() * 60)},done\n`;
      if (chunk.length > 1 << 20) (fs.writeSync(fd, chunk), (chunk = ""));
    }
    fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    fs.renameSync(`${activities}.tmp`, activities);
  }
  return { reps, activities };
}

async function importBig(kind: Kind, files: { reps: string; activities: string }): Promise<number> {
  const store = await freshStore(kind, "import");
  try {
    const reps = await importCsv(store.db, "reps", fs.createReadStream(files.reps), {});
    if (reps.rejected) throw new Error("bench reps rejected");
    let last = 0;
    const { ms, value } = await timed(() =>
      importCsv(store.db, "activities", fs.createReadStream(files.activities), {
        onProgress: (bytes) => {
          const mb = Math.floor(bytes / 50e6);
          if (mb > last) (last = mb), process.stderr.write(`  ${kind}: ${(bytes / 1e6).toFixed(0)} MB\n`);
        },
      }),
    );
    if (value.created !== ACTIVITY_ROWS) throw new Error(`${kind}: created ${value.created} of ${ACTIVITY_ROWS}`);
    return ms;
  } finally {
    await store.close();
  }
}

async function copyCeiling(file: string): Promise<number> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query("drop table if exists bench_copy_activities");
  await admin.query(
    "create table bench_copy_activities (external_id text, rep text, kind text, proactive boolean, at timestamptz, duration_minutes int, outcome text)",
  );
  await admin.end();
  const started = performance.now();
  execFileSync("psql", [ADMIN_URL, "-q", "-c", `\\copy bench_copy_activities from '${file}' csv header`]);
  const ms = performance.now() - started;
  const after = new pg.Client({ connectionString: ADMIN_URL });
  await after.connect();
  await after.query("drop table bench_copy_activities");
  await after.end();
  return ms;
}

export const importBench: Bench = {
  name: "import",
  description: `CRM sample ×${SAMPLE_RUNS} and ${fmt.int(ACTIVITY_ROWS)} activities ×${BIG_RUNS} on PGlite and PostgreSQL, beside COPY`,
  async run() {
    const kinds: Kind[] = ["pglite", "postgres"];
    const sample: Record<Kind, Record<string, number[]>> = { pglite: {}, postgres: {} };
    let sampleRows: Record<string, number> = {};
    for (let run = 0; run < SAMPLE_RUNS; run++) {
      for (const kind of kinds) {
        const store = await freshStore(kind, "import");
        try {
          const result = await importSample(store);
          sampleRows = Object.fromEntries(Object.entries(result).map(([e, r]) => [e, r.rows]));
          for (const [entity, r] of Object.entries(result)) (sample[kind][entity] ??= []).push(r.ms);
        } finally {
          await store.close();
        }
      }
      process.stderr.write(`  sample run ${run + 1}/${SAMPLE_RUNS}\n`);
    }

    const files = ensureActivityCsv(ACTIVITY_ROWS);
    const big: Record<Kind | "copy", number[]> = { pglite: [], postgres: [], copy: [] };
    for (let run = 0; run < BIG_RUNS; run++) {
      for (const kind of kinds) big[kind].push(await importBig(kind, files));
      big.copy.push(await copyCeiling(files.activities));
      process.stderr.write(`  ${fmt.int(ACTIVITY_ROWS)}-row run ${run + 1}/${BIG_RUNS}\n`);
    }
    const rate = (rows: number, ms: number) => fmt.int(rows / (ms / 1000));
    const copyMs = median(big.copy);
    const sampleTable = table(
      ["file", "rows", "PGlite median", "PGlite rows/s", "PostgreSQL median", "PostgreSQL rows/s"],
      Object.keys(sampleRows).map((entity) => {
        const p = median(sample.pglite[entity]!);
        const q = median(sample.postgres[entity]!);
        return [entity, fmt.int(sampleRows[entity]!), fmt.s(p), rate(sampleRows[entity]!, p), fmt.s(q), rate(sampleRows[entity]!, q)];
      }),
    );
    const bigTable = table(
      ["store", "median time", "rows/s", "vs COPY (ceiling)"],
      [
        ["PGlite: `proactive import activities`", fmt.s(median(big.pglite)), rate(ACTIVITY_ROWS, median(big.pglite)), fmt.ratio(copyMs / median(big.pglite))],
        ["PostgreSQL: `proactive import activities`", fmt.s(median(big.postgres)), rate(ACTIVITY_ROWS, median(big.postgres)), fmt.ratio(copyMs / median(big.postgres))],
        ["PostgreSQL: `\\copy` into a plain table", fmt.s(copyMs), rate(ACTIVITY_ROWS, copyMs), "100%"],
      ],
    );
    writeSection(
      "import",
      `## Import

Measured ${machineLine()}.

The real CRM sample (\`../shared/data/crm-sample\`, or its verbatim copy in \`examples/crm-sample/data\`, with its mapping files), imported into a
fresh store, median of ${SAMPLE_RUNS} runs:

${sampleTable}

${fmt.int(ACTIVITY_ROWS)} activities (one CSV, ${BENCH_REPS} reps, 90 days; median of ${BIG_RUNS} run${BIG_RUNS > 1 ? "s" : ""}),
beside PostgreSQL's own \`COPY\` of the same file into a plain table of the same columns. COPY is
the ceiling, not a rival: it resolves no rep names, validates nothing, maintains no aggregate
and cannot tell created from updated from unchanged rows. "vs COPY" is import rate ÷ COPY rate.

${bigTable}`,
    );
  },
};
