/**
 * Pacing alerts (D4: warn early, while it can still be recovered). `raisePacingAlerts` judges
 * every active rep's current month (and current quarter when they have a quarterly quota) as
 * of `now`, and records an alert the first day a rep is seen behind or at risk. The rep sees
 * it at once; their manager after the team's grace period (`pacing.graceDays`, default 2).
 *
 * Idempotent: an alert stays open (unresolved) while the status lasts, so later runs add
 * nothing, and the unique index (rep, period, status, day) makes a repeated run on the same
 * day a no-op even when two processes race. A rep back on track resolves their open alerts; a
 * change between behind and at-risk resolves the old alert and raises the new one.
 *
 * Notifications (docs/CADENCE.md): the INSERT of an alert queues `pacing.alert` to the rep in
 * its own statement (a trigger, drizzle/0007). Each run then queues `pacing.escalated` to the
 * rep's manager for every alert still open whose `visible_to_manager_at` has come, once per
 * alert: the alert's `escalated_at` is the record that it was sent (outbox rows are pruned).
 */
import { sql } from "drizzle-orm";
import { computeTargets } from "../domain/targets/index.js";
import { DAY_MS, isoDay, periodContaining } from "../domain/periods.js";
import type { PacingAlert, PacingRun } from "../schemas/performance.js";
import { enqueue } from "../notify/outbox.js";
import { query, type Db } from "./db.js";
import { loadTargetsInputs, type QuotaHolder } from "./targets.js";
import { effectiveSetting } from "./team-settings.js";

export async function raisePacingAlerts(db: Db, now: Date): Promise<PacingRun> {
  const run = await judgeAndRaise(db, now);
  run.escalated = await notifyManagers(db, now);
  return run;
}

async function judgeAndRaise(db: Db, now: Date): Promise<PacingRun> {
  const periods = [periodContaining(now, "month"), periodContaining(now, "quarter")];
  const rows = await query<{ rep_id: number; team_id: number | null; period: string; cents: string }>(
    db,
    sql`select u.id as rep_id, u.team_id, q.period, q.amount_cents::text as cents
        from users u join quotas q on q.rep_id = u.id
        where u.active and u.role = 'rep' and q.period in (${periods[0]!.label}, ${periods[1]!.label})
        order by u.id, q.period`,
  );
  const candidates: QuotaHolder[] = rows.map((r) => ({
    repId: Number(r.rep_id),
    teamId: r.team_id === null ? null : Number(r.team_id),
    period: periods.find((p) => p.label === r.period)!,
    quota: Number(r.cents) / 100,
  }));
  const run: PacingRun = { at: now.toISOString(), checked: 0, raised: 0, resolved: 0, escalated: 0, statuses: { "on-track": 0, behind: 0, "at-risk": 0 } };
  if (candidates.length === 0) return run;

  // Everything the domain reads, in a handful of queries for the whole organisation.
  const { inputOf, settings } = await loadTargetsInputs(db, candidates, now);

  const open = await query<{ id: string; rep_id: number; period: string; status: string }>(
    db,
    sql`select id::text as id, rep_id, period, status from pacing_alerts where resolved_at is null`,
  );
  const openKey = (repId: number, period: string) => open.filter((a) => Number(a.rep_id) === repId && a.period === period);

  for (const c of candidates) {
    const graceDays = effectiveSetting(settings, c.teamId, "pacing").effective.graceDays;
    const t = computeTargets({ ...inputOf(c), at: now });
    run.checked++;
    run.statuses[t.status]++;
    const current = openKey(c.repId, c.period.label);
    const superseded = current.filter((a) => a.status !== t.status);
    if (superseded.length) {
      await query(
        db,
        sql`update pacing_alerts set resolved_at = ${now.toISOString()}::timestamptz where id in (${sql.join(superseded.map((a) => sql`${a.id}::bigint`), sql`, `)})`,
      );
      run.resolved += superseded.length;
    }
    if (t.status === "on-track" || current.some((a) => a.status === t.status)) continue;
    const details = {
      newOpportunitiesNeeded: t.newOpportunitiesNeeded,
      opportunitiesCreated: t.opportunitiesCreated,
      scheduledOpportunities: t.scheduledOpportunities,
      creationDeadline: t.creationDeadline,
      gap: t.gap,
      quota: t.quota,
    };
    const inserted = await query<{ id: string }>(
      db,
      sql`insert into pacing_alerts (rep_id, period, status, day, reason, details, raised_at, visible_to_manager_at)
          values (${c.repId}, ${c.period.label}, ${t.status}, ${isoDay(now)}::date, ${t.statusReason}, ${JSON.stringify(details)}::jsonb,
                  ${now.toISOString()}::timestamptz, ${new Date(now.getTime() + graceDays * DAY_MS).toISOString()}::timestamptz)
          on conflict (rep_id, period, status, day) do nothing returning id::text as id`,
    );
    run.raised += inserted.length;
  }
  return run;
}

