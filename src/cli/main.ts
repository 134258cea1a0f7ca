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

export function buildProgram(): Command {
  const program = new Command("proactive")
    .description("Proactive: sales performance on the merit/activity equilibrium")
    .showHelpAfterError()
    .exitOverride();
  registerServe(program);
  registerDemo(program);
  registerToken(program);
  registerImport(program);
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
