/**
 * Loads what a rep's 1:1 agenda reads and calls the domain's `buildAgenda`: the rep's open
 * deals (stage, value, next step, plan, strategy, discount, account), proposal activities,
 * the team's norms, ICP and cadence settings, the current month's pacing (when the rep has a
 * quota) and the rep's open promises.
 *
 * The store keeps only the current stage and when it was entered (no stage history), so
 * `stagesReached` holds that one entry, and the team's "median days in stage" is taken over
 * the team's open deals' days in their current stage (docs/CADENCE.md, "What the agenda reads").
 */
import { sql } from "drizzle-orm";
import { buildAgenda, teamNorms, type Agenda, type AgendaOpportunity } from "../../domain/cadence/index.js";
import { daysBetween, periodContaining } from "../../domain/periods.js";
import { stageOrder, type RepRow } from "../activity-history.js";
import { query, type Db } from "../db.js";
import { repTargets, TargetsError } from "../targets.js";
import { effectiveSetting, loadSettings } from "../team-settings.js";
import { cadenceConfigFrom } from "./config.js";
import { idList, loadPromises } from "./rows.js";

type OppRow = {
  id: string;
  external_id: string;
  owner_id: number;
  account_name: string | null;
  stage: string;
  phase: "early" | "late";
  value_cents: string | null;
  next_step: string | null;
  next_step_due: string | Date | null;
  mutual_action_plan: string | null;
  strategy: string | null;
  stage_changed_at: string | Date | null;
  created: string | Date;
  discount_pct: number | null;
  sector: string | null;
  employees: number | null;
  location: string | null;
};

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

async function openDeals(db: Db, ownerIds: readonly number[]): Promise<OppRow[]> {
  if (ownerIds.length === 0) return [];
  return query<OppRow>(
    db,
    sql`select o.id::text as id, o.external_id, o.owner_id, a.name as account_name, s.name as stage, s.phase, o.value_cents::text as value_cents,
               o.next_step, o.next_step_due, o.mutual_action_plan, o.strategy, o.stage_changed_at, coalesce(o.created_on, o.created_at) as created,
               o.discount_pct, a.sector, a.employees, a.location
        from opportunities o join stages s on s.id = o.stage_id left join accounts a on a.id = o.account_id
        where o.owner_id in (${idList(ownerIds)}) and o.outcome = 'open' and s.phase <> 'closed'`,
  );
}

async function pacingOf(db: Db, rep: RepRow, now: Date): Promise<{ status: "on-track" | "behind" | "at-risk"; reason: string } | null> {
  try {
    const t = await repTargets(db, { repId: rep.id, period: periodContaining(now, "month"), at: now });
    return { status: t.status, reason: t.statusReason };
  } catch (err) {
    if (err instanceof TargetsError) return null; // no quota this month: no pacing item
    throw err;
  }
}

export async function repAgenda(db: Db, rep: RepRow, now: Date): Promise<Agenda> {
  const teamIds = rep.teamId === null ? [] : [rep.teamId];
  const members = rep.teamId === null ? [rep.id] : (await query<{ id: number }>(db, sql`select id from users where team_id = ${rep.teamId}`)).map((r) => Number(r.id));
  const [deals, stages, settings, promises, pacing] = await Promise.all([
    openDeals(db, [...new Set([...members, rep.id])]),
    stageOrder(db),
    loadSettings(db, teamIds),
    loadPromises(db, { repIds: [rep.id] }),
    pacingOf(db, rep, now),
  ]);
  const mine = deals.filter((d) => Number(d.owner_id) === rep.id);
  const proposals = mine.length
    ? await query<{ opportunity_id: string; at: string | Date }>(
        db,
        sql`select opportunity_id::text as opportunity_id, at from activities where kind = 'proposal' and opportunity_id in (${idList(mine.map((d) => Number(d.id)))})`,
      )
    : [];
  const enteredAt = (d: OppRow) => date(d.stage_changed_at) ?? new Date(d.created);
  const norms = teamNorms({
    stageStays: deals.map((d) => ({ stage: d.stage, days: daysBetween(enteredAt(d), now) })),
    openValues: deals.map((d) => (d.value_cents === null ? null : Number(d.value_cents))),
  });
  const opportunities: AgendaOpportunity[] = mine.map((d) => ({
    id: Number(d.id),
    externalId: d.external_id,
    name: d.account_name,
    stage: d.stage,
    phase: d.phase,
    value: d.value_cents === null ? null : Number(d.value_cents),
    nextStep: d.next_step,
    nextStepDue: date(d.next_step_due),
    mutualActionPlan: d.mutual_action_plan,
    strategy: d.strategy,
    stageEnteredAt: enteredAt(d),
    discountPct: d.discount_pct === null ? null : Number(d.discount_pct),
    account: d.sector === null && d.employees === null && d.location === null ? null : { sector: d.sector, employees: d.employees === null ? null : Number(d.employees), region: d.location },
    stagesReached: [{ stage: d.stage, at: enteredAt(d) }],
    proposalsAt: proposals.filter((p) => p.opportunity_id === d.id).map((p) => new Date(p.at)),
  }));
  return buildAgenda(
    {
      repId: rep.id,
      opportunities,
      norms,
      stageOrder: stages,
      icp: effectiveSetting(settings, rep.teamId, "icp").effective,
      pacing,
      promises: promises.map((p) => ({ updateId: p.updateId ?? `commitment:${p.id}`, subject: p.subject, text: p.text, due: p.due, kept: p.kept, markedAt: p.markedAt })),
      config: cadenceConfigFrom(settings, rep.teamId),
    },
    now,
  );
}
