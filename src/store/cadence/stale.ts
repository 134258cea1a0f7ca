/**
 * Stale deals (D5: the rep hears first). `refreshStaleDeals` asks the domain which open deals
 * are stale as of `now` (no update and no activity for N days, per the team's `stale`
 * setting), and keeps `stale_nudges` in step, each change with its outbox row in one
 * transaction:
 *   - first seen stale: a nudge with nudged_rep_at = now, and the rep is told;
 *   - past the grace period: escalated_at = now, and the manager is told. The grace runs
 *     from the later of the deal's staleSince and the moment the rep was told, so a rep is
 *     never reported before they could act (the job may have been off);
 *   - touched or closed since: the nudge is resolved.
 * Idempotent and safe with several processes (unique open nudge per deal, conditional updates).
 * Each change appends an audit row (actor: none, the job) in the same transaction.
 */
import { sql } from "drizzle-orm";
import { addDays } from "../../domain/periods.js";
import { lastTouchByOpportunity, staleDeals, type StaleCandidate, type StaleDeal } from "../../domain/cadence/index.js";
import type { StaleNudgeView, StaleRun } from "../../schemas/cadence.js";
import { enqueue } from "../../notify/outbox.js";
import { appendAudit } from "../audit.js";
import { query, type Db } from "../db.js";
import { loadSettings } from "../team-settings.js";
import { cadenceConfigFrom } from "./config.js";
import { idList } from "./rows.js";

type Tx = Db;

interface OpenOpp extends StaleCandidate {
  id: number;
  teamId: number | null;
  managerId: number | null;
}

async function loadOpenOpportunities(db: Db): Promise<OpenOpp[]> {
  const rows = await query<{
    id: string;
    external_id: string;
    owner_id: number;
    team_id: number | null;
    manager_id: number | null;
    stage: string;
    phase: "early" | "late" | "closed";
    outcome: "open" | "won" | "lost";
    created: string | Date;
  }>(
    db,
    sql`select o.id::text as id, o.external_id, o.owner_id, u.team_id, coalesce(u.manager_id, t.manager_id) as manager_id, s.name as stage, s.phase, o.outcome,
               coalesce(o.created_on, o.created_at) as created
        from opportunities o join stages s on s.id = o.stage_id join users u on u.id = o.owner_id left join teams t on t.id = u.team_id
        where o.outcome = 'open' and s.phase <> 'closed'`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    externalId: r.external_id,
    ownerId: Number(r.owner_id),
    teamId: r.team_id === null ? null : Number(r.team_id),
    managerId: r.manager_id === null ? null : Number(r.manager_id),
    stage: r.stage,
    phase: r.phase,
    outcome: r.outcome,
    createdAt: new Date(r.created),
  }));
}

/** The latest update or activity on each open deal, up to `now`. */
async function loadTouches(db: Db, now: Date): Promise<{ opportunity: string; at: Date }[]> {
  const rows = await query<{ opportunity: string; at: string | Date }>(
    db,
    sql`select o.external_id as opportunity, t.at from (
          select opportunity_id, max(at) as at from updates where opportunity_id is not null and at <= ${now.toISOString()}::timestamptz group by 1
          union all
          select opportunity_id, max(at) as at from activities where opportunity_id is not null and at <= ${now.toISOString()}::timestamptz group by 1
        ) t join opportunities o on o.id = t.opportunity_id where o.outcome = 'open'`,
  );
  return rows.map((r) => ({ opportunity: r.opportunity, at: new Date(r.at) }));
}

