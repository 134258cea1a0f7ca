/**
 * A rep's targets for a period as of an instant: load what `computeTargets` reads (quota, the
 * team's opportunities in one query, the rep's daily activity counts, stage order, the team's
 * settings), convert cents to major units, and call the domain. No formula lives here.
 */
import { computeTargets, type TargetsInput, type TargetsResult } from "../domain/targets/index.js";
import { addDays, type Period } from "../domain/periods.js";
import type { Db } from "./db.js";
import { findUser, loadDailyActivity, loadOpportunities, loadQuotas, stageOrder, type LoadedOpportunity, type RepRow } from "./activity-history.js";
import { effectiveSetting, loadSettings } from "./team-settings.js";
import { query, sql } from "./db.js";

export class TargetsError extends Error {
  constructor(
    readonly code: "not_found" | "validation",
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Days of activity `computeTargets` can read before `at`: the conversion window (90 days by default). */
const ACTIVITY_LOOKBACK_DAYS = 366;

/** Everything but `at`: the same input serves any instant of the period (pacing history). */
export type LoadedTargetsInput = Omit<TargetsInput, "at">;

/** The rep's team (their direct team's members, any role) and its opportunities. */
async function teamMemberIds(db: Db, rep: RepRow): Promise<number[]> {
  if (rep.teamId === null) return [rep.id];
  const rows = await query<{ id: number }>(db, sql`select id from users where team_id = ${rep.teamId}`);
  const ids = new Set(rows.map((r) => Number(r.id)));
  ids.add(rep.id);
  return [...ids];
}

export interface TargetsLoad {
  rep: RepRow;
  quota: number;
  opportunities: LoadedOpportunity[];
  input: LoadedTargetsInput;
}

/**
 * Loads the targets input of `rep` for `period`, with activity up to `until`. Throws
 * TargetsError(not_found) when the rep has no quota for the period.
 */
export async function loadTargetsInput(db: Db, rep: RepRow, period: Period, until: Date): Promise<TargetsLoad> {
  const [quotas, memberIds, stages, settings] = await Promise.all([
    loadQuotas(db, [rep.id], period),
    teamMemberIds(db, rep),
    stageOrder(db),
    loadSettings(db, rep.teamId === null ? [] : [rep.teamId]),
  ]);
  const quota = quotas.get(rep.id);
  if (quota === undefined) {
    throw new TargetsError("not_found", `${rep.name} has no quota for ${period.label} (import quotas, or give another period)`);
  }
  const from = addDays(period.start < until ? period.start : until, -ACTIVITY_LOOKBACK_DAYS);
  const [opportunities, activities] = await Promise.all([
    loadOpportunities(db, memberIds),
    loadDailyActivity(db, [rep.id], { start: from, end: until }),
  ]);
  const stageWinRates = effectiveSetting(settings, rep.teamId, "stageWinRates").effective;
  const { graceDays: _grace, ...pacing } = effectiveSetting(settings, rep.teamId, "pacing").effective;
  return {
    rep,
    quota,
    opportunities,
    input: { repId: rep.id, period, quota, opportunities, activities, stageOrder: stages, config: { stageWinRates, pacing } },
  };
}

export interface RepTargets extends TargetsResult {
  repName: string;
}

/** `computeTargets` for one rep, loaded from the store. `at` must lie in the period. */
export async function repTargets(db: Db, options: { repId: number; period: Period; at: Date }): Promise<RepTargets> {
  const { period, at } = options;
  if (at < period.start || at > period.end) {
    throw new TargetsError("validation", `${at.toISOString()} is outside ${period.label}`, "at");
  }
  const rep = await findUser(db, options.repId);
  if (!rep) throw new TargetsError("not_found", "Rep not found");
  const loaded = await loadTargetsInput(db, rep, period, at);
  return { repName: rep.name, ...computeTargets({ ...loaded.input, at }) };
}

/** The default "as of" for a period: now, kept inside the period. */
export function atWithin(period: Period, now: Date): Date {
  if (now < period.start) return period.start;
  if (now > period.end) return period.end;
  return now;
}
