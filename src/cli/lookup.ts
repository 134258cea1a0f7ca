/**
 * What the activity-management commands share: finding a rep or a team by name, and reading
 * a period or an instant from an option, each a usage error (exit 2) when wrong.
 */
import { sql } from "drizzle-orm";
import { parsePeriod, PERIOD_FORMAT_MESSAGE, type Period } from "../domain/periods.js";
import { findUserByName, type RepRow } from "../store/activity-history.js";
import { query, type Db } from "../store/db.js";
import { CliError, EXIT } from "./context.js";

export async function repByName(db: Db, name: string): Promise<RepRow> {
  const rep = await findUserByName(db, name);
  if (!rep) throw new CliError(`no person named "${name}"`, EXIT.usage);
  return rep;
}

export async function teamByName(db: Db, name: string): Promise<{ id: number; name: string }> {
  const [team] = await query<{ id: number; name: string }>(db, sql`select id, name from teams where name = ${name}`);
  if (!team) {
    const known = (await query<{ name: string }>(db, sql`select name from teams order by name limit 20`)).map((t) => t.name);
    throw new CliError(`no team named "${name}"${known.length ? ` (teams: ${known.join(", ")})` : ""}`, EXIT.usage);
  }
  return { id: Number(team.id), name: team.name };
}

export function periodOption(label: string | undefined, now: Date): Period {
  try {
    return parsePeriod(label ?? now.toISOString().slice(0, 7));
  } catch {
    throw new CliError(`--period: ${PERIOD_FORMAT_MESSAGE}`, EXIT.usage);
  }
}

/** `2017-08-15` (midnight UTC) or an ISO date-time with an offset. */
export function instantOption(text: string, option: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(text) || /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(text);
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!ok || Number.isNaN(at.getTime())) throw new CliError(`${option}: "${text}" is not a date (YYYY-MM-DD) or an ISO date-time with an offset`, EXIT.usage);
  return at;
}
