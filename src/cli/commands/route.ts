/**
 * `proactive route <leads.csv> [--policy P] [--dry-run] [--json] [--mapping m.json] [--data DIR]`
 * routes the file's leads in order of arrivedAt, each as of its own arrivedAt. Rows are read
 * by the import's rules for leads (docs/IMPORT.md); a bad row is reported with its line and
 * field and skipped, the good ones are routed, and the exit status is 1 if any was rejected.
 * `--dry-run` runs everything in one transaction and rolls it back: nothing is stored (but the
 * routing snapshots it reads, a cache, built beforehand).
 */
import fs from "node:fs";
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { ROUTING_POLICIES, type RoutingPolicy } from "../../domain/routing/index.js";
import { parseRow } from "../../import/fields.js";
import { ImportUsageError, parseMapping, resolveColumns, type Mapping } from "../../import/index.js";
import { checkMappingFields, EMPTY_MAPPING } from "../../import/mapping.js";
import { readCsv } from "../../import/parse.js";
import type { DecisionJson } from "../../schemas/routing.js";
import type { Db } from "../../store/db.js";
import { prepareRoutingSnapshots, resolveLeadRefs, routeLeadInStore, type NewLead } from "../../store/routing/index.js";
import type { LeadDraft } from "../../store/routing/refs.js";
import { addStoreOptions, CliError, EXIT, withStore, type StoreOptions } from "../context.js";

interface RouteCommandOptions extends StoreOptions {
  policy?: string;
  dryRun?: boolean;
  json?: boolean;
  mapping?: string;
}

interface RowError {
  line: number;
  field: string;
  reason: string;
}

class DryRunRollback extends Error {}

/** Reads and checks the file; returns good drafts with their lines and the rejected rows' errors. */
async function readLeads(file: string, mapping: Mapping): Promise<{ drafts: { line: number; draft: LeadDraft }[]; errors: RowError[]; rejected: number }> {
  checkMappingFields(mapping, "leads");
  const drafts: { line: number; draft: LeadDraft }[] = [];
  const errors: RowError[] = [];
  let rejected = 0;
  let columns: [string, number][] | undefined;
  let width = 0;
  const seen = new Set<string>();
  for await (const { line, cells } of readCsv(fs.createReadStream(file))) {
    if (!columns) {
      columns = [...resolveColumns(cells, "leads", mapping)];
      width = cells.length;
      continue;
    }
    if (cells.length < width || cells.slice(width).some((c) => c.trim() !== "")) {
      rejected++;
      errors.push({ line, field: "row", reason: `expected ${width} cells, found ${cells.length}` });
      continue;
    }
    const raw: Record<string, string> = {};
    for (const [field, index] of columns) {
      const cell = cells[index]!.trim();
      raw[field] = mapping.values[field]?.[cell] ?? cell;
    }
    const parsed = parseRow("leads", raw);
    if (parsed.issues) {
      rejected++;
      for (const issue of parsed.issues) errors.push({ line, ...issue });
      continue;
    }
    const row = parsed.row;
    if (seen.has(row.externalId)) {
      rejected++;
      errors.push({ line, field: "externalId", reason: "duplicate: an earlier row of this file has the same externalId" });
      continue;
    }
    seen.add(row.externalId);
    drafts.push({
      line,
      draft: {
        externalId: row.externalId,
        arrivedAt: row.arrivedAt,
        team: row.team,
        product: row.product,
        segment: row.segment,
        region: row.region,
        language: row.language,
        account: row.account,
        source: row.source,
        valueCents: row.value,
      },
    });
  }
  if (!columns) throw new ImportUsageError("the file is empty (no header line)");
  return { drafts, errors, rejected };
}

async function routeAll(db: Db, leads: NewLead[], policy: RoutingPolicy | undefined, onDecision: (d: DecisionJson) => void): Promise<void> {
  for (const lead of leads) onDecision((await routeLeadInStore(db, lead, { policy })).decision);
}

export function describeDecision(d: DecisionJson): string {
  return `${d.lead} → ${d.assignee ?? "nobody"} (${d.policy}): ${d.reason}`;
}

