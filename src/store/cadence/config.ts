/**
 * The cadence settings of a team, as the domain reads them: team_settings `stale` and
 * `cadence` (each over the documented defaults), merged into one `CadenceConfig`.
 */
import { cadenceConfigSchema, type CadenceConfig } from "../../domain/cadence/index.js";
import type { Db } from "../db.js";
import { effectiveSetting, loadSettings } from "../team-settings.js";

export function cadenceConfigFrom(loaded: Map<string, unknown>, teamId: number | null): CadenceConfig {
  const stale = effectiveSetting(loaded, teamId, "stale").effective;
  const rest = effectiveSetting(loaded, teamId, "cadence").effective;
  return cadenceConfigSchema.parse({ ...rest, stale });
}

export async function cadenceConfigOf(db: Db, teamId: number | null): Promise<CadenceConfig> {
  return cadenceConfigFrom(await loadSettings(db, teamId === null ? [] : [teamId]), teamId);
}