export async function refreshStaleDeals(db: Db, now: Date): Promise<StaleRun> {
  const [opps, touches] = await Promise.all([loadOpenOpportunities(db), loadTouches(db, now)]);
  const teamIds = [...new Set(opps.flatMap((o) => (o.teamId === null ? [] : [o.teamId])))];
  const settings = await loadSettings(db, teamIds);
  const lastTouch = lastTouchByOpportunity(touches, now);
  const byTeam = new Map<number | null, OpenOpp[]>();
  for (const o of opps) byTeam.set(o.teamId, [...(byTeam.get(o.teamId) ?? []), o]);
  const stale: { deal: StaleDeal; opp: OpenOpp; graceDays: number }[] = [];
  const oppById = new Map(opps.map((o) => [o.id, o]));
  for (const [teamId, list] of byTeam) {
    const config = cadenceConfigFrom(settings, teamId);
    for (const deal of staleDeals(list, lastTouch, config, now)) stale.push({ deal, opp: oppById.get(deal.id as number)!, graceDays: config.stale.graceDays });
  }

  const run: StaleRun = { at: now.toISOString(), stale: stale.length, nudged: 0, escalated: 0, resolved: 0 };
  await db.transaction(async (t) => {
    const tx = t as unknown as Tx;
    const open = await query<{ id: string; opportunity_id: string; stale_since: string | Date; escalate_due_at: string | Date; escalated_at: string | Date | null }>(
      tx,
      sql`select id::text as id, opportunity_id::text as opportunity_id, stale_since, escalate_due_at, escalated_at from stale_nudges where resolved_at is null for update`,
    );
    const openByOpp = new Map(open.map((n) => [Number(n.opportunity_id), n]));
    const staleIds = new Set(stale.map((s) => s.opp.id));
    // Touched, closed, or stale again from a later touch: this episode is over.
    const over = open.filter((n) => {
      const s = stale.find((x) => x.opp.id === Number(n.opportunity_id));
      return !staleIds.has(Number(n.opportunity_id)) || new Date(n.stale_since).getTime() !== s!.deal.staleSince.getTime();
    });
    if (over.length) {
      const resolved = await query<{ id: string; opportunity_id: string }>(
        tx,
        sql`update stale_nudges set resolved_at = ${now.toISOString()}::timestamptz where id in (${sql.join(over.map((n) => sql`${n.id}::bigint`), sql`, `)}) and resolved_at is null
            returning id::text as id, opportunity_id::text as opportunity_id`,
      );
      run.resolved += resolved.length;
      for (const r of resolved) {
        await appendAudit(tx, { actorId: null, action: "stale-resolve", entity: "opportunity", entityId: r.opportunity_id, before: { nudgeId: Number(r.id), resolvedAt: null }, after: { resolvedAt: now.toISOString() } });
      }
      for (const n of over) openByOpp.delete(Number(n.opportunity_id));
    }
    for (const { deal, opp, graceDays } of stale) {
      const payload = { opportunityId: opp.id, externalId: opp.externalId, stage: opp.stage, repId: opp.ownerId, teamId: opp.teamId, staleSince: deal.staleSince.toISOString() };
      let nudge = openByOpp.get(opp.id);
      if (!nudge) {
        // The rep gets the full grace from the moment they are told.
        const escalateDueAt = new Date(Math.max(deal.escalateToManagerAt.getTime(), addDays(now, graceDays).getTime()));
        const [inserted] = await query<{ id: string }>(
          tx,
          sql`insert into stale_nudges (opportunity_id, rep_id, stale_since, threshold_days, last_touch_at, escalate_due_at, nudged_rep_at)
              values (${opp.id}, ${opp.ownerId}, ${deal.staleSince.toISOString()}::timestamptz, ${deal.thresholdDays},
                      ${deal.lastTouchAt?.toISOString() ?? null}::timestamptz, ${escalateDueAt.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
              on conflict do nothing returning id::text as id`,
        );
        if (!inserted) continue; // another process got there first
        run.nudged++;
        await appendAudit(tx, {
          actorId: null,
          action: "stale-nudge",
          entity: "opportunity",
          entityId: opp.id,
          after: { nudgeId: Number(inserted.id), repId: opp.ownerId, staleSince: payload.staleSince, escalateDueAt: escalateDueAt.toISOString() },
        });
        await enqueue(tx, "stale.nudged", { ...payload, nudgeId: Number(inserted.id), recipients: [opp.ownerId] }, now);
        continue;
      }
      if (nudge.escalated_at === null && now.getTime() >= new Date(nudge.escalate_due_at).getTime()) {
        const escalated = await query(
          tx,
          sql`update stale_nudges set escalated_at = ${now.toISOString()}::timestamptz where id = ${nudge.id}::bigint and escalated_at is null returning id`,
        );
        if (escalated.length === 0) continue;
        run.escalated++;
        await appendAudit(tx, { actorId: null, action: "stale-escalate", entity: "opportunity", entityId: opp.id, before: { nudgeId: Number(nudge.id), escalatedAt: null }, after: { escalatedAt: now.toISOString(), managerId: opp.managerId } });
        await enqueue(tx, "stale.escalated", { ...payload, nudgeId: Number(nudge.id), managerId: opp.managerId, recipients: opp.managerId === null ? [] : [opp.managerId] }, now);
      }
    }
  });
  return run;
}

type NudgeRow = {
  id: string;
  opportunity_id: string;
  external_id: string;
  stage: string;
  rep_id: number;
  rep_name: string;
  threshold_days: number;
  last_touch_at: string | Date | null;
  stale_since: string | Date;
  nudged_rep_at: string | Date;
  escalate_due_at: string | Date;
  escalated_at: string | Date | null;
  resolved_at: string | Date | null;
};

const iso = (v: string | Date) => new Date(v).toISOString();

/**
 * Open nudges of these reps (as of `now`: nudges raised later are not shown). `escalatedOnly`
 * is the manager's view: only deals past their grace period.
 */
export async function listStaleNudges(db: Db, options: { repIds: readonly number[]; now: Date; escalatedOnly: boolean }): Promise<StaleNudgeView[]> {
  if (options.repIds.length === 0) return [];
  const now = options.now.toISOString();
  const rows = await query<NudgeRow>(
    db,
    sql`select n.id::text as id, n.opportunity_id::text as opportunity_id, o.external_id, s.name as stage, n.rep_id, u.name as rep_name, n.threshold_days,
               n.last_touch_at, n.stale_since, n.nudged_rep_at, n.escalate_due_at, n.escalated_at, n.resolved_at
        from stale_nudges n join opportunities o on o.id = n.opportunity_id join stages s on s.id = o.stage_id join users u on u.id = n.rep_id
        where n.rep_id in (${idList(options.repIds)}) and n.nudged_rep_at <= ${now}::timestamptz
          and (n.resolved_at is null or n.resolved_at > ${now}::timestamptz)
          ${options.escalatedOnly ? sql`and n.escalated_at is not null and n.escalated_at <= ${now}::timestamptz` : sql``}
        order by n.stale_since, o.external_id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    opportunityId: Number(r.opportunity_id),
    externalId: r.external_id,
    stage: r.stage,
    repId: Number(r.rep_id),
    repName: r.rep_name,
    thresholdDays: Number(r.threshold_days),
    lastTouchAt: r.last_touch_at === null ? null : iso(r.last_touch_at),
    staleSince: iso(r.stale_since),
    nudgedRepAt: iso(r.nudged_rep_at),
    escalateDueAt: iso(r.escalate_due_at),
    escalatedAt: r.escalated_at === null ? null : iso(r.escalated_at),
    resolvedAt: r.resolved_at === null ? null : iso(r.resolved_at),
  }));
}
