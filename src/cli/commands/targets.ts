/**
 * `proactive targets --rep NAME [--period 2017-Q3] [--at 2017-08-15] [--json] [--data DIR]`
 * A rep's reverse-funnel targets and pacing (docs/TARGETS.md). Plain output is the domain's
 * working, one line per step; --json prints one object (money in major units).
 */
import type { Command } from "commander";
import { atWithin, repTargets, TargetsError } from "../../store/targets.js";
import { addStoreOptions, CliError, EXIT, withStore, type StoreOptions } from "../context.js";
import { instantOption, periodOption, repByName } from "../lookup.js";

interface TargetsOptions extends StoreOptions {
  rep: string;
  period?: string;
  at?: string;
  json?: boolean;
}

export function registerTargets(program: Command): void {
  addStoreOptions(
    program
      .command("targets")
      .description("a rep's targets: new opportunities needed, by when, weekly pace and pacing status (docs/TARGETS.md)")
      .requiredOption("--rep <name>", "the rep")
      .option("--period <period>", "2017-Q3 or 2017-08 (default: the current month)")
      .option("--at <date>", "as of this date or ISO date-time in the period (default: now)")
      .option("--json", "print one JSON object"),
  ).action(async (options: TargetsOptions) => {
    const now = new Date();
    const period = periodOption(options.period, now);
    const at = options.at ? instantOption(options.at, "--at") : atWithin(period, now);
    const result = await withStore(options, "targets", async (store) => {
      const rep = await repByName(store.db, options.rep);
      try {
        return await repTargets(store.db, { repId: rep.id, period, at });
      } catch (err) {
        if (err instanceof TargetsError) throw new CliError(err.message, err.code === "validation" ? EXIT.usage : EXIT.failure);
        throw err;
      }
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    const lines = [
      `Targets for ${result.repName}, ${result.period}, as of ${result.at}`,
      ...result.working.lines.map((l) => `  ${l}`),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  });
}
