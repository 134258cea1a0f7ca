/**
 * `proactive sla [--json] [--data DIR]`: runs the first-touch SLA sweep once (the server runs
 * it every PROACTIVE_SLA_INTERVAL_SECONDS): leads assigned longer ago than their team's
 * slaHours with no activity logged against them are routed again, excluding the previous assignees.
 */
import type { Command } from "commander";
import { rerouteOverdueLeads } from "../../store/routing/index.js";
import { addStoreOptions, withStore, type StoreOptions } from "../context.js";
import { describeDecision } from "./route.js";

export function registerSla(program: Command): void {
  addStoreOptions(
    program
      .command("sla")
      .description("re-route leads that missed their first-touch SLA (once)")
      .option("--json", 'print one JSON object {"decisions": [...]}'),
  ).action(async (options: StoreOptions & { json?: boolean }) => {
    const decisions = await withStore(options, "sla", (store) => rerouteOverdueLeads(store.db, new Date()));
    if (options.json) process.stdout.write(`${JSON.stringify({ decisions })}\n`);
    else process.stdout.write(`${[...decisions.map(describeDecision), `${decisions.length} leads re-routed`].join("\n")}\n`);
  });
}
