/**
 * `proactive import <entity> <file.csv> [--mapping mapping.json] [--json] [--data DIR]`
 * Exit 0: every row imported or unchanged; 1: some rows rejected (the good ones kept);
 * 2: usage error (unknown entity, missing file, bad mapping, required column absent).
 */
import fs from "node:fs";
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { IMPORT_ENTITIES, importCsv, importEntitySchema, ImportUsageError, parseMapping, type ImportReport, type Mapping } from "../../import/index.js";
import { addStoreOptions, CliError, EXIT, withStore, type StoreOptions } from "../context.js";

interface ImportCommandOptions extends StoreOptions {
  mapping?: string;
  json?: boolean;
}

const SHOWN_ERRORS = 20;
/** Files smaller than this finish before a bar would be worth drawing. */
const PROGRESS_MIN_BYTES = 1 << 20;

export function registerImport(program: Command): void {
  addStoreOptions(
    program
      .command("import")
      .description(`import a CSV export (${IMPORT_ENTITIES.join(", ")}); see docs/IMPORT.md`)
      .argument("<entity>", `what the file holds: ${IMPORT_ENTITIES.join(", ")}`)
      .argument("<file>", "the CSV file (header on line 1)")
      .option("--mapping <file>", "JSON mapping of columns and values to canonical fields")
      .option("--json", "print the report as one JSON object"),
  ).action(async (entityArg: string, file: string, options: ImportCommandOptions) => {
    const entity = importEntitySchema.safeParse(entityArg);
    if (!entity.success) throw new CliError(`unknown entity "${entityArg}": use one of ${IMPORT_ENTITIES.join(", ")}`, EXIT.usage);
    const size = fileSize(file);
    const mapping = options.mapping ? readMapping(options.mapping) : undefined;
    const report = await withStore(options, "import", async (store) => {
      const bar = process.stderr.isTTY && size >= PROGRESS_MIN_BYTES ? startBar(size) : undefined;
      try {
        return await importCsv(store.db, entity.data, fs.createReadStream(file), { mapping, onProgress: bar && ((b) => bar.update(b)) });
      } catch (err) {
        if (err instanceof ImportUsageError) throw new CliError(`${file}: ${err.message}`, EXIT.usage);
        throw err;
      } finally {
        bar?.stop();
      }
    });
    process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : summary(entity.data, file, report));
    process.exitCode = report.rejected > 0 ? EXIT.rejected : EXIT.ok;
  });
}

function fileSize(file: string): number {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new CliError(`${file} is not a file`, EXIT.usage);
    return stat.size;
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`, EXIT.usage);
  }
}

function readMapping(file: string): Mapping {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new CliError(`cannot read mapping ${file}: ${(err as Error).message}`, EXIT.usage);
  }
  try {
    return parseMapping(text, file);
  } catch (err) {
    if (err instanceof ImportUsageError) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
}

function startBar(total: number): cliProgress.SingleBar {
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: "importing [{bar}] {percentage}% | {value}/{total} bytes | {eta_formatted} left", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return bar;
}

function summary(entity: string, file: string, r: ImportReport): string {
  const lines = [
    `${file} → ${entity}: ${r.read} rows read, ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.rejected} rejected`,
  ];
  for (const e of r.errors.slice(0, SHOWN_ERRORS)) lines.push(`  line ${e.line}, ${e.field}: ${e.reason}`);
  if (r.errors.length > SHOWN_ERRORS) lines.push(`  and ${r.errors.length - SHOWN_ERRORS} more`);
  return `${lines.join("\n")}\n`;
}
