/**
 * `npx tsx scripts/sample-routing.ts`: imports the real CRM sample (examples/crm-sample/location.ts)
 * into an in-memory store with a generated, seeded activity file, and prints for a few leads the
 * decision under each policy as Markdown (pasted into docs/ROUTING.md, "Routing on the real CRM sample").
 */
import { ROUTING_POLICIES } from "../src/domain/routing/index.js";
import { openStore } from "../src/store/db.js";
import { decideUnderEachPolicy, loadSample, SAMPLE_LEADS, SAMPLE_T, SAMPLE_TEAM } from "../test/support/crm-sample-routing.js";

const f = (x: number | null, digits = 3) => (x === null ? "–" : x.toFixed(digits));

const store = await openStore({ lock: false });
try {
  const { activities } = await loadSample(store.db);
  const out = [
    `Team **${SAMPLE_TEAM}**, decisions at ${SAMPLE_T.toISOString()} with the default parameters; ${activities.toLocaleString("en-US")} generated activities (seed 1).`,
    "",
  ];
  for (const lead of SAMPLE_LEADS) {
    const byPolicy = await decideUnderEachPolicy(store.db, lead);
    const eq = byPolicy.equilibrium;
    out.push(`### ${lead.externalId}: ${lead.product}, value ${(lead.valueCents / 100).toLocaleString("en-US")}`, "");
    out.push(`T = ${f(eq.T, 2)} proactive points (75th percentile).`, "");
    out.push("| rep | m | M | a | A | S (equilibrium) |", "| --- | --- | --- | --- | --- | --- |");
    for (const c of eq.candidates) out.push(`| ${c.rep}${c.rank === 1 ? " **←**" : ""} | ${f(c.m)} | ${f(c.M)} | ${f(c.a, 1)} | ${f(c.A)} | ${f(c.S)} |`);
    out.push("");
    for (const policy of ROUTING_POLICIES) out.push(`- **${policy}** → ${byPolicy[policy].assignee}: ${byPolicy[policy].reason}`);
    out.push("");
  }
  process.stdout.write(`${out.join("\n")}\n`);
} finally {
  await store.close();
}
