/**
 * A/B/C tiers (D2) from stored history: attainment = revenue won in the period ÷ quota, and
 * proactive activity (opportunity-created rows excluded, as in the domain) from the activity
 * aggregates (whole months: activity_monthly).
 * Month by month with movements (`tierHistory`), and manager attainment for leadership (D7).
 */
import { sql } from "drizzle-orm";
import { parsePeriod, type Period } from "../domain/periods.js";
import { assignTiers, tierHistory, type TierConfigInput, type TierInput, type TierResult } from "../domain/tiers/index.js";
import { wonIn, totalValue, type OpportunityFacts } from "../domain/targets/history.js";
import type { Leadership, TierHistoryResponse } from "../schemas/performance.js";
import { loadOpportunities, loadQuotas, teamReps, teamSubtree, type RepRow } from "./activity-history.js";
import { query, type Db } from "./db.js";
import { activityCountsByRep, COUNT_SLOTS } from "./activity-counts.js";
import { effectiveSetting, loadSettings } from "./team-settings.js";
import { managersAdherence } from "./cadence/report.js";

/** The tier inputs of `reps` for one period, from loaded opportunities and aggregate counts. */
export async function tierInputs(db: Db, reps: readonly RepRow[], period: Period, opportunities: readonly OpportunityFacts[]): Promise<TierInput[]> {
  const ids = reps.map((r) => r.id);
  const [quotas, counts] = await Promise.all([loadQuotas(db, ids, period), activityCountsByRep(db, ids, period)]);
  // Indexed by rep once: filtering every rep's rows out of everyone's is quadratic at 1,000 reps.
  const won = new Map<number, number>();
  for (const opp of wonIn(opportunities, period)) won.set(opp.ownerId, (won.get(opp.ownerId) ?? 0) + totalValue([opp]));
  const proactiveSlots = COUNT_SLOTS.flatMap((slot, i) => (slot.proactive && slot.kind !== "opportunity-created" ? [i] : []));
  return reps.map((rep) => {
    const quota = quotas.get(rep.id);
    const repCounts = counts.get(rep.id);
    const proactive = repCounts ? proactiveSlots.reduce((s, i) => s + repCounts[i]!, 0) : 0;
    return { repId: rep.id, attainment: quota ? (won.get(rep.id) ?? 0) / quota : null, proactiveActivities: proactive };
  });
}

export async function periodTiers(db: Db, reps: readonly RepRow[], period: Period, opportunities: readonly OpportunityFacts[], config: TierConfigInput): Promise<TierResult[]> {
  if (reps.length === 0) return [];
  return assignTiers(await tierInputs(db, reps, period, opportunities), config);
}

/** `count` months ending with `last` (YYYY-MM), oldest first. */
export function monthsEnding(last: string, count: number): Period[] {
  const end = parsePeriod(last);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(end.start.getUTCFullYear(), end.start.getUTCMonth() - (count - 1 - i), 1));
    return parsePeriod(d.toISOString().slice(0, 7));
  });
}

export async function teamTierHistory(db: Db, options: { teamId: number; months: Period[] }): Promise<TierHistoryResponse> {
  const { teamId, months } = options;
  const [teamIds, settings] = await Promise.all([teamSubtree(db, teamId), loadSettings(db, [teamId])]);
  const reps = await teamReps(db, teamIds);
  const config = effectiveSetting(settings, teamId, "tiers").effective;
  const opportunities = await loadOpportunities(db, reps.map((r) => r.id));
  const perMonth = await Promise.all(months.map(async (period) => ({ period: period.label, reps: await tierInputs(db, reps, period, opportunities) })));
  // A rep with neither a quota nor any proactive activity that month was not working in it.
  const present = perMonth.map((m) => ({ ...m, reps: m.reps.filter((r) => r.attainment !== null || r.proactiveActivities > 0) }));
  const history = tierHistory(present, config);
  const names = new Map(reps.map((r) => [r.id, r.name]));
  return {
    teamId,
    months: history.months.map((m) => ({ period: m.period, tiers: m.tiers.map((t) => ({ ...t, name: names.get(t.repId) ?? "?" })) })),
    movements: history.movements.map((m) => ({ ...m, name: names.get(m.repId) ?? "?" })),
  };
}

/**
 * Each managed team's attainment: won in the period by the reps of the team and its
 * sub-teams ÷ the sum of those reps' quotas. Ranked by attainment (no target last).
 */
export async function leadership(db: Db, period: Period, now: Date): Promise<Leadership> {
  const managed = await query<{ team_id: number; team_name: string; manager_id: number; manager_name: string }>(
    db,
    sql`select t.id as team_id, t.name as team_name, u.id as manager_id, u.name as manager_name
        from teams t join users u on u.id = t.manager_id order by t.name`,
  );
  const rows = await Promise.all(
    managed.map(async (m) => {
      const reps = await teamReps(db, await teamSubtree(db, Number(m.team_id)));
      const ids = reps.map((r) => r.id);
      const [quotas, won] = await Promise.all([
        loadQuotas(db, ids, period),
        ids.length
          ? query<{ cents: string | null }>(
              db,
              sql`select sum(value_cents)::text as cents from opportunities
                  where outcome = 'won' and owner_id = any(${`{${ids.join(",")}}`}::int[])
                    and closed_at >= ${period.start.toISOString()}::timestamptz and closed_at < ${period.end.toISOString()}::timestamptz`,
            )
          : Promise.resolve([]),
      ]);
      const target = [...quotas.values()].reduce((s, q) => s + q, 0);
      const wonValue = Number(won[0]?.cents ?? 0) / 100;
      return {
        managerId: Number(m.manager_id),
        managerName: m.manager_name,
        teamId: Number(m.team_id),
        teamName: m.team_name,
        reps: reps.length,
        target,
        won: wonValue,
        attainment: target > 0 ? wonValue / target : null,
      };
    }),
  );
  rows.sort((a, b) => (b.attainment ?? -1) - (a.attainment ?? -1) || a.teamName.localeCompare(b.teamName));
  const adherence = await managersAdherence(db, rows, period, now);
  return {
    period: period.label,
    managers: rows.length,
    rows: rows.map((r, i) => {
      const a = adherence.get(r.managerId)!;
      return { rank: i + 1, ...r, cadence: { scheduled: a.scheduled, onTime: a.onTime, rate: a.rate, currentStreak: a.currentStreak, flagged: a.flagged, reason: a.reason } };
    }),
  };
}
