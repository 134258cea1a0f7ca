/**
 * The demo's leads are routed the way a running server would have routed them: one by one in
 * arrival order, each by its team's policy as of its own arrival, through the same store
 * function as `POST /api/v1/leads`. The assignee calls most leads back within hours (a
 * reactive call on the lead: its first touch, worth no routing points, so no later decision
 * changes); about one in twelve is left untouched, and the SLA sweep re-routes it once its
 * SLA has passed, before the next lead arrives. Leads whose call-back would fall after `now`
 * are still waiting for it. Deterministic for a seed, like the rest of the demo.
 */
import { query, sql, type Db } from "../store/db.js";
import { rerouteOverdueLeads, routeLeadInStore } from "../store/routing/index.js";
import type { DecisionJson } from "../schemas/routing.js";
import { createRandom, seedFor } from "./random.js";

/** Share of assigned leads their rep never calls back (the SLA sweep's work). */
const UNTOUCHED_SHARE = 1 / 12;

interface StoredLead extends Record<string, unknown> {
  external_id: string;
  arrived_at: Date | string;
  team_id: number | null;
  product_id: number | null;
  product: string | null;
  segment: string | null;
  region: string | null;
  language: string | null;
  account_id: number | null;
  source: string | null;
  value_cents: number | string | null;
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

export async function routeDemoLeads(
  db: Db,
  options: { now: Date; seed: number },
  report: (progress: { phase: string; done: number; total: number }) => void = () => {},
): Promise<{ decisions: number; callBacks: number }> {
  const leads = await query<StoredLead>(
    db,
    sql`select l.external_id, l.arrived_at, l.team_id, l.product_id, p.name as product, l.segment, l.region, l.language,
               l.account_id, l.source, l.value_cents
        from leads l left join products p on p.id = l.product_id
        where l.status = 'new' order by l.arrived_at, l.id`,
  );
  let decisions = 0;
  let callBacks = 0;
  const callBack = async (decision: DecisionJson) => {
    if (decision.assignee === null || decision.assigneeId === null) return;
    const rng = createRandom(seedFor(options.seed, "lead call-back", decision.lead, decisions));
    if (rng.chance(UNTOUCHED_SHARE)) return;
    const at = new Date(new Date(decision.decidedAt).getTime() + rng.int(10, 6 * 60) * 60_000);
    if (at.getTime() >= options.now.getTime()) return;
    await query(
      db,
      sql`insert into activities (rep_id, kind, proactive, at, duration_minutes, lead_id, outcome)
          select ${decision.assigneeId}, 'call', false, ${at.toISOString()}::timestamptz, ${rng.int(4, 25)}, id, 'first call back'
          from leads where external_id = ${decision.lead}`,
    );
    callBacks++;
  };

  report({ phase: "leads", done: 0, total: leads.length });
  for (const [i, lead] of leads.entries()) {
    const arrivedAt = new Date(lead.arrived_at);
    for (const reroute of await rerouteOverdueLeads(db, arrivedAt)) {
      decisions++;
      await callBack(reroute);
    }
    const { decision } = await routeLeadInStore(db, {
      externalId: lead.external_id,
      arrivedAt,
      teamId: num(lead.team_id),
      productId: num(lead.product_id),
      product: lead.product,
      segment: lead.segment,
      region: lead.region,
      language: lead.language,
      accountId: num(lead.account_id),
      source: lead.source,
      valueCents: num(lead.value_cents),
    });
    decisions++;
    await callBack(decision);
    if ((i + 1) % 25 === 0) report({ phase: "leads", done: i + 1, total: leads.length });
  }
  for (const reroute of await rerouteOverdueLeads(db, options.now)) {
    decisions++;
    await callBack(reroute);
  }
  report({ phase: "leads", done: leads.length, total: leads.length });
  return { decisions, callBacks };
}
