/**
 * `proactive pacing [--at ISO] [--json] [--data DIR]`: judge every rep's current month (and
 * quarter, with a quarterly quota) once and raise pacing alerts, as the server does hourly.
 */
import type { Command } from "commander";
import { raisePacingAlerts } from "../../store/pacing.js";
import { addStoreOptions, withStore, type StoreOptions } from "../context.js";
import { instantOption } from "../lookup.js";

interface PacingOptions extends StoreOptions {
  at?: string;
  json?: boolean;
}

export function registerPacing(program: Command): void {
  addStoreOptions(
    program
      .command("pacing")
      .description("raise pacing alerts once (the server runs this every hour)")
      .option("--at <date>", "judge as of this instant instead of now")
      .option("--json", "print one JSON object"),
  ).action(async (options: PacingOptions) => {
    const at = options.at ? instantOption(options.at, "--at") : new Date();
    const run = await withStore(options, "pacing", (store) => raisePacingAlerts(store.db, at));
    process.stdout.write(
      options.json
        ? `${JSON.stringify(run)}\n`
        : `Pacing as of ${run.at}: ${run.checked} rep-periods checked (${run.statuses["on-track"]} on track, ${run.statuses.behind} behind, ${run.statuses["at-risk"]} at risk); ${run.raised} alerts raised, ${run.resolved} resolved, ${run.escalated} passed to managers.\n`,
    );
  });
}
