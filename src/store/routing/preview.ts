/**
 * Preview: what a policy (and parameters) would have done with the team's last N leads, each
 * decided as of its own arrival, assigning nothing and writing nothing. Within the run the
 * preview's own assignments replace the actual ones in "leads received" and "open leads", and
 * milk-round rotates from where the team's rotation stood before the first previewed lead
 * (unknown, so from the start). Capacity uses today's open leads, adjusted the same way.
 */
import { routeLead, routingParamsSchema, type RoutingPolicy } from "../../domain/routing/index.js";
import type { PreviewResponse } from "../../schemas/routing.js";
import { query, sql, type Db } from "../db.js";
import { leadInput, loadRoutingInputs } from "./inputs.js";
import { findLeadRecord } from "./route.js";
import { currentRoutingSettings } from "./settings.js";

const DAY_MS = 86_400_000;

export async function previewRouting(
  db: Db,
  teamId: number,
  options: { policy: RoutingPolicy; params?: unknown; lastN: number },
): Promise<PreviewResponse> {
  const current = await currentRoutingSettings(db, teamId);
  const params = options.params === undefined ? current.params : routingParamsSchema.parse(options.params);
  const settings = { policy: options.policy, version: current.version, params };
  const recent = await query<{ id: number; assignee: string | null; assignee_id: number | null; status: string }>(
    db,
    sql`select * from (
          select l.id, l.arrived_at, u.name as assignee, d.assignee_id, l.status
          from leads l
          left join routing_decisions d on d.lead_id = l.id and d.kind = 'initial'
          left join users u on u.id = d.assignee_id
          where l.team_id = ${teamId}
          order by l.arrived_at desc, l.id desc limit ${options.lastN}
        ) x order by arrived_at, id`,
  );
  const done: { at: number; actual: number | null; preview: number | null; open: boolean }[] = [];
  let lastRotation: number | null = null;
  const out: PreviewResponse["leads"] = [];
  const actualPerRep: Record<string, number> = {};
  const previewPerRep: Record<string, number> = {};
  for (const row of recent) {
    const lead = (await findLeadRecord(db, { id: Number(row.id) }))!;
    const now = lead.arrivedAt;
    const inputs = await loadRoutingInputs(db, { teamId, lead, params, now });
    const from = now.getTime() - params.recentLeadsWindowDays * DAY_MS;
    for (const c of inputs.candidates) {
      for (const d of done) {
        const inWindow = d.at >= from && d.at < now.getTime();
        if (d.actual === c.id) {
          if (inWindow) c.leadsLast30Days -= 1;
          if (d.open) c.openLeads -= 1;
        }
        if (d.preview === c.id) {
          if (inWindow) c.leadsLast30Days += 1;
          c.openLeads += 1;
        }
      }
      c.leadsLast30Days = Math.max(0, c.leadsLast30Days);
      c.openLeads = Math.max(0, c.openLeads);
    }
    const decision = routeLead(leadInput(lead, params), inputs.candidates, settings, {
      now,
      teamHistory: inputs.teamHistory,
      lastRotationAssigneeId: lastRotation,
    });
    if (options.policy === "milk-round" && decision.assigneeId !== null) lastRotation = decision.assigneeId;
    const actualId = row.assignee_id === null ? null : Number(row.assignee_id);
    done.push({ at: now.getTime(), actual: actualId, preview: decision.assigneeId, open: row.status === "assigned" });
    const preview = decision.explanation.winner?.name ?? null;
    if (row.assignee) actualPerRep[row.assignee] = (actualPerRep[row.assignee] ?? 0) + 1;
    if (preview) previewPerRep[preview] = (previewPerRep[preview] ?? 0) + 1;
    out.push({
      lead: lead.externalId,
      arrivedAt: now.toISOString(),
      actual: row.assignee,
      preview,
      changed: (row.assignee ?? null) !== preview,
      reason: decision.reason,
    });
  }
  return {
    policy: options.policy,
    leads: out,
    summary: { leads: out.length, changedHands: out.filter((l) => l.changed).length, actualPerRep, previewPerRep },
  };
}
