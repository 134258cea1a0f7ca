/**
 * `proactive config --team NAME [--stage-win-rates JSON] [--scorecard JSON] [--icp JSON]
 *  [--pacing JSON] [--tiers JSON] [--show] [--json] [--data DIR]`
 * Sets a team's settings (each validated by the domain's schema, audited), or shows them.
 */
import type { Command } from "commander";
import { SETTING_KEYS, type SettingKey } from "../../schemas/performance.js";
import { getSetting, putSetting, SettingError } from "../../store/team-settings.js";
import { addStoreOptions, CliError, EXIT, withStore, type StoreOptions } from "../context.js";
import { teamByName } from "../lookup.js";

type ConfigOptions = StoreOptions & { team: string; show?: boolean; json?: boolean } & Partial<Record<SettingKey, string>>;

const OPTION_OF: Record<SettingKey, string> = {
  stageWinRates: "--stage-win-rates",
  scorecard: "--scorecard",
  icp: "--icp",
  pacing: "--pacing",
  tiers: "--tiers",
  stale: "--stale",
  cadence: "--cadence",
};

export function registerConfig(program: Command): void {
  addStoreOptions(
    program
      .command("config")
      .description("set or show a team's settings: stage win rates, scorecard, ICP, pacing, tiers (docs/ACTIVITY.md)")
      .requiredOption("--team <name>", "the team")
      .option("--stage-win-rates <json>", 'win probability per open stage, e.g. {"Prospecting":0.1,"Engaging":0.4}')
      .option("--scorecard <json>", "scorecard weights, weekly targets, proactiveOnly")
      .option("--icp <json>", "ideal customer profile: sectors, employees {min,max}, regions")
      .option("--pacing <json>", "pacing thresholds and graceDays")
      .option("--tiers <json>", "tier weights and shares")
      .option("--stale <json>", "stale deals: earlyDays, lateDays, byStage, graceDays (docs/CADENCE.md)")
      .option("--cadence <json>", "1:1 adherence, discountThresholdPct, discoveryStage (docs/CADENCE.md)")
      .option("--show", "print every setting of the team")
      .option("--json", "print one JSON object"),
  ).action(async (options: ConfigOptions) => {
    const changes = SETTING_KEYS.filter((k) => options[k] !== undefined).map((key) => {
      try {
        return { key, value: JSON.parse(options[key]!) as unknown };
      } catch (err) {
        throw new CliError(`${OPTION_OF[key]}: not valid JSON (${(err as Error).message})`, EXIT.usage);
      }
    });
    if (changes.length === 0 && !options.show) throw new CliError(`give a setting to change (${Object.values(OPTION_OF).join(", ")}) or --show`, EXIT.usage);
    const result = await withStore(options, "config", async (store) => {
      const team = await teamByName(store.db, options.team);
      for (const { key, value } of changes) {
        try {
          await putSetting(store.db, { teamId: team.id, key, value, actorId: null });
        } catch (err) {
          if (err instanceof SettingError) throw new CliError(`${OPTION_OF[key]}: ${err.message}`, EXIT.usage);
          throw err;
        }
      }
      const keys = options.show ? SETTING_KEYS : changes.map((c) => c.key);
      const settings = Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await getSetting(store.db, team.id, k)] as const)));
      return { team: team.name, teamId: team.id, settings };
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    const lines = [`Settings of ${result.team}:`];
    for (const [key, s] of Object.entries(result.settings)) lines.push(`  ${key} (${s.source}): ${JSON.stringify(s.effective)}`);
    process.stdout.write(`${lines.join("\n")}\n`);
  });
}