/**
 * Queues `pacing.escalated` to the manager (the rep's own, else the team's) of every open
 * alert that has reached the manager's view by `now` and was not escalated before. The alerts
 * are locked first, so a second process running this at the same time waits, then finds
 * them escalated and queues nothing.
 */
async function notifyManagers(db: Db, now: Date): Promise<number> {
  const at = now.toISOString();
  const notSent = sql`a.escalated_at is null`;
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const due = await query<{ id: string }>(
      tx,
      sql`select a.id::text as id from pacing_alerts a
          where a.resolved_at is null and a.visible_to_manager_at <= ${at}::timestamptz and a.raised_at <= ${at}::timestamptz and ${notSent}
          order by a.id for update of a`,
    );
    if (due.length === 0) return 0;
    // A new statement: it sees what a process we waited for has committed meanwhile.
    const rows = await query<{
      id: string;
      rep_id: number;
      rep_name: string;
      team_id: number | null;
      manager_id: number | null;
      period: string;
      status: string;
      reason: string;
      raised_at: string | Date;
      visible_to_manager_at: string | Date;
    }>(
      tx,
      sql`select a.id::text as id, a.rep_id, u.name as rep_name, u.team_id, coalesce(u.manager_id, t.manager_id) as manager_id,
                 a.period, a.status, a.reason, a.raised_at, a.visible_to_manager_at
          from pacing_alerts a join users u on u.id = a.rep_id left join teams t on t.id = u.team_id
          where a.id in (${sql.join(due.map((d) => sql`${d.id}::bigint`), sql`, `)}) and a.resolved_at is null and ${notSent}
          order by a.id`,
    );
    for (const r of rows) {
      const managerId = r.manager_id === null ? null : Number(r.manager_id);
      await enqueue(
        tx,
        "pacing.escalated",
        {
          alertId: Number(r.id),
          repId: Number(r.rep_id),
          repName: r.rep_name,
          teamId: r.team_id === null ? null : Number(r.team_id),
          managerId,
          period: r.period,
          status: r.status,
          reason: r.reason,
          raisedAt: new Date(r.raised_at).toISOString(),
          visibleToManagerAt: new Date(r.visible_to_manager_at).toISOString(),
          recipients: managerId === null ? [] : [managerId],
        },
        now,
      );
    }
    if (rows.length) {
      await query(tx, sql`update pacing_alerts set escalated_at = ${at}::timestamptz where id in (${sql.join(rows.map((r) => sql`${r.id}::bigint`), sql`, `)})`);
    }
    return rows.length;
  });
}

type AlertRow = {
  id: string;
  rep_id: number;
  rep_name: string;
  period: string;
  status: "behind" | "at-risk";
  day: string;
  reason: string;
  details: Record<string, unknown> | null;
  raised_at: string | Date;
  visible_to_manager_at: string | Date;
  resolved_at: string | Date | null;
};

const iso = (v: string | Date) => new Date(v).toISOString();

function toAlert(r: AlertRow): PacingAlert {
  return {
    id: Number(r.id),
    repId: Number(r.rep_id),
    repName: r.rep_name,
    period: r.period,
    status: r.status,
    day: r.day,
    reason: r.reason,
    details: r.details,
    raisedAt: iso(r.raised_at),
    visibleToManagerAt: iso(r.visible_to_manager_at),
    resolvedAt: r.resolved_at === null ? null : iso(r.resolved_at),
  };
}

/**
 * Alerts of these reps, newest first. `visibleAt`: only those a manager may see by then
 * (visible_to_manager_at <= it); omitted for the rep themselves, who sees theirs at once.
 * Alerts raised after `now` (a clock set back) are not shown.
 */
export async function listPacingAlerts(
  db: Db,
  options: { repIds: readonly number[]; now: Date; visibleAt?: Date; includeResolved?: boolean },
): Promise<PacingAlert[]> {
  if (options.repIds.length === 0) return [];
  const rows = await query<AlertRow>(
    db,
    sql`select a.id::text as id, a.rep_id, u.name as rep_name, a.period, a.status, to_char(a.day, 'YYYY-MM-DD') as day, a.reason,
               a.details, a.raised_at, a.visible_to_manager_at, a.resolved_at
        from pacing_alerts a join users u on u.id = a.rep_id
        where a.rep_id in (${sql.join(options.repIds.map((id) => sql`${id}`), sql`, `)}) and a.raised_at <= ${options.now.toISOString()}::timestamptz
          ${options.visibleAt ? sql`and a.visible_to_manager_at <= ${options.visibleAt.toISOString()}::timestamptz` : sql``}
          ${options.includeResolved ? sql`` : sql`and a.resolved_at is null`}
        order by a.raised_at desc, a.id desc limit 500`,
  );
  return rows.map(toAlert);
}
