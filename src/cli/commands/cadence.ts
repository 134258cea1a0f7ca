/**
 * `proactive cadence --manager NAME (--ics | [--team NAME] [--period P] [--json]) [--data DIR]`
 * The manager's 1:1s as an iCalendar feed (--ics), or a team's cadence report: preemptive
 * ratio with its weekly trend, promise-keeping, 1:1 adherence and flagged managers.
 *
 * `proactive notify [--json]`: deliver the notification outbox once (webhooks, and email when
 * PROACTIVE_SMTP_URL is set), as the server does every PROACTIVE_NOTIFY_INTERVAL_SECONDS.
 * `proactive notify --dead [--json]`: list the items given up on, with each target's last error.
 */
import type { Command } from "commander";
import { deadItems, dispatchOutbox, outboxCounts } from "../../notify/dispatch.js";
import { smtpMailer } from "../../notify/email.js";
import type { TeamCadence } from "../../schemas/cadence.js";
import { managerIcs } from "../../store/cadence/coaching.js";
import { teamCadence } from "../../store/cadence/report.js";
import { addStoreOptions, CliError, EXIT, withStore, type StoreOptions } from "../context.js";
import { periodOption, repByName, teamByName } from "../lookup.js";

interface CadenceOptions extends StoreOptions {
  manager?: string;
  team?: string;
  ics?: boolean;
  period?: string;
  json?: boolean;
}

const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(0)}%`);

export function registerCadence(program: Command): void {
  addStoreOptions(
    program
      .command("cadence")
      .description("a manager's 1:1 calendar (--ics) or a team's cadence report (docs/CADENCE.md)")
      .option("--manager <name>", "the manager (with --ics)")
      .option("--ics", "print the manager's 1:1s as an iCalendar feed")
      .option("--team <name>", "the team of the report")
      .option("--period <period>", "2017-Q3 or 2017-08 (default: the current month)")
      .option("--json", "print one JSON object"),
  ).action(async (options: CadenceOptions) => {
    const now = new Date();
    if (options.ics) {
      if (!options.manager) throw new CliError("--ics needs --manager NAME", EXIT.usage);
      const ics = await withStore(options, "cadence", async (store) => managerIcs(store.db, (await repByName(store.db, options.manager!)).id, now));
      process.stdout.write(ics);
      return;
    }
    if (!options.team) throw new CliError("give --manager NAME --ics, or --team NAME for the report", EXIT.usage);
    const period = periodOption(options.period, now);
    const report = await withStore(options, "cadence", async (store) => teamCadence(store.db, { teamId: (await teamByName(store.db, options.team!)).id, period, now }));
    process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : describe(report));
  });

  addStoreOptions(
    program
      .command("notify")
      .description("deliver the notification outbox once: signed webhooks, and email when PROACTIVE_SMTP_URL is set")
      .option("--dead", "deliver nothing; list the items given up on (dead) with each target's last error")
      .option("--json", "print one JSON object"),
  ).action(async (options: StoreOptions & { json?: boolean; dead?: boolean }) => {
    if (options.dead) {
      const dead = await withStore(options, "notify", (store) => deadItems(store.db));
      if (options.json) process.stdout.write(`${JSON.stringify({ dead })}\n`);
      else {
        const lines = dead.map(
          (d) =>
            `#${d.id} ${d.kind}, created ${d.createdAt}, dead since ${d.failedAt} after ${d.attempts} attempts\n` +
            d.targets.map((t) => `    ${t.target}: ${t.status}${t.code === null ? "" : ` ${t.code}`}${t.error ? ` (${t.error})` : ""}`).join("\n"),
        );
        process.stdout.write(dead.length ? `${lines.join("\n")}\n` : "No dead notifications.\n");
      }
      return;
    }
    const { run, counts } = await withStore(options, "notify", async (store, env) => {
      const mailer = env.PROACTIVE_SMTP_URL ? smtpMailer(env.PROACTIVE_SMTP_URL, env.PROACTIVE_SMTP_FROM) : null;
      try {
        const run = await dispatchOutbox(store.db, { now: () => new Date(), mailer });
        return { run, counts: await outboxCounts(store.db) };
      } finally {
        mailer?.close();
      }
    });
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ ...run, outbox: counts })}\n`
        : `Outbox: ${run.claimed} due, ${run.delivered} delivered, ${run.retrying} to retry, ${run.failed} given up. ` +
            `Now ${counts.pending} pending (${counts.retrying} retrying), ${counts.dead} dead${counts.dead ? " (proactive notify --dead)" : ""}.\n`,
    );
  });
}

function describe(r: TeamCadence): string {
  return (
    [
      `Cadence of team #${r.teamId}, ${r.period}`,
      `  Preemptive: ${pct(r.preemptive.team.ratio)} (${r.preemptive.team.preemptive} of ${r.preemptive.team.updates} updates)`,
      ...r.preemptive.reps.map((p) => `    ${p.name}: ${pct(p.ratio)} of ${p.updates}`),
      `  Promises kept: ${r.promiseKeeping.map((k) => `${k.name} ${k.kept}/${k.kept + k.broken}`).join(", ") || "none"}`,
      `  1:1 adherence: ${r.adherence.map((a) => `${a.name} ${pct(a.rate)} (streak ${a.currentStreak})${a.flagged ? " FLAGGED" : ""}`).join(", ") || "no schedules"}`,
    ].join("\n") + "\n"
  );
}
