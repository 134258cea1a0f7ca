/**
 * Team scorecards (D6.5): per rep and for the team, outreach, meetings, visits, proposals and
 * next steps against targets, with the weighted score the manager configures (team setting
 * `scorecard`). Counts come from the activity aggregates in ONE grouped query (whole months
 * from activity_monthly, the running month's days from activity_daily: activity-counts.ts),
 * never from a scan of the raw activities; the domain's `scorecard` does the arithmetic.
 */
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
import type { ActivityFacts } from "../domain/targets/history.js";
import type { TeamScorecard } from "../schemas/performance.js";
import { activityCountsByRep, COUNT_SLOTS } from "./activity-counts.js";
import { teamReps, teamSubtree, type RepRow } from "./activity-history.js";
import type { Db } from "./db.js";
import { effectiveSetting, loadSettings } from "./team-settings.js";

/** Where a scorecard of `period` ends: the period end, or `now` while the period runs. */
export function scorecardEnd(period: Period, now: Date): Date {
  if (now >= period.end) return period.end;
  return now > period.start ? now : period.start;
}

/**
 * One rep's counts (slots of `COUNT_SLOTS`) as at most one fact per kind: proactive and
 * reactive added up unless the scorecard counts proactive work only (then reactive is left
 * out, as the domain would), all stamped at the window start so they fall inside it.
 */
function repFacts(repId: number, counts: readonly number[] | undefined, at: Date, proactiveOnly: boolean): ActivityFacts[] {
  const facts: ActivityFacts[] = [];
  if (!counts) return facts;
  // Slots come in pairs per kind: proactive, then reactive.
  for (let i = 0; i < COUNT_SLOTS.length; i += 2) {
    const count = counts[i]! + (proactiveOnly ? 0 : counts[i + 1]!);
    if (count !== 0) facts.push({ repId, kind: COUNT_SLOTS[i]!.kind, proactive: proactiveOnly, at, count });
  }
  return facts;
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

/**
 * Scorecards of the given reps for the period (so far), from one aggregate query. `source:
 * "daily"` reads activity_daily alone: the reference for tests and the benchmark.
 */
export async function repScorecards(
  db: Db,
  reps: readonly RepRow[],
  period: Period,
  now: Date,
  config: ScorecardConfigInput,
  options: { source?: "rollup" | "daily" } = {},
) {
  const end = scorecardEnd(period, now);
  const { proactiveOnly } = scorecardConfigSchema.parse(config);
  const counts = await activityCountsByRep(
    db,
    reps.map((r) => r.id),
    { start: period.start, end },
    { now, source: options.source },
  );
  const cards = reps.map((rep) => {
    const card = scorecard({ repId: rep.id, period, activities: repFacts(rep.id, counts.get(rep.id), period.start, proactiveOnly), at: end, config });
    return { repId: rep.id, name: rep.name, lines: card.lines, score: card.score, from: card.from, to: card.to };
  });
  return { end, cards };
}

export async function teamScorecard(
  db: Db,
  options: { teamId: number; period: Period; now: Date; source?: "rollup" | "daily" },
): Promise<TeamScorecard> {
  const { teamId, period, now } = options;
  const [teamIds, settings] = await Promise.all([teamSubtree(db, teamId), loadSettings(db, [teamId])]);
  const reps = await teamReps(db, teamIds, { activeOnly: true });
  const config = effectiveSetting(settings, teamId, "scorecard").effective;
  const { end, cards } = await repScorecards(db, reps, period, now, config, { source: options.source });
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
