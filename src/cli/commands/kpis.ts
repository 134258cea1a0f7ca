/**
 * `proactive kpis (--rep NAME | --team NAME) [--period 2017-Q3] [--json] [--data DIR]`
 * The seven KPIs of a rep or a team (and its sub-teams) for a period (docs/ACTIVITY.md).
 */
import type { Command } from "commander";
import { kpis } from "../../store/kpis.js";
import type { Kpis } from "../../schemas/performance.js";
import { addStoreOptions, CliError, EXIT, withStore, type StoreOptions } from "../context.js";
import { periodOption, repByName, teamByName } from "../lookup.js";

interface KpisOptions extends StoreOptions {
  rep?: string;
  team?: string;
  period?: string;
  json?: boolean;
}

const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(1)}%`);
const amount = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 2 });

export function registerKpis(program: Command): void {
  addStoreOptions(
    program
      .command("kpis")
      .description("KPIs of a rep or a team for a period: pipeline, conversion, revenue, profit, DEAL documents, activities, tier")
      .option("--rep <name>", "one rep")
      .option("--team <name>", "a team and its sub-teams")
      .option("--period <period>", "2017-Q3 or 2017-08 (default: the current month)")
      .option("--json", "print one JSON object"),
  ).action(async (options: KpisOptions) => {
    if ((options.rep === undefined) === (options.team === undefined)) throw new CliError("give --rep NAME or --team NAME (one of them)", EXIT.usage);
    const now = new Date();
    const period = periodOption(options.period, now);
    const result = await withStore(options, "kpis", async (store) => {
      if (options.rep !== undefined) return kpis(store.db, { scope: { kind: "rep", rep: await repByName(store.db, options.rep) }, period, now });
      const team = await teamByName(store.db, options.team!);
      return kpis(store.db, { scope: { kind: "team", teamId: team.id, name: team.name }, period, now });
    });
    process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : describe(result));
  });
}

function describe(k: Kpis): string {
  const tier = k.tier === null ? "–" : typeof k.tier === "string" ? k.tier : `A ${k.tier.A}, B ${k.tier.B}, C ${k.tier.C}`;
  const activity = Object.entries(k.activities)
    .filter(([, c]) => c.proactive + c.reactive > 0)
    .map(([kind, c]) => `${kind} ${c.proactive}/${c.reactive}`);
  return [
    `KPIs of ${k.scope.name} (${k.scope.kind}${k.scope.kind === "team" ? `, ${k.scope.reps} reps` : ""}), ${k.period}`,
    `  Pipeline at ${k.to}: ${k.pipeline.map((s) => `${s.stage} ${s.count} (${amount(s.value)})`).join(", ")}`,
    `  Conversion: ${pct(k.conversion)} (${k.won} won, ${k.lost} lost)`,
    `  Revenue: ${amount(k.revenue)}; profit: ${amount(k.profit)}${k.wonWithoutCost ? ` (${k.wonWithoutCost} won deals without a cost)` : ""}`,
    `  DEAL documents: ${k.dealDocuments.followedUp} of ${k.dealDocuments.meetings} meetings followed up (${pct(k.dealDocuments.share)}), median ${k.dealDocuments.medianDelayHours ?? "–"} h`,
    `  Desired opportunities: ${k.desiredOpportunities.fitting} of ${k.desiredOpportunities.total} fit the ICP (${pct(k.desiredOpportunities.share)})`,
    `  Activities (proactive/reactive): ${activity.join(", ") || "none"}`,
    `  Scorecard: ${pct(k.scorecard.score)}; tier: ${tier}`,
  ].join("\n") + "\n";
}