export function registerRoute(program: Command): void {
  addStoreOptions(
    program
      .command("route")
      .description("route the leads of a CSV file, each as of its arrivedAt; see docs/ROUTING.md")
      .argument("<file>", "leads CSV (the import's lead fields: externalId, arrivedAt, team, product, …)")
      .option("--policy <policy>", `route with this policy instead of each team's (${ROUTING_POLICIES.join(", ")})`)
      .option("--dry-run", "show the decisions, store nothing")
      .option("--json", 'print one JSON object {"decisions": [...]}')
      .option("--mapping <file>", "JSON mapping of columns and values to canonical lead fields"),
  ).action(async (file: string, options: RouteCommandOptions) => {
    if (options.policy !== undefined && !(ROUTING_POLICIES as readonly string[]).includes(options.policy)) {
      throw new CliError(`--policy must be one of ${ROUTING_POLICIES.join(", ")}, not "${options.policy}"`, EXIT.usage);
    }
    const policy = options.policy as RoutingPolicy | undefined;
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new CliError(`cannot read ${file}: no such file`, EXIT.usage);
    let mapping = EMPTY_MAPPING;
    try {
      if (options.mapping) mapping = parseMapping(fs.readFileSync(options.mapping, "utf8"), options.mapping);
    } catch (err) {
      if (err instanceof ImportUsageError) throw new CliError(err.message, EXIT.usage);
      throw new CliError(`cannot read mapping ${options.mapping}: ${(err as Error).message}`, EXIT.usage);
    }

    const result = await withStore(options, "route", async (store) => {
      let read;
      try {
        read = await readLeads(file, mapping);
      } catch (err) {
        if (err instanceof ImportUsageError) throw new CliError(`${file}: ${err.message}`, EXIT.usage);
        throw err;
      }
      const { drafts, errors } = read;
      let rejected = read.rejected;
      const resolved = await resolveLeadRefs(store.db, drafts.map((d) => d.draft));
      const leads: { line: number; lead: NewLead }[] = [];
      resolved.forEach((r, i) => {
        const line = drafts[i]!.line;
        if ("issues" in r) {
          rejected++;
          for (const issue of r.issues) errors.push({ line, ...issue });
        } else leads.push({ line, lead: r });
      });
      leads.sort((x, y) => x.lead.arrivedAt.getTime() - y.lead.arrivedAt.getTime() || x.line - y.line);
      errors.sort((a, b) => a.line - b.line);

      const decisions: DecisionJson[] = [];
      const bar =
        process.stderr.isTTY && leads.length > 1
          ? new cliProgress.SingleBar(
              { stream: process.stderr, format: "routing [{bar}] {value}/{total} leads | {eta_formatted} left", hideCursor: true },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
      bar?.start(leads.length, 0);
      const onDecision = (d: DecisionJson) => {
        decisions.push(d);
        bar?.increment();
      };
      try {
        const list = leads.map((l) => l.lead);
        if (options.dryRun) {
          // Counts the dry run reads are built (and kept: they are a cache) before its one long
          // transaction starts, so it never holds the snapshot lock that writers wait on.
          await prepareRoutingSnapshots(store.db, list);
          await store.db
            .transaction(async (tx) => {
              await routeAll(tx as unknown as Db, list, policy, onDecision);
              throw new DryRunRollback();
            })
            .catch((err: unknown) => {
              if (!(err instanceof DryRunRollback)) throw err;
            });
        } else await routeAll(store.db, list, policy, onDecision);
      } finally {
        bar?.stop();
      }
      return { decisions, rejected, errors };
    });

    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      const lines = result.decisions.map(describeDecision);
      const verb = options.dryRun ? "would be routed (dry run: nothing stored)" : "routed";
      lines.push(`${result.decisions.length} leads ${verb}, ${result.rejected} rejected`);
      for (const e of result.errors.slice(0, 20)) lines.push(`  line ${e.line}, ${e.field}: ${e.reason}`);
      if (result.errors.length > 20) lines.push(`  and ${result.errors.length - 20} more`);
      process.stdout.write(`${lines.join("\n")}\n`);
    }
    process.exitCode = result.rejected > 0 ? EXIT.rejected : EXIT.ok;
  });
}
