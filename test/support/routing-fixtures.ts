/**
 * Seeded routing data for store tests, and the reference decision computed from raw rows with
 * the domain's own counting helpers (countHistory, countProactive), to check that the store's
 * aggregates (daily tables + raw boundary days) count exactly the same thing.
 */
import { eq } from "drizzle-orm";
import {
  countHistory,
  countProactive,
  inWindow,
  routeLead,
  sizeBandOf,
  type ActivityRecord,
  type CandidateInput,
  type ClosedOpportunity,
  type RoutingActivityKind,
  type RoutingDecision,
  type RoutingParams,
  type RoutingSettings,
} from "../../src/domain/routing/index.js";
import { query, sql, type Db } from "../../src/store/db.js";
import { accountSegment, findLeadRecord, leadInput, type LeadRecord } from "../../src/store/routing/index.js";
import { accounts, activities, ACTIVITY_KINDS, opportunities, products, stages, teams, users } from "../../src/store/schema.js";

const DAY = 86_400_000;

/** mulberry32: small, seeded, good enough for test data. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

export interface RoutingWorld {
  teamId: number;
  otherTeamId: number;
  managerId: number;
  repIds: number[];
  productNames: string[];
}

/** A team "Alpha" (region EMEA) with `reps` reps and a manager, a second team "Beta", products and accounts. */
export async function seedTeam(db: Db, options: { reps?: number; region?: string } = {}): Promise<RoutingWorld> {
  const [alpha] = await db.insert(teams).values({ name: "Alpha", region: options.region ?? "EMEA" }).returning();
  const [beta] = await db.insert(teams).values({ name: "Beta", region: "NA" }).returning();
  const [manager] = await db.insert(users).values({ name: "Mia Manager", role: "manager", teamId: alpha!.id }).returning();
  await db.update(teams).set({ managerId: manager!.id }).where(eq(teams.id, alpha!.id));
  const repIds: number[] = [];
  for (let i = 0; i < (options.reps ?? 5); i++) {
    const [u] = await db.insert(users).values({ name: `Rep ${i + 1}`, role: "rep", teamId: alpha!.id, managerId: manager!.id }).returning();
    repIds.push(u!.id);
  }
  await db.insert(users).values({ name: "Beta Rep", role: "rep", teamId: beta!.id });
  const productNames = ["GTX Pro", "MG Special", "GTK 500"];
  await db.insert(products).values(productNames.map((name) => ({ name })));
  await db.insert(accounts).values([
    { name: "Small Co", employees: 40 },
    { name: "Mid Co", employees: 900 },
    { name: "Big Co", employees: 12000 },
    { name: "Unknown Co" },
  ]);
  return { teamId: alpha!.id, otherTeamId: beta!.id, managerId: manager!.id, repIds, productNames };
}

/**
 * Random closed opportunities and activities for the team's reps around `now`, with a share
 * placed exactly on window edges (t − length, t − 1 ms, t) where off-by-one bugs live.
 */
export async function seedHistory(db: Db, world: RoutingWorld, now: Date, seed: number, counts = { opportunities: 300, activities: 1500 }) {
  const r = rng(seed);
  const stageRows = await db.select().from(stages);
  const won = stageRows.find((s) => s.closes === "won")!.id;
  const lost = stageRows.find((s) => s.closes === "lost")!.id;
  const productRows = await db.select().from(products);
  const accountRows = await db.select().from(accounts);
  const edges = (lengthDays: number) => [now.getTime() - lengthDays * DAY, now.getTime() - lengthDays * DAY - 1, now.getTime() - 1, now.getTime()];
  const when = (spanDays: number, lengthDays: number) =>
    new Date(r.next() < 0.15 ? r.pick(edges(lengthDays)) : now.getTime() - Math.floor(r.next() * spanDays * DAY) + 2 * DAY * (r.next() < 0.05 ? 1 : 0));
  const opps = Array.from({ length: counts.opportunities }, (_, i) => {
    const outcome = r.next() < 0.45 ? "won" : "lost";
    return {
      externalId: `O-${seed}-${i}`,
      ownerId: r.pick(world.repIds),
      productId: r.next() < 0.1 ? null : r.pick(productRows).id,
      accountId: r.next() < 0.1 ? null : r.pick(accountRows).id,
      stageId: outcome === "won" ? won : lost,
      outcome: outcome as "won" | "lost",
      valueCents: r.next() < 0.1 ? null : r.pick([0, 5_000, 900_000, 1_000_000, 4_000_000, 60_000_000, 250_000_000]),
      closedAt: when(400, 365),
    };
  });
  for (let i = 0; i < opps.length; i += 500) await db.insert(opportunities).values(opps.slice(i, i + 500));
  const acts = Array.from({ length: counts.activities }, (_, i) => ({
    externalId: `A-${seed}-${i}`,
    repId: r.pick(world.repIds),
    kind: r.pick(ACTIVITY_KINDS),
    proactive: r.next() < 0.6,
    at: when(18, 14),
  }));
  for (let i = 0; i < acts.length; i += 500) await db.insert(activities).values(acts.slice(i, i + 500));
}

