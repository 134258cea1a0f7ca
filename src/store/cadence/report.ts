/**
 * The cadence's numbers (D3, D5): the team report (preemptive ratio per rep and team with its
 * weekly trend, promise-keeping per rep, adherence per manager with streaks and the drop
 * warning) and the KPI fields of a rep or a team. History is classified whole, then counted
 * in the period (docs/CADENCE.md).
 */
import { sql } from "drizzle-orm";
import {
  adherenceDrop,
  classifyUpdates,
  managerAdherence,
  preemptiveRatios,
  preemptiveTrend,
  promiseKeeping,
  weeklyAdherence,
  type CadenceConfig,
  type CadenceUpdate,
  type JudgedMeeting,
} from "../../domain/cadence/index.js";
import { addDays, inRange, isoDay, type Period } from "../../domain/periods.js";
import type { TeamCadence } from "../../schemas/cadence.js";
import { teamReps, teamSubtree } from "../activity-history.js";
import { query, type Db } from "../db.js";
import { cadenceConfigOf } from "./config.js";
import { domainRequests, domainUpdates, idList, loadPromises, loadRequests, loadUpdates, type StoredPromise } from "./rows.js";
import { judgeHistory, loadHeld, loadSchedules } from "./schedules.js";

/** 1:1 commitments are promises too: as updates carrying a promise (ids prefixed, so they never clash). */
function commitmentUpdates(promises: readonly StoredPromise[]): CadenceUpdate[] {
  return promises
    .filter((p) => p.updateId === null)
    .map((p) => ({
      id: `commitment:${p.id}`,
      repId: p.repId,
      subject: p.subject,
      at: new Date(`${p.due}T00:00:00Z`),
      text: p.text,
      performatives: ["promise"],
      promise: { due: p.due, kept: p.kept, markedAt: p.markedAt },
    }));
}

