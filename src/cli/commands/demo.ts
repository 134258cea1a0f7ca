/**
 * `proactive demo [--reps N] [--months M] [--seed S] [--teams T] [--json] [--data DIR]`
 * Loads a deterministic demo organisation into an empty store (exit 1 if it has users
 * already: a demo never mixes with real data). Bigger demos are for benchmarks.
 */
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { z } from "zod";
import { describeSignIn, isStoreEmpty, loadDemo, type DemoSummary } from "../../demo/index.js";
import { addStoreOptions, CliError, EXIT, withStore, type StoreOptions } from "../context.js";

const demoOptionsSchema = z.object({
  reps: z.coerce.number().int().min(1).max(100_000).default(18),
  months: z.coerce.number().int().min(1).max(120).default(12),
  seed: z.coerce.number().int().min(0).max(2 ** 32 - 1).default(42),
  teams: z.coerce.number().int().min(1).max(10_000).optional(),
  json: z.boolean().default(false),
});

interface DemoCommandOptions extends StoreOptions {
  reps?: string;
  months?: string;
  seed?: string;
  teams?: string;
  json?: boolean;
}

export function registerDemo(program: Command): void {
  addStoreOptions(
    program
      .command("demo")
      .description("load a realistic demo sales organisation (12 months of history) into an empty store")
      .option("--reps <n>", "sales reps (default 18)")
      .option("--months <m>", "months of history ending today (default 12)")
      .option("--seed <s>", "seed: the same seed builds the same demo (default 42)")
      .option("--teams <t>", "sales teams (default max(3, ceil(reps / 6)))")
      .option("--json", "print the summary as one JSON object"),
  ).action(async (raw: DemoCommandOptions) => {
    const parsed = demoOptionsSchema.safeParse(raw);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ");
      throw new CliError(`invalid option: ${problems}`, EXIT.usage);
    }
    const { json, ...options } = parsed.data;
    const summary = await withStore(raw, "demo", async (store) => {
      if (!(await isStoreEmpty(store.db))) {
        throw new CliError(
          `the store at ${store.location} already has users; the demo only loads into an empty store. ` +
            "Use a fresh --data DIR (or an empty database in DATABASE_URL).",
          EXIT.rejected,
        );
      }
      const progress = !json && process.stderr.isTTY ? phaseBar() : undefined;
      try {
        return await loadDemo(store.db, { ...options, onProgress: progress?.update });
      } finally {
        progress?.stop();
      }
    });
    process.stdout.write(json ? `${JSON.stringify(summary)}\n` : describe(summary));
  });
}

/** One bar on stderr, restarted for each phase of the load. */
function phaseBar(): { update: (p: { phase: string; done: number; total: number }) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: "{phase} [{bar}] {percentage}% | {value}/{total}", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | undefined;
  return {
    update: (p) => {
      if (p.phase !== phase) {
        if (phase !== undefined) bar.stop();
        phase = p.phase;
        bar.start(p.total, p.done, { phase: p.phase.padEnd(13) });
      } else {
        bar.setTotal(p.total);
        bar.update(p.done);
      }
    },
    stop: () => {
      if (phase !== undefined) bar.stop();
    },
  };
}

function describe(s: DemoSummary): string {
  const c = s.counts;
  const lines = [
    `Demo loaded in ${(s.elapsedMs / 1000).toFixed(1)} s (seed ${s.options.seed}, ${s.options.reps} reps in ${s.options.teams} teams, ` +
      `${s.options.months} months to ${s.options.now.slice(0, 10)}):`,
    `  ${c.teams} teams, ${c.users} users, ${c.accounts} accounts, ${c.products} products, ${c.opportunities} opportunities, ` +
      `${c.activities} activities, ${c.quotas} quotas, ${c.leads} new leads`,
    ...describeSignIn(s),
  ];
  return `${lines.join("\n")}\n`;
}
