/**
 * "My week" (D5): a rep's updates of the ISO week, the requests still open to them, their
 * promises (open, and kept or broken when due this week), their stale-deal nudges and the
 * week's preemptive ratio, and their open deals (what an update or a request can be about).
 * Someone else (their manager) sees the nudges only once escalated.
 */
import { sql } from "drizzle-orm";
import { classifyUpdates, isoWeekStart, preemptiveRatios } from "../../domain/cadence/index.js";
import { addDays, inRange, isoDay } from "../../domain/periods.js";
import type { OpenDeal, Week } from "../../schemas/cadence.js";
import type { RepRow } from "../activity-history.js";
import { query, type Db } from "../db.js";
import { loadPromises, loadRequests, loadUpdates, promiseView, requestView, updateView } from "./rows.js";
import { listStaleNudges } from "./stale.js";

export async function repWeek(db: Db, options: { rep: RepRow; day?: string; now: Date; asRep: boolean }): Promise<Week> {
  const { rep, now } = options;
  const start = isoWeekStart(options.day ? new Date(`${options.day}T00:00:00Z`) : now);
  const end = addDays(start, 7);
  const [updates, requests, promises, nudges, openDeals] = await Promise.all([
    loadUpdates(db, [rep.id], { until: now }),
    loadRequests(db, [rep.id]),
    loadPromises(db, { repIds: [rep.id] }),
    listStaleNudges(db, { repIds: [rep.id], now, escalatedOnly: !options.asRep }),
    loadOpenDeals(db, rep.id),
  ]);
  const asked = requests.filter((r) => r.at.getTime() <= now.getTime());
  const answeredBy = new Map<number, number[]>();
  for (const r of asked) if (r.answeredByUpdate !== null) answeredBy.set(r.answeredByUpdate, [...(answeredBy.get(r.answeredByUpdate) ?? []), r.id]);
  const promiseOf = new Map(promises.filter((p) => p.updateId !== null).map((p) => [p.updateId!, p]));
  const views = promises.map((p) => promiseView(p, now));
  const dueThisWeek = (due: string) => inRange(new Date(`${due}T00:00:00Z`), start, end);
  return {
    repId: rep.id,
    repName: rep.name,
    weekStart: isoDay(start),
    weekEnd: isoDay(end),
    updates: updates
      .filter((u) => inRange(u.at, start, end))
      .reverse()
      .map((u) => updateView(u, answeredBy.get(u.id) ?? [], promiseOf.get(u.id), now)),
    openRequests: asked.filter((r) => r.answeredAt === null || r.answeredAt.getTime() > now.getTime()).map(requestView),
    promises: {
      open: views.filter((p) => p.state === "open"),
      kept: views.filter((p) => p.state === "kept" && dueThisWeek(p.due)),
      broken: views.filter((p) => p.state === "broken" && dueThisWeek(p.due)),
    },
    staleNudges: nudges,
    preemptive: preemptiveRatios(classifyUpdates(updates, asked).updates, { start, end }).team,
    openDeals,
  };
}

/** Early-stage deals first (where coaching pays, D3), then the largest. */
async function loadOpenDeals(db: Db, repId: number): Promise<OpenDeal[]> {
  const rows = await query<{ id: string; external_id: string; account_name: string | null; stage: string; phase: "early" | "late"; value_cents: string | null }>(
    db,
    sql`select o.id::text as id, o.external_id, a.name as account_name, s.name as stage, s.phase, o.value_cents::text as value_cents
        from opportunities o join stages s on s.id = o.stage_id left join accounts a on a.id = o.account_id
        where o.owner_id = ${repId} and o.outcome = 'open' and s.phase in ('early', 'late')
        order by s.phase = 'late', o.value_cents desc nulls last, o.external_id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    externalId: r.external_id,
    accountName: r.account_name,
    stage: r.stage,
    phase: r.phase,
    value: r.value_cents === null ? null : Number(r.value_cents) / 100,
  }));
}
