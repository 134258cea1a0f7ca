/**
 * The `proactive` command line. Each command lives in its own module under `commands/` and
 * registers itself here.
 */
import { Command, CommanderError } from "commander";
import { CliError, EXIT } from "./context.js";
import { registerServe } from "./commands/serve.js";
import { registerDemo } from "./commands/demo.js";
import { registerToken } from "./commands/token.js";
import { registerImport } from "./commands/import.js";
import { registerTargets } from "./commands/targets.js";
import { registerConfig } from "./commands/config.js";
import { registerPacing } from "./commands/pacing.js";
import { registerKpis } from "./commands/kpis.js";
import { registerRoute } from "./commands/route.js";
import { registerSla } from "./commands/sla.js";
import { registerStale } from "./commands/stale.js";
import { registerCadence } from "./commands/cadence.js";

export function buildProgram(): Command {
  const program = new Command("proactive")
    .description("Proactive: sales performance on the merit/activity equilibrium")
    .showHelpAfterError()
    .exitOverride();
  registerServe(program);
  registerDemo(program);
  registerToken(program);
  registerImport(program);
  registerTargets(program);
  registerConfig(program);
  registerPacing(program);
  registerKpis(program);
  registerRoute(program);
  registerSla(program);
  registerStale(program);
  registerCadence(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : EXIT.usage;
      return;
    }
    if (err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT.failure;
  }
}
