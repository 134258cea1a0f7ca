/**
 * The first-touch SLA: a lead assigned longer ago than its team's `slaHours` with no activity
 * logged against it (leads.first_touch_at, kept by a trigger on activities) is routed again
 * at `now`, excluding every rep it was assigned to before. The re-route is a decision of its
 * own (kind "sla-reroute", linked to the decision it replaces).
 */
import { routingParamsSchema } from "../../domain/routing/index.js";
import type { DecisionJson } from "../../schemas/routing.js";
import { query, sql, type Db } from "../db.js";
import { decideAndStore, findLeadRecord } from "./route.js";
import { routingCacheFor } from "./cache.js";
import { withTeamCounts } from "./counts-cache.js";
import { lockKeysFor, lockTeams, teamKey } from "./state.js";

const HOUR_MS = 3_600_000;

/** SLA hours per team key (null = organisation-wide) from each team's current settings. */
async function slaHoursByTeam(db: Db): Promise<Map<number | null, number>> {
  const rows = await query<{ team_id: number | null; params: unknown }>(
    db,
    sql`select distinct on (team_id) team_id, params from routing_settings order by team_id, version desc`,
  );
  return new Map(rows.map((r) => [r.team_id === null ? null : Number(r.team_id), routingParamsSchema.parse(r.params).slaHours]));
}

export async function rerouteOverdueLeads(db: Db, now: Date, options: { actorId?: number | null } = {}): Promise<DecisionJson[]> {
  const cache = routingCacheFor(db);
  const sla = await slaHoursByTeam(db);
  const defaultHours = routingParamsSchema.parse({}).slaHours;
  const shortest = Math.min(defaultHours, ...sla.values());
  const overdue = await query<{ id: number; team_id: number | null; assigned_at: Date | string }>(
    db,
    sql`select id, team_id, assigned_at from leads
        where status = 'assigned' and first_touch_at is null and assigned_at <= ${new Date(now.getTime() - shortest * HOUR_MS).toISOString()}::timestamptz
        order by assigned_at, id`,
  );
  const out: DecisionJson[] = [];
  for (const lead of overdue) {
    const teamId = lead.team_id === null ? null : Number(lead.team_id);
    const hours = sla.get(teamId) ?? defaultHours;
    if (new Date(lead.assigned_at).getTime() + hours * HOUR_MS > now.getTime()) continue;
    const decision = await withTeamCounts(db, teamKey(teamId), (counts) => db.transaction(async (raw) => {
      const tx = raw as unknown as Db;
      await lockTeams(tx, await lockKeysFor(tx, teamId));
      // Re-check under the lock: another process may have re-routed it, or a touch arrived.
      const [current] = await query<{ ok: boolean }>(
        tx,
        sql`select (status = 'assigned' and first_touch_at is null and assigned_at <= ${new Date(now.getTime() - hours * HOUR_MS).toISOString()}::timestamptz) as ok
            from leads where id = ${Number(lead.id)}`,
      );
      if (!current?.ok) return undefined;
      const history = await query<{ id: number; assignee_id: number | null }>(
        tx,
        sql`select id, assignee_id from routing_decisions where lead_id = ${Number(lead.id)} order by id`,
      );
      const previous = history.at(-1);
      const reason = `previous assignee: no first touch within ${hours} h`;
      const exclude = new Map(history.filter((d) => d.assignee_id !== null).map((d) => [Number(d.assignee_id), reason]));
      const record = await findLeadRecord(tx, { id: Number(lead.id) });
      return decideAndStore(tx, record!, {
        now,
        kind: "sla-reroute",
        previousDecisionId: previous ? Number(previous.id) : null,
        exclude,
        actorId: options.actorId ?? null,
        cache,
        counts,
      });
    }));
    if (decision) out.push(decision);
  }
  return out;
}
