/**
 * Team scorecards (D6.5): per rep and for the team, outreach, meetings, visits, proposals and
 * next steps against targets, with the weighted score the manager configures (team setting
 * `scorecard`). Counts come from the activity_daily aggregate in ONE grouped query, never
 * from a scan of the raw activities; the domain's `scorecard` does the arithmetic.
 */
import { sql } from "drizzle-orm";
import { isoDay, type Period } from "../domain/periods.js";
import {
  scorecard,
  scorecardConfigSchema,
  scorecardScore,
  SCORECARD_METRICS,
  type MetricCounts,
  type ScorecardConfigInput,
  type ScorecardLine,
} from "../domain/scorecards/index.js";
import type { ActivityFacts, ActivityKind } from "../domain/targets/history.js";
import type { TeamScorecard } from "../schemas/performance.js";
import { teamReps, teamSubtree, type RepRow } from "./activity-history.js";
import { query, type Db } from "./db.js";
import { effectiveSetting, loadSettings } from "./team-settings.js";

/** Where a scorecard of `period` ends: the period end, or `now` while the period runs. */
export function scorecardEnd(period: Period, now: Date): Date {
  if (now >= period.end) return period.end;
  return now > period.start ? now : period.start;
}

/**
 * Activity counts per rep, kind and proactive flag over the UTC days of `[start, end)` (a day
 * counts when its midnight is before `end`), from activity_daily.
 */
export async function dailyCounts(
  db: Db,
  repIds: readonly number[],
  window: { start: Date; end: Date },
): Promise<{ repId: number; kind: ActivityKind; proactive: boolean; count: number }[]> {
  if (repIds.length === 0 || window.end <= window.start) return [];
  const endDay = new Date(Math.ceil(window.end.getTime() / 86_400_000) * 86_400_000);
  const rows = await query<{ rep_id: number; kind: ActivityKind; proactive: boolean; n: number }>(
    db,
    sql`select rep_id, kind, proactive, sum(count)::int as n from activity_daily
        where rep_id = any(${`{${repIds.join(",")}}`}::int[]) and day >= ${isoDay(window.start)}::date and day < ${isoDay(endDay)}::date
        group by rep_id, kind, proactive`,
  );
  return rows.map((r) => ({ repId: Number(r.rep_id), kind: r.kind, proactive: r.proactive, count: Number(r.n) }));
}

/** Aggregate counts as domain facts, all stamped at the window start so they fall inside it. */
export function countsAsFacts(rows: Awaited<ReturnType<typeof dailyCounts>>, at: Date): ActivityFacts[] {
  return rows.map((r) => ({ repId: r.repId, kind: r.kind, proactive: r.proactive, at, count: r.count }));
}

/** The team line: summed counts and targets of the reps, scored with the same weights. */
export function teamLine(reps: readonly { lines: ScorecardLine[] }[], config: ScorecardConfigInput): { lines: ScorecardLine[]; score: number } {
  const { weights } = scorecardConfigSchema.parse(config);
  const actual = Object.fromEntries(SCORECARD_METRICS.map((m) => [m, 0])) as MetricCounts;
  const target = { ...actual };
  for (const rep of reps)
    for (const line of rep.lines) {
      actual[line.metric] += line.actual;
      target[line.metric] += line.target;
    }
  const lines = SCORECARD_METRICS.map((metric) => ({
    metric,
    actual: actual[metric],
    target: target[metric],
    attainment: target[metric] > 0 ? Math.min(1, actual[metric] / target[metric]) : 1,
    weight: weights[metric],
  }));
  return { lines, score: scorecardScore(actual, target, weights) };
}

/** Scorecards of the given reps for the period (so far), from one aggregate query. */
export async function repScorecards(db: Db, reps: readonly RepRow[], period: Period, now: Date, config: ScorecardConfigInput) {
  const end = scorecardEnd(period, now);
  const rows = await dailyCounts(
    db,
    reps.map((r) => r.id),
    { start: period.start, end },
  );
  // Each rep's scorecard reads only their own rows (the domain filters, but 1,000 reps × all rows adds up).
  const byRep = new Map<number, ActivityFacts[]>();
  for (const fact of countsAsFacts(rows, period.start)) {
    const list = byRep.get(fact.repId);
    if (list) list.push(fact);
    else byRep.set(fact.repId, [fact]);
  }
  const cards = reps.map((rep) => {
    const card = scorecard({ repId: rep.id, period, activities: byRep.get(rep.id) ?? [], at: end, config });
    return { repId: rep.id, name: rep.name, lines: card.lines, score: card.score, from: card.from, to: card.to };
  });
  return { end, cards };
}

export async function teamScorecard(db: Db, options: { teamId: number; period: Period; now: Date }): Promise<TeamScorecard> {
  const { teamId, period, now } = options;
  const [teamIds, settings] = await Promise.all([teamSubtree(db, teamId), loadSettings(db, [teamId])]);
  const reps = await teamReps(db, teamIds, { activeOnly: true });
  const config = effectiveSetting(settings, teamId, "scorecard").effective;
  const { end, cards } = await repScorecards(db, reps, period, now, config);
  return {
    teamId,
    period: period.label,
    from: isoDay(period.start),
    to: end.getTime() % 86_400_000 === 0 ? isoDay(end) : end.toISOString(),
    proactiveOnly: config.proactiveOnly,
    reps: cards.map(({ from: _f, to: _t, ...card }) => card),
    team: teamLine(cards, config),
  };
}