/** Each rep's routing counts at `now` and the team's merit history, from raw rows with the domain's reference helpers. */
export async function rawRoutingCounts(db: Db, members: readonly { id: number; role: string }[], lead: LeadRecord, params: RoutingParams, now: Date) {
  const memberIds = new Set(members.map((m) => m.id));
  const oppRows = await query<Record<string, unknown>>(
    db,
    sql`select o.owner_id, o.outcome, o.closed_at, p.name as product, a.employees, t.region, o.value_cents
        from opportunities o left join products p on p.id = o.product_id left join accounts a on a.id = o.account_id
        left join users u on u.id = o.owner_id left join teams t on t.id = u.team_id
        where o.outcome in ('won', 'lost') and o.closed_at is not null`,
  );
  const closed: ClosedOpportunity[] = oppRows
    .filter((o) => memberIds.has(Number(o.owner_id)))
    .map((o) => ({
      ownerId: Number(o.owner_id),
      outcome: o.outcome as "won" | "lost",
      closedAt: new Date(o.closed_at as string | Date),
      product: (o.product as string | null) ?? null,
      segment: accountSegment(o.employees === null ? null : Number(o.employees)),
      region: (o.region as string | null) ?? null,
      sizeBand: sizeBandOf(o.value_cents === null ? null : Number(o.value_cents), params.sizeBandEdgesCents),
    }));
  const history = countHistory({ lead: leadInput(lead, params), keys: params.similarityKeys, opportunities: closed, now, windowDays: params.meritWindowDays });
  const acts: ActivityRecord[] = (await db.select().from(activities)).map((a) => ({ repId: a.repId, kind: a.kind as RoutingActivityKind, proactive: a.proactive, at: a.at }));
  const proactive = countProactive(acts, now, params.activityWindowDays);
  const decisions = await query<{ assignee_id: number | null; decided_at: Date | string }>(db, sql`select assignee_id, decided_at from routing_decisions`);
  const open = await query<{ assignee_id: number; n: number | string }>(
    db,
    sql`select assignee_id, count(*) as n from leads where status = 'assigned' and assignee_id is not null group by 1`,
  );
  const byRep = new Map(
    members
      .filter((m) => m.role === "rep")
      .map((m) => [
        m.id,
        {
          history: history.byRep.get(m.id) ?? { winsSimilar: 0, closedSimilar: 0, winsAll: 0, closedAll: 0 },
          proactiveActivity: proactive.get(m.id) ?? {},
          leadsLast30Days: decisions.filter((d) => Number(d.assignee_id) === m.id && inWindow(new Date(d.decided_at), now, params.recentLeadsWindowDays)).length,
          openLeads: Number(open.find((o) => Number(o.assignee_id) === m.id)?.n ?? 0),
        },
      ]),
  );
  return { byRep, team: history.team };
}

/** The decision the domain makes for `leadId` at `now` from raw rows only. */
export async function referenceDecision(db: Db, leadId: number, settings: RoutingSettings, now: Date, lastRotationAssigneeId: number | null = null): Promise<RoutingDecision> {
  const lead = (await findLeadRecord(db, { id: leadId }))!;
  const { params } = settings;
  const members = await db.select().from(users).where(lead.teamId === null ? sql`true` : eq(users.teamId, lead.teamId));
  const counts = await rawRoutingCounts(db, members, lead, params, now);
  const candidates: CandidateInput[] = members
    .filter((m) => m.role === "rep")
    .map((m) => ({
      id: m.id,
      name: m.name,
      role: m.role,
      active: m.active,
      outOfOfficeFrom: m.outOfOfficeFrom,
      outOfOfficeTo: m.outOfOfficeTo,
      regions: m.regions,
      segments: m.segments,
      products: m.products,
      languages: m.languages,
      capacity: m.capacity,
      ...counts.byRep.get(m.id)!,
    }));
  return routeLead(leadInput(lead, params), candidates, settings, { now, teamHistory: counts.team, lastRotationAssigneeId });
}

export const leadAt = (world: RoutingWorld, externalId: string, arrivedAt: Date, extra: Partial<{ product: string | null; productId: number | null; segment: string | null; region: string | null; valueCents: number | null; teamId: number | null }> = {}) => ({
  externalId,
  arrivedAt,
  teamId: world.teamId,
  productId: null,
  product: null,
  segment: null,
  region: null,
  language: null,
  accountId: null,
  source: null,
  valueCents: null,
  ...extra,
});
