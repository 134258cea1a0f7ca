/**
 * A rep's targets for a period as of an instant: load what `computeTargets` reads (quota, the
 * team's opportunities in one query, the rep's proactive daily activity counts, stage order,
 * the team's settings), convert cents to major units, and call the domain; for one rep, or for
 * many in one batch (the pacing job, a team's pacing). No formula lives here.
 */
import { computeTargets, DEFAULT_TARGETS_CONFIG, type TargetsInput, type TargetsResult } from "../domain/targets/index.js";
import { addDays, type Period } from "../domain/periods.js";
import type { TeamPacing } from "../schemas/performance.js";
import { idList } from "./cadence/rows.js";
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

/**
 * Days of activity `computeTargets` reads before an instant: its conversion window. Teams
 * cannot set it (only `stageWinRates` and `pacing` come from settings), so the default is the
 * window; it reads proactive activity only, in that window and in the period so far.
 */
const ACTIVITY_LOOKBACK_DAYS = DEFAULT_TARGETS_CONFIG.conversionWindowDays;

/** Everything but `at`: the same input serves any instant of the period (pacing history). */
export type LoadedTargetsInput = Omit<TargetsInput, "at">;

export interface RepTargets extends TargetsResult {
  repName: string;
}

/** One rep's quota for one period: what a batch of targets is computed for. */
export interface QuotaHolder {
  repId: number;
  teamId: number | null;
  period: Period;
  /** Major units, as `computeTargets` reads it. */
  quota: number;
}

/**
 * The targets inputs of many quota holders, with activity up to `until`, in a handful of
 * queries for all of them: each holder gets the opportunities of their direct team's members
 * (any role), their own daily activity, the stage order and their team's settings.
 */
export async function loadTargetsInputs(
  db: Db,
  holders: readonly QuotaHolder[],
  until: Date,
): Promise<{ inputOf: (holder: QuotaHolder) => LoadedTargetsInput; settings: Map<string, unknown> }> {
  const teamIds = [...new Set(holders.flatMap((h) => (h.teamId === null ? [] : [h.teamId])))];
  const members = await query<{ id: number; team_id: number }>(db, sql`select id, team_id from users where team_id in (${idList(teamIds)})`);
  const memberIds = new Map<number, number[]>();
  for (const m of members) push(memberIds, Number(m.team_id), Number(m.id));
  const owners = [...new Set([...members.map((m) => Number(m.id)), ...holders.map((h) => h.repId)])];
  const earliest = holders.reduce((min, h) => (h.period.start < min ? h.period.start : min), until);
  const [opportunities, activities, stages, settings] = await Promise.all([
    loadOpportunities(db, owners),
    loadDailyActivity(db, [...new Set(holders.map((h) => h.repId))], { start: addDays(earliest, -ACTIVITY_LOOKBACK_DAYS), end: until }, { proactiveOnly: true }),
    stageOrder(db),
    loadSettings(db, teamIds),
  ]);
  const byOwner = new Map<number, LoadedOpportunity[]>();
  for (const o of opportunities) push(byOwner, o.ownerId, o);
  // Each rep's computation reads only their own activity rows.
  const activityOf = new Map<number, typeof activities>();
  for (const a of activities) push(activityOf, a.repId, a);
  const inputOf = (h: QuotaHolder): LoadedTargetsInput => {
    const team = h.teamId === null ? [h.repId] : [...new Set([...(memberIds.get(h.teamId) ?? []), h.repId])];
    const { graceDays: _grace, ...pacing } = effectiveSetting(settings, h.teamId, "pacing").effective;
    return {
      repId: h.repId,
      period: h.period,
      quota: h.quota,
      opportunities: team.flatMap((id) => byOwner.get(id) ?? []),
      activities: activityOf.get(h.repId) ?? [],
      stageOrder: stages,
      config: { stageWinRates: effectiveSetting(settings, h.teamId, "stageWinRates").effective, pacing },
    };
  };
  return { inputOf, settings };
}

/**
 * The pacing of `reps` for `period` as of `at` (inside the period), in one batch: the same
 * status and reason each rep's own targets give, or "no quota" for a rep without one.
 */
export async function repsPacing(db: Db, reps: readonly RepRow[], period: Period, at: Date): Promise<TeamPacing["reps"]> {
  assertWithin(period, at);
  const quotas = await loadQuotas(db, reps.map((r) => r.id), period);
  const holders = new Map<number, QuotaHolder>();
  for (const r of reps) {
    const quota = quotas.get(r.id);
    if (quota !== undefined) holders.set(r.id, { repId: r.id, teamId: r.teamId, period, quota });
  }
  const { inputOf } = await loadTargetsInputs(db, [...holders.values()], at);
  return reps.map((r) => {
    const holder = holders.get(r.id);
    if (!holder) return { repId: r.id, name: r.name, quota: null, status: null, statusReason: `No quota for ${period.label}` };
    const t = computeTargets({ ...inputOf(holder), at });
    return { repId: r.id, name: r.name, quota: holder.quota, status: t.status, statusReason: t.statusReason };
  });
}

function assertWithin(period: Period, at: Date): void {
  if (at < period.start || at > period.end) throw new TargetsError("validation", `${at.toISOString()} is outside ${period.label}`, "at");
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `computeTargets` for one rep, loaded from the store. `at` must lie in the period. */
export async function repTargets(db: Db, options: { repId: number; period: Period; at: Date }): Promise<RepTargets> {
  const { period, at } = options;
  assertWithin(period, at);
  const rep = await findUser(db, options.repId);
  if (!rep) throw new TargetsError("not_found", "Rep not found");
  const quota = (await loadQuotas(db, [rep.id], period)).get(rep.id);
  if (quota === undefined) {
    throw new TargetsError("not_found", `${rep.name} has no quota for ${period.label} (import quotas, or give another period)`);
  }
  const holder = { repId: rep.id, teamId: rep.teamId, period, quota };
  const { inputOf } = await loadTargetsInputs(db, [holder], at);
  return { repName: rep.name, ...computeTargets({ ...inputOf(holder), at }) };
}

/** The default "as of" for a period: now, kept inside the period. */
export function atWithin(period: Period, now: Date): Date {
  if (now < period.start) return period.start;
  if (now > period.end) return period.end;
  return now;
}
