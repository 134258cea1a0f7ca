/**
 * Per-team settings (stage win rates, scorecard, ICP, pacing, tiers): one jsonb row per
 * (team, key), a null team being the organisation default. A team's own value replaces the
 * default as a whole (no merging of halves). Every change writes an audit_log row.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { SETTING_SCHEMAS, type SettingKey } from "../schemas/performance.js";
import { query, type Db } from "./db.js";
import { auditLog } from "./schema.js";

export type SettingValue<K extends SettingKey> = z.infer<(typeof SETTING_SCHEMAS)[K]>;

export class SettingError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ResolvedSetting<K extends SettingKey> {
  teamId: number;
  key: K;
  value: unknown;
  effective: SettingValue<K>;
  source: "team" | "organisation" | "default";
}

/** Every key of every team in the list, and the organisation defaults, in one query. */
export async function loadSettings(db: Db, teamIds: readonly number[]): Promise<Map<string, unknown>> {
  const ids = teamIds.length ? sql.join(teamIds.map((id) => sql`${id}`), sql`, `) : sql`null`;
  const rows = await query<{ team_id: number | null; key: string; value: unknown }>(
    db,
    sql`select team_id, key, value from team_settings where team_id is null or team_id in (${ids})`,
  );
  return new Map(rows.map((r) => [`${r.team_id ?? "org"}:${r.key}`, r.value]));
}

/** The value that applies to a team, from settings loaded with `loadSettings`. */
export function effectiveSetting<K extends SettingKey>(
  loaded: Map<string, unknown>,
  teamId: number | null,
  key: K,
): Omit<ResolvedSetting<K>, "teamId" | "key"> {
  const own = teamId === null ? undefined : loaded.get(`${teamId}:${key}`);
  const org = loaded.get(`org:${key}`);
  const raw = own ?? org;
  const parsed = SETTING_SCHEMAS[key].safeParse(raw ?? {});
  // A stored value that no longer parses (a schema changed) falls back to the defaults.
  const effective = (parsed.success ? parsed.data : SETTING_SCHEMAS[key].parse({})) as SettingValue<K>;
  return { value: own ?? null, effective, source: own !== undefined ? "team" : org !== undefined ? "organisation" : "default" };
}

export async function getSetting<K extends SettingKey>(db: Db, teamId: number, key: K): Promise<ResolvedSetting<K>> {
  return { teamId, key, ...effectiveSetting(await loadSettings(db, [teamId]), teamId, key) };
}

/**
 * Validates `value` with the key's schema (stage names must be stages that exist) and stores
 * it for the team, with an audit row of before and after, in one transaction.
 */
export async function putSetting<K extends SettingKey>(
  db: Db,
  options: { teamId: number; key: K; value: unknown; actorId: number | null },
): Promise<ResolvedSetting<K>> {
  const { teamId, key, actorId } = options;
  const parsed = SETTING_SCHEMAS[key].safeParse(options.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ["value", ...issue.path.map(String)].join(".");
    throw new SettingError(field, `${field}: ${issue.message}`);
  }
  if (key === "stageWinRates") {
    const known = (await query<{ name: string }>(db, sql`select name from stages where closes is null order by position`)).map((r) => r.name);
    const unknown = Object.keys(parsed.data as Record<string, number>).filter((s) => !known.includes(s));
    if (unknown.length) {
      throw new SettingError(`value.${unknown[0]}`, `unknown stage "${unknown[0]}" (open stages: ${known.join(", ")})`);
    }
  }
  // Store what was given (validated), not the defaults filled in: defaults may improve later.
  const stored = options.value as object;
  await db.transaction(async (tx) => {
    const [before] = await query<{ value: unknown }>(
      tx as unknown as Db,
      sql`select value from team_settings where team_id = ${teamId} and key = ${key} for update`,
    );
    await query(
      tx as unknown as Db,
      sql`insert into team_settings (team_id, key, value, updated_by, updated_at)
          values (${teamId}, ${key}, ${JSON.stringify(stored)}::jsonb, ${actorId}, now())
          on conflict (coalesce(team_id, 0), key) do update
            set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()`,
    );
    await tx.insert(auditLog).values({
      actorId,
      action: "setting",
      entity: "team_settings",
      entityId: `${teamId}:${key}`,
      before: before?.value ?? null,
      after: stored,
    });
  });
  return getSetting(db, teamId, key);
}
