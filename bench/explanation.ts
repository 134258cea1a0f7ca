/**
 * Storing one decision's explanation at 1,000 reps, side by side (src/domain/routing/stored.ts):
 * formats 2, 3 and 4 as JSON (what older rows hold) and format 4 packed in MessagePack (what
 * decisions store): what each writes, and the insert of the row with its COMMIT, the forms
 * alternating sample by sample so all see the same machine. The table is `routing_decisions` as
 * migrated (`LIKE … INCLUDING ALL`: the same columns, compression and storage; without the
 * foreign keys, so no lead rows are needed).
 *
 * Env: BENCH_EXPLANATION_REPS (default 1000), BENCH_EXPLANATION_SAMPLES (default 200).
 */
import { decode as unpack } from "@msgpack/msgpack";
import {
  decodeExplanation,
  encodeFormat2,
  encodeFormat3,
  packExplanation,
  routeLead,
  storedExplanationJson,
  type DecisionExplanation,
} from "../src/domain/routing/index.js";
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

/** A stored form: how it is written, and into which column. */
interface Form {
  label: string;
  packed: boolean;
  encode: (e: DecisionExplanation) => string | Uint8Array;
}

const FORMS: Form[] = [
  { label: "format 2, JSON (doubles as decimals)", packed: false, encode: (e) => JSON.stringify(encodeFormat2(e)) },
  { label: "format 3, JSON (doubles as base64 bytes)", packed: false, encode: (e) => JSON.stringify(encodeFormat3(e)) },
  { label: "format 4, JSON (doubles derived when read)", packed: false, encode: storedExplanationJson },
  { label: "format 4, MessagePack (what decisions store)", packed: true, encode: packExplanation },
];

/** What a driver hands back for it is decoded: the JSON text (the driver's JSON.parse is timed too), or the bytes. */
const decodeStored = (stored: string | Uint8Array) => decodeExplanation(typeof stored === "string" ? JSON.parse(stored) : stored);

const byteLength = (stored: string | Uint8Array) => (typeof stored === "string" ? Buffer.byteLength(stored) : stored.length);

export const explanationBench: Bench = {
  name: "explanation",
  description: `storing a decision's explanation at ${fmt.int(REPS)} reps, formats 2, 3 and 4 as JSON and packed`,
  async run() {
    const e = decisionAt(REPS);
    const written = FORMS.map((form) => form.encode(e));
    const packed = written[FORMS.findIndex((form) => form.packed)] as Uint8Array;
    if ((unpack(packed) as { format: number }).format !== 4) throw new Error("the bench's decision did not store as format 4");
    const encodeMs = FORMS.map(() => [] as number[]);
    const decodeMs = FORMS.map(() => [] as number[]);
    for (let i = 0; i < SAMPLES; i++) {
      for (const [f, form] of FORMS.entries()) {
        let started = performance.now();
        const stored = form.encode(e);
        encodeMs[f]!.push(performance.now() - started);
        started = performance.now();
        decodeStored(stored);
        decodeMs[f]!.push(performance.now() - started);
      }
    }
    const rows: (string | number)[][] = [];
    for (const kind of ["postgres", "pglite"] as const) {
      const store = await freshStore(kind, "explanation");
      try {
        await query(store.db, sql`create table bench_explanations (like routing_decisions including all)`);
        const insertMs = FORMS.map(() => [] as number[]);
        const stored = FORMS.map(() => 0);
        for (let i = -5; i < SAMPLES; i++) {
          for (const [f, value] of written.entries()) {
            const leadId = (i + 10) * FORMS.length + f;
            const started = performance.now();
            await store.db.transaction(async (tx) => {
              await query(
                tx as unknown as Db,
                FORMS[f]!.packed
                  ? sql`insert into bench_explanations (lead_id, policy, reason, explanation_packed, decided_at)
                        values (${leadId}::bigint, 'equilibrium', 'bench', ${value}::bytea, now())`
                  : sql`insert into bench_explanations (lead_id, policy, reason, explanation, decided_at)
                        values (${leadId}::bigint, 'equilibrium', 'bench', ${value}::json, now())`,
              );
            });
            if (i >= 0) insertMs[f]!.push(performance.now() - started);
          }
        }
        for (const [f] of FORMS.entries()) {
          const [row] = await query<{ bytes: number | string }>(
            store.db,
            sql`select avg(coalesce(pg_column_size(explanation), pg_column_size(explanation_packed))) as bytes
                from bench_explanations where lead_id % ${FORMS.length} = ${f}`,
          );
          stored[f] = Number(row!.bytes);
        }
        for (const [f, { label }] of FORMS.entries()) {
          rows.push([
            kind,
            label,
            fmt.int(byteLength(written[f]!)),
            fmt.int(Math.round(stored[f]!)),
            fmt.ms(median(encodeMs[f]!)),
            fmt.ms(median(decodeMs[f]!)),
            fmt.ms(median(insertMs[f]!)),
          ]);
        }
        process.stderr.write(`  ${kind}: ${FORMS.map(({ label }, f) => `${label} ${fmt.ms(median(insertMs[f]!))}`).join(", ")}\n`);
      } finally {
        await store.close();
      }
    }
    writeSection(
      "explanation",
      `## Storing a decision's explanation

${machineLine()}

One decision at ${fmt.int(REPS)} reps made by \`routeLead\` (varied history and activity, some reps excluded), stored
${SAMPLES} times per form, the forms alternating sample by sample (\`npm run bench -- explanation\`). "Written" is the
JSON text or the MessagePack bytes; "stored" the bytes the column holds (\`pg_column_size\`: lz4 on PostgreSQL,
uncompressed on PGlite); "encode" the median time to write it; "decode" to read it back as the explanation from what
the driver gives (the JSON text, whose \`JSON.parse\` a driver does, or the bytes), checked, and for format 4 with the
doubles derived; "insert + COMMIT" the median of the insert into a copy of \`routing_decisions\` (same columns,
compression and storage) and its COMMIT.

${table(["store", "form", "written (bytes)", "stored (bytes)", "encode", "decode", "insert + COMMIT"], rows)}`,
    );
  },
};
