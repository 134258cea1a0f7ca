/**
 * `proactive stale [--at ISO] [--json] [--data DIR]`: refresh stale-deal nudges once (the rep
 * is nudged first, the manager after the grace period) and queue 1:1 reminders due within
 * 24 h, as the server does every PROACTIVE_CADENCE_INTERVAL_MINUTES.
 */
import type { Command } from "commander";
import { queueReminders } from "../../store/cadence/coaching.js";
import { refreshStaleDeals } from "../../store/cadence/stale.js";
import { addStoreOptions, withStore, type StoreOptions } from "../context.js";
import { instantOption } from "../lookup.js";

interface StaleOptions extends StoreOptions {
  at?: string;
  json?: boolean;
}

export function registerStale(program: Command): void {
  addStoreOptions(
    program
      .command("stale")
      .description("refresh stale-deal nudges and queue 1:1 reminders once (docs/CADENCE.md)")
      .option("--at <date>", "judge as of this instant instead of now")
      .option("--json", "print one JSON object"),
  ).action(async (options: StaleOptions) => {
    const at = options.at ? instantOption(options.at, "--at") : new Date();
    const run = await withStore(options, "stale", async (store) => ({ ...(await refreshStaleDeals(store.db, at)), reminders: await queueReminders(store.db, at) }));
    process.stdout.write(
      options.json
        ? `${JSON.stringify(run)}\n`
        : `Stale deals as of ${run.at}: ${run.stale} stale; ${run.nudged} reps nudged, ${run.escalated} escalated to managers, ${run.resolved} resolved; ${run.reminders} 1:1 reminders queued.\n`,
    );
  });
}
