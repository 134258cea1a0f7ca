/**
 * The real CRM sample (examples/crm-sample/location.ts) imported with examples/crm-sample mappings,
 * plus a generated, seeded file of proactive activity for the 14 days before `SAMPLE_T` (the
 * sample has none), so the three policies can be compared on real merit history.
 * Used by test/routing-sample.test.ts and scripts/sample-routing.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { ROUTING_POLICIES, type RoutingPolicy } from "../../src/domain/routing/index.js";
import { importCsv, parseMapping } from "../../src/import/index.js";
import type { DecisionJson } from "../../src/schemas/routing.js";
import { query, sql, type Db } from "../../src/store/db.js";
import { resolveLeadRefs, routeLeadInStore, type NewLead } from "../../src/store/routing/index.js";
import { rng } from "./routing-fixtures.js";
import { SAMPLE_DIR } from "../../examples/crm-sample/location.js";

export { SAMPLE_DIR };
/** Just after the sample's last close date (2017-12-31). */
export const SAMPLE_T = new Date("2018-01-02T10:00:00Z");
export const SAMPLE_TEAM = "Melvin Marxen's team";

const mapping = (entity: string) => parseMapping(fs.readFileSync(`examples/crm-sample/${entity}.mapping.json`, "utf8"));

/** Seeded activity CSV: each rep gets an activity level, from idle to far past any target. */
export function generatedActivityCsv(repNames: readonly string[], seed = 1): string {
  const r = rng(seed);
  const lines = ["externalId,rep,kind,proactive,at"];
  let n = 0;
  for (const rep of repNames) {
    const level = r.pick([0, 0.5, 1, 2, 4]);
    for (let day = 1; day <= 14; day++) {
      const date = new Date(SAMPLE_T.getTime() - day * 86_400_000);
      const count = Math.round(level * (2 + r.int(0, 4)));
      for (let k = 0; k < count; k++) {
        const kind = r.pick(["call", "call", "call", "email", "email", "meeting", "proposal"] as const);
        const at = new Date(date.getTime() + r.int(0, 8 * 3600) * 1000).toISOString();
        lines.push(`S-${++n},${rep},${kind},${r.next() < 0.75},${at}`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

export async function loadSample(db: Db): Promise<{ activities: number }> {
  for (const [entity, file] of [
    ["products", "products.csv"],
    ["accounts", "accounts.csv"],
    ["reps", "sales_teams.csv"],
    ["opportunities", "sales_pipeline.csv"],
  ] as const) {
    const report = await importCsv(db, entity, fs.createReadStream(path.join(SAMPLE_DIR, file)), { mapping: mapping(entity) });
    if (report.rejected) throw new Error(`${entity}: ${report.rejected} rows rejected`);
  }
  const reps = await query<{ name: string }>(db, sql`select name from users where role = 'rep' order by name`);
  const report = await importCsv(db, "activities", generatedActivityCsv(reps.map((r) => r.name)));
  if (report.rejected) throw new Error(`activities: ${report.rejected} rows rejected`);
  return { activities: report.created };
}

export const SAMPLE_LEADS = [
  { externalId: "S-L1", product: "GTX Pro", valueCents: 480_000 },
  { externalId: "S-L2", product: "MG Special", valueCents: 5_500 },
  { externalId: "S-L3", product: "GTX Plus Pro", valueCents: 550_000 },
  { externalId: "S-L4", product: "MG Advanced", valueCents: 340_000 },
  { externalId: "S-L5", product: "GTK 500", valueCents: 2_600_000 },
];

class Rollback extends Error {}

/** The decision each policy makes for `lead` at SAMPLE_T, each in a transaction that is rolled back. */
export async function decideUnderEachPolicy(db: Db, lead: (typeof SAMPLE_LEADS)[number]): Promise<Record<RoutingPolicy, DecisionJson>> {
  const [resolved] = await resolveLeadRefs(db, [{ ...lead, team: SAMPLE_TEAM, arrivedAt: SAMPLE_T }]);
  if (!resolved || "issues" in resolved) throw new Error(`lead ${lead.externalId}: ${JSON.stringify(resolved)}`);
  const out: Partial<Record<RoutingPolicy, DecisionJson>> = {};
  for (const policy of ROUTING_POLICIES) {
    await db
      .transaction(async (tx) => {
        out[policy] = (await routeLeadInStore(tx as unknown as Db, resolved as NewLead, { policy })).decision;
        throw new Rollback();
      })
      .catch((err: unknown) => {
        if (!(err instanceof Rollback)) throw err;
      });
  }
  return out as Record<RoutingPolicy, DecisionJson>;
}
