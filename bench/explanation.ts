/**
 * Storing one decision's explanation at 1,000 reps, formats 2, 3 and 4 side by side
 * (src/domain/routing/stored.ts): the JSON text each writes, and the insert of the row with its
 * COMMIT, the formats alternating sample by sample so both see the same machine. The table is
 * `routing_decisions` as migrated (`LIKE … INCLUDING ALL`: the same json column, compression
 * and storage; without the foreign keys, so no lead rows are needed).
 *
 * Env: BENCH_EXPLANATION_REPS (default 1000), BENCH_EXPLANATION_SAMPLES (default 200).
 */
import { decodeExplanation, encodeFormat2, encodeFormat3, routeLead, storedExplanationJson, type DecisionExplanation } from "../src/domain/routing/index.js";
import { rep, settings, state } from "../src/domain/routing/test-fixtures.js";
import { query, sql, type Db } from "../src/store/db.js";
import type { Bench } from "./run.js";
import { fmt, machineLine, median, table, writeSection } from "./report.js";
import { freshStore } from "./stores.js";

const REPS = Number(process.env.BENCH_EXPLANATION_REPS ?? 1000);
const SAMPLES = Number(process.env.BENCH_EXPLANATION_SAMPLES ?? 200);

/** A decision over `reps` reps with varied history and activity (some excluded), as routeLead writes it. */
export function decisionAt(reps: number): DecisionExplanation {
  const candidates = Array.from({ length: reps }, (_, i) =>
    rep(1000 + i, {
      name: `Rep ${i + 1}`,
      active: i % 40 !== 7,
      capacity: i % 10 === 0 ? 12 : null,
      openLeads: (i * 7) % 15,
      leadsLast30Days: (i * 11) % 23,
      history: { winsSimilar: (i * 3) % 9, closedSimilar: 6 + ((i * 5) % 11), winsAll: 20 + ((i * 7) % 31), closedAll: 70 + ((i * 13) % 41) },
      proactiveActivity: { call: 300 + ((i * 37) % 900), email: (i * 17) % 200, meeting: (i * 3) % 40, proposal: i % 9 },
    }),
  );
  const lead = { id: 1, ref: "L-1", product: "P3", segment: null, region: "EMEA", language: null, sizeBand: null };
  const at = state({ now: new Date("2026-11-20T10:17:00Z"), teamHistory: { wins: 12_000, closed: 40_000 }, lastRotationAssigneeId: null });
  return routeLead(lead, candidates, settings(), at).explanation;
}

const FORMATS: [string, (e: DecisionExplanation) => string][] = [
  ["format 2 (doubles as decimals)", (e) => JSON.stringify(encodeFormat2(e))],
  ["format 3 (doubles as base64 bytes)", (e) => JSON.stringify(encodeFormat3(e))],
  ["format 4 (doubles derived when read)", storedExplanationJson],
];

export const explanationBench: Bench = {
  name: "explanation",
  description: `storing a decision's explanation at ${fmt.int(REPS)} reps, formats 2, 3 and 4`,
  async run() {
    const e = decisionAt(REPS);
    const texts = FORMATS.map(([, encode]) => encode(e));
    if (JSON.parse(texts[2]!).format !== 4) throw new Error("the bench's decision did not store as format 4");
    const encodeMs = FORMATS.map(() => [] as number[]);
    const decodeMs = FORMATS.map(() => [] as number[]);
    for (let i = 0; i < SAMPLES; i++) {
      for (const [f, [, encode]] of FORMATS.entries()) {
        let started = performance.now();
        const text = encode(e);
        encodeMs[f]!.push(performance.now() - started);
        const parsed: unknown = JSON.parse(text);
        started = performance.now();
        decodeExplanation(parsed);
        decodeMs[f]!.push(performance.now() - started);
      }
    }
    const rows: (string | number)[][] = [];
    for (const kind of ["postgres", "pglite"] as const) {
      const store = await freshStore(kind, "explanation");
      try {
        await query(store.db, sql`create table bench_explanations (like routing_decisions including all)`);
        const insertMs = FORMATS.map(() => [] as number[]);
        const stored = FORMATS.map(() => 0);
        for (let i = -5; i < SAMPLES; i++) {
          for (const [f, text] of texts.entries()) {
            const started = performance.now();
            await store.db.transaction(async (tx) => {
              await query(
                tx as unknown as Db,
                sql`insert into bench_explanations (lead_id, policy, reason, explanation, decided_at)
                    values (${(i + 10) * FORMATS.length + f}::bigint, 'equilibrium', 'bench', ${text}::json, now())`,
              );
            });
            if (i >= 0) insertMs[f]!.push(performance.now() - started);
          }
        }
        for (const [f] of FORMATS.entries()) {
          const [row] = await query<{ bytes: number | string }>(
            store.db,
            sql`select avg(pg_column_size(explanation)) as bytes from bench_explanations where lead_id % ${FORMATS.length} = ${f}`,
          );
          stored[f] = Number(row!.bytes);
        }
        for (const [f, [label]] of FORMATS.entries()) {
          rows.push([
            kind,
            label,
            fmt.int(texts[f]!.length),
            fmt.int(Math.round(stored[f]!)),
            fmt.ms(median(encodeMs[f]!)),
            fmt.ms(median(decodeMs[f]!)),
            fmt.ms(median(insertMs[f]!)),
          ]);
        }
        process.stderr.write(`  ${kind}: ${FORMATS.map(([label], f) => `${label} ${fmt.ms(median(insertMs[f]!))}`).join(", ")}\n`);
      } finally {
        await store.close();
      }
    }
    writeSection(
      "explanation",
      `## Storing a decision's explanation

${machineLine()}

One decision at ${fmt.int(REPS)} reps made by \`routeLead\` (varied history and activity, some reps excluded), stored
${SAMPLES} times per format, the formats alternating sample by sample (\`npm run bench -- explanation\`). "Text" is the
JSON written; "stored" the bytes the column holds (\`pg_column_size\`: lz4 on PostgreSQL, uncompressed on PGlite);
"encode" the median time to write the text; "decode" to read the parsed JSON back as the explanation (checked, and
for format 4 with the doubles derived); "insert + COMMIT" the median of the insert into a copy of
\`routing_decisions\` (same column, compression and storage) and its COMMIT.

${table(["store", "format", "text (bytes)", "stored (bytes)", "encode", "decode", "insert + COMMIT"], rows)}`,
    );
  },
};