async function names(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await query<{ id: number; name: string }>(db, sql`select id, name from users where id in (${idList(ids)})`);
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/** The period's range, cut just after `now` for the current period (what happened at `now` counts). */
const rangeOf = (period: Period, now: Date) => {
  const justAfterNow = new Date(now.getTime() + 1);
  return { start: period.start, end: period.end.getTime() < justAfterNow.getTime() ? period.end : justAfterNow };
};

export async function teamCadence(db: Db, options: { teamId: number; period: Period; now: Date }): Promise<TeamCadence> {
  const { teamId, period, now } = options;
  const reps = await teamReps(db, await teamSubtree(db, teamId));
  const repIds = reps.map((r) => r.id);
  const [updates, requests, promises, schedules, held, config] = await Promise.all([
    loadUpdates(db, repIds, { until: now }),
    loadRequests(db, repIds),
    loadPromises(db, { repIds }),
    loadSchedules(db, { repIds }),
    loadHeld(db, { repIds }),
    cadenceConfigOf(db, teamId),
  ]);
  const range = rangeOf(period, now);
  const classified = classifyUpdates(updates, requests.filter((r) => r.at.getTime() <= now.getTime()));
  const ratios = preemptiveRatios(classified.updates, range);
  const nameOf = new Map(reps.map((r) => [r.id, r.name]));
  const repsWithRatio = reps.map((r) => ratios.reps.find((x) => x.repId === r.id) ?? { repId: r.id, updates: 0, preemptive: 0, ratio: null });

  const keeping = promiseKeeping([...domainUpdates(updates, promises), ...commitmentUpdates(promises)], period, now);
  const judged = judgeHistory(schedules, held, config, now);
  const managerIds = [...new Set(schedules.map((s) => s.managerId))].sort((a, b) => a - b);
  const managerNames = await names(db, managerIds);
  const rows = managerIds.map((managerId) => ({
    managerId,
    name: managerNames.get(managerId) ?? `#${managerId}`,
    ...adherenceRow(judged, managerId, range, config),
  }));
  return {
    teamId,
    period: period.label,
    from: isoDay(period.start),
    to: isoDay(period.end),
    preemptive: {
      team: ratios.team,
      reps: repsWithRatio.map((r) => ({ ...r, name: nameOf.get(r.repId) ?? `#${r.repId}` })),
      trend: preemptiveTrend(classified.updates, range),
    },
    promiseKeeping: reps.map((r) => {
      const k = keeping.find((x) => x.repId === r.id);
      return { repId: r.id, name: r.name, kept: k?.kept ?? 0, broken: k?.broken ?? 0, open: k?.open ?? 0, rate: k?.rate ?? null };
    }),
    adherence: rows,
    flaggedManagers: rows.filter((r) => r.flagged).map((r) => ({ managerId: r.managerId, name: r.name, reason: r.reason })),
  };
}

export interface AdherenceRow {
  scheduled: number;
  onTime: number;
  /** On time ÷ scheduled in the range; null without a 1:1 due. */
  rate: number | null;
  currentStreak: number;
  longestStreak: number;
  /** Adherence dropped over the last weeks up to the range's end (docs/CADENCE.md); the reason says why or why not. */
  flagged: boolean;
  reason: string;
}

/** One manager's adherence over `range`, and whether it dropped in the weeks up to its end. */
function adherenceRow(judged: readonly JudgedMeeting[], managerId: number, range: { start: Date; end: Date }, config: CadenceConfig): AdherenceRow {
  const mine = judged.filter((j) => j.managerId === managerId);
  const a = managerAdherence(mine, range)[0] ?? { scheduled: 0, onTime: 0, rate: null, currentStreak: 0, longestStreak: 0 };
  const flagRange = { start: addDays(range.end, -7 * 2 * config.adherence.windowWeeks), end: range.end };
  const drop = adherenceDrop(weeklyAdherence(mine, flagRange), config);
  return { scheduled: a.scheduled, onTime: a.onTime, rate: a.rate, currentStreak: a.currentStreak, longestStreak: a.longestStreak, flagged: drop.flag, reason: drop.reason };
}

/**
 * The leadership view's cadence column: each manager's 1:1 adherence in the period, judged by
 * the settings of the team they are listed for.
 */
export async function managersAdherence(db: Db, managers: readonly { managerId: number; teamId: number }[], period: Period, now: Date): Promise<Map<number, AdherenceRow>> {
  const managerIds = [...new Set(managers.map((m) => m.managerId))];
  if (managerIds.length === 0) return new Map();
  const [schedules, held] = await Promise.all([loadSchedules(db, { managerIds }), loadHeld(db, { managerIds })]);
  const range = rangeOf(period, now);
  const out = new Map<number, AdherenceRow>();
  for (const { managerId, teamId } of managers) {
    if (out.has(managerId)) continue;
    const config = await cadenceConfigOf(db, teamId);
    const judged = judgeHistory(schedules.filter((s) => s.managerId === managerId), held, config, now);
    out.set(managerId, adherenceRow(judged, managerId, range, config));
  }
  return out;
}

export interface CadenceKpis {
  /** Preemptive updates ÷ updates posted in the period; null without updates. */
  preemptiveRatio: number | null;
  updates: number;
  /** Requests for information asked in the period. */
  requests: number;
  /** Promises due in the period, judged as of now. */
  promisesKept: number;
  promisesBroken: number;
  promisesOpen: number;
  /** A manager's 1:1s held on time ÷ scheduled in the period; null for reps and without 1:1s due. */
  cadenceAdherence: number | null;
}

/** The cadence fields of the KPIs of some reps (and of a manager's adherence, when given). */
export async function cadenceKpis(db: Db, options: { repIds: readonly number[]; managerId: number | null; period: Period; now: Date; teamId: number | null }): Promise<CadenceKpis> {
  const { repIds, period, now } = options;
  const [updates, requests, promises] = await Promise.all([loadUpdates(db, repIds, { until: now }), loadRequests(db, repIds), loadPromises(db, { repIds })]);
  const range = rangeOf(period, now);
  const classified = classifyUpdates(updates, requests.filter((r) => r.at.getTime() <= now.getTime()));
  const ratio = preemptiveRatios(classified.updates, range).team;
  const keeping = promiseKeeping([...domainUpdates(updates, promises), ...commitmentUpdates(promises)], period, now);
  let cadenceAdherence: number | null = null;
  if (options.managerId !== null) {
    const [schedules, held, config] = await Promise.all([
      loadSchedules(db, { managerIds: [options.managerId] }),
      loadHeld(db, { managerIds: [options.managerId] }),
      cadenceConfigOf(db, options.teamId),
    ]);
    cadenceAdherence = managerAdherence(judgeHistory(schedules, held, config, now), range)[0]?.rate ?? null;
  }
  return {
    preemptiveRatio: ratio.ratio,
    updates: ratio.updates,
    requests: domainRequests(requests).filter((r) => inRange(r.at, range.start, range.end)).length,
    promisesKept: keeping.reduce((n, k) => n + k.kept, 0),
    promisesBroken: keeping.reduce((n, k) => n + k.broken, 0),
    promisesOpen: keeping.reduce((n, k) => n + k.open, 0),
    cadenceAdherence,
  };
}
