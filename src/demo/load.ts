/**
 * Writes a generated demo into a store, in one transaction (a failed load leaves the store
 * empty, so a first start can simply try again). Bulk rows go in as column arrays through
 * `unnest(...)`: one statement per few thousand rows, and one activity_daily upsert per
 * statement from the trigger.
 */
import { hashPassword } from "../auth/password.js";
import { query, sql, type Db } from "../store/db.js";
import { reclassify } from "../store/cadence/updates.js";
import { accounts, meta, oneOnOnes, oneOnOneSchedules, products, quotas, stages, teams, users } from "../store/schema.js";
import { generateDemo } from "./generate.js";
import { routeDemoLeads } from "./route-leads.js";
import { ADMIN_EMAIL } from "./organisation.js";
import type { DemoActivity, DemoData, DemoOpportunity, DemoRequest, DemoUpdate } from "./types.js";

/** Every demo user signs in with this password (the demo is for looking around, not for secrets). */
export const DEMO_PASSWORD = "proactive-demo";

export interface LoadDemoOptions {
  seed?: number;
  reps?: number;
  months?: number;
  now?: Date;
  teams?: number;
  onProgress?: (progress: { phase: string; done: number; total: number }) => void;
}

export interface Credentials {
  email: string;
  password: string;
}

export interface DemoSummary {
  options: { seed: number; reps: number; months: number; teams: number; now: string };
  counts: {
    teams: number;
    users: number;
    accounts: number;
    products: number;
    opportunities: number;
    leads: number;
    activities: number;
    quotas: number;
    updates: number;
    requests: number;
    /** Held 1:1s. */
    oneOnOnes: number;
    /** Routing decisions: every lead's first, and the re-routes of leads left untouched past the SLA. */
    decisions: number;
  };
  credentials: { admin: Credentials; manager: Credentials; rep: Credentials };
  elapsedMs: number;
}

const ROW_CHUNK = 1000;
const ACTIVITY_BATCH = 5000;

/** True when nobody can sign in yet: a fresh store, which the demo may fill. */
export async function isStoreEmpty(db: Db): Promise<boolean> {
  const rows = await query<{ empty: boolean }>(db, sql`select not exists (select 1 from ${users}) as empty`);
  return rows[0]?.empty === true;
}

export async function loadDemo(db: Db, options: LoadDemoOptions = {}): Promise<DemoSummary> {
  const started = Date.now();
  const data = generateDemo({
    seed: options.seed ?? 42,
    reps: options.reps ?? 18,
    months: options.months ?? 12,
    now: options.now ?? new Date(),
    teams: options.teams,
  });
  const report = options.onProgress ?? (() => {});
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const credentials = demoCredentials(data);
  const counts = await db.transaction(async (tx) => writeDemo(tx as unknown as Db, data, { passwordHash, credentials }, report));
  const { seed, reps, months, teams: teamCount, now } = data.options;
  return {
    options: { seed, reps, months, teams: teamCount, now: now.toISOString() },
    counts,
    credentials,
    elapsedMs: Date.now() - started,
  };
}

/** One sign-in of each role: the admin, the first team's manager, that team's first rep. */
function demoCredentials(data: DemoData): DemoSummary["credentials"] {
  const credential = (email: string | undefined): Credentials => ({ email: email ?? ADMIN_EMAIL, password: DEMO_PASSWORD });
  return {
    admin: credential(ADMIN_EMAIL),
    manager: credential(data.users.find((u) => u.role === "manager")?.email),
    rep: credential(data.users.find((u) => u.role === "rep")?.email),
  };
}

/** Lines for a terminal: who to sign in as. */
export function describeSignIn(summary: Pick<DemoSummary, "credentials">): string[] {
  const { admin, manager, rep } = summary.credentials;
  return [
    "Demo sign-in (every demo user has the same password):",
    `  admin    ${admin.email}  /  ${admin.password}`,
    `  manager  ${manager.email}  /  ${manager.password}`,
    `  rep      ${rep.email}  /  ${rep.password}`,
  ];
}

type Report = NonNullable<LoadDemoOptions["onProgress"]>;

function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function idOf(map: ReadonlyMap<string, number>, key: string | null, what: string): number | null {
  if (key === null) return null;
  const id = map.get(key);
  if (id === undefined) throw new Error(`demo ${what} "${key}" was not loaded`);
  return id;
}

interface WriteContext {
  passwordHash: string;
  credentials: DemoSummary["credentials"];
}

async function writeDemo(db: Db, data: DemoData, { passwordHash, credentials }: WriteContext, report: Report): Promise<DemoSummary["counts"]> {
  report({ phase: "organisation", done: 0, total: 3 });
  const teamIds = new Map<string, number>();
  // Parents before children: the company, its offices, then the sales teams.
  for (const kind of ["company", "office", "team"] as const) {
    const level = data.teams.filter((t) => t.kind === kind);
    if (level.length === 0) continue;
    const rows = await db
      .insert(teams)
      .values(level.map((t) => ({ name: t.name, region: t.region, parentId: idOf(teamIds, t.parent, "team") })))
      .returning({ id: teams.id, name: teams.name });
    for (const row of rows) teamIds.set(row.name, row.id);
  }

  const userIds = new Map<string, number>();
  const leaders = data.users.filter((u) => u.role !== "rep");
  const reps = data.users.filter((u) => u.role === "rep");
  for (const group of [leaders, reps]) {
    for (const chunk of chunks(group, ROW_CHUNK)) {
      const rows = await db
        .insert(users)
        .values(
          chunk.map((u) => ({
            name: u.name,
            email: u.email,
            role: u.role,
            teamId: idOf(teamIds, u.team, "team"),
            managerId: idOf(userIds, u.manager, "user"),
            regions: u.regions,
            segments: u.segments,
            products: u.products,
            languages: u.languages,
            capacity: u.capacity,
            outOfOfficeFrom: u.outOfOfficeFrom,
            outOfOfficeTo: u.outOfOfficeTo,
            passwordHash,
          })),
        )
        .returning({ id: users.id, name: users.name });
      for (const row of rows) userIds.set(row.name, row.id);
    }
  }
  await query(
    db,
    sql`update ${teams} t set manager_id = u.id from unnest(${sql.param(data.teams.filter((t) => t.manager).map((t) => t.name))}::text[],
      ${sql.param(data.teams.filter((t) => t.manager).map((t) => userIds.get(t.manager as string)))}::int[]) as u(team, id)
      where t.name = u.team`,
  );
  report({ phase: "organisation", done: 1, total: 3 });

  const productIds = new Map<string, number>();
  const productRows = await db
    .insert(products)
    .values(data.products.map((p) => ({ name: p.name, series: p.series, priceCents: p.priceCents })))
    .returning({ id: products.id, name: products.name });
  for (const row of productRows) productIds.set(row.name, row.id);
  const accountIds = new Map<string, number>();
  for (const chunk of chunks(data.accounts, ROW_CHUNK)) {
    const rows = await db
      .insert(accounts)
      .values(
        chunk.map((a) => ({
          name: a.name,
          sector: a.sector,
          employees: a.employees,
          revenue: a.revenue,
          location: a.location,
          yearEstablished: a.yearEstablished,
        })),
      )
      .returning({ id: accounts.id, name: accounts.name });
    for (const row of rows) accountIds.set(row.name, row.id);
  }
  const stageIds = new Map((await db.select({ id: stages.id, name: stages.name }).from(stages)).map((s) => [s.name, s.id]));
  report({ phase: "organisation", done: 2, total: 3 });

  for (const chunk of chunks(data.quotas, ROW_CHUNK)) {
    await db.insert(quotas).values(
      chunk.map((q) => ({
        repId: idOf(userIds, q.rep, "user") as number,
        period: q.period,
        periodStart: q.periodStart,
        periodEnd: q.periodEnd,
        amountCents: q.amountCents,
      })),
    );
  }
  await insertLeads(db, data, { teamIds, productIds, accountIds });
  report({ phase: "organisation", done: 3, total: 3 });

  const opportunityIds = await insertOpportunities(db, data.opportunities, { userIds, accountIds, productIds, stageIds }, report);
  const activityCount = await insertActivities(db, data, { userIds, accountIds, opportunityIds }, report);
  await insertCadence(db, data, { userIds, opportunityIds });
  await insertCoaching(db, data, userIds);
  const routed = await routeDemoLeads(db, { now: data.options.now, seed: data.options.seed }, report);

  const demo = demoMeta(data, credentials);
  await db.insert(meta).values({ key: "demo", value: demo }).onConflictDoUpdate({ target: meta.key, set: { value: demo } });

  return {
    teams: data.teams.length,
    users: data.users.length,
    accounts: data.accounts.length,
    products: data.products.length,
    opportunities: data.opportunities.length,
    leads: data.leads.length,
    activities: activityCount + routed.callBacks,
    quotas: data.quotas.length,
    updates: data.updates.length,
    requests: data.requests.length,
    oneOnOnes: data.oneOnOnes.length,
    decisions: routed.decisions,
  };
}

/** What a later reader needs to know about this demo: how to rebuild it, who is who, who to sign in as. */
function demoMeta(data: DemoData, credentials: DemoSummary["credentials"]) {
  const { seed, reps, months, teams: teamCount, now } = data.options;
  return {
    seed,
    reps,
    months,
    teams: teamCount,
    now: now.toISOString(),
    archetypes: Object.fromEntries(
      data.users.filter((u) => u.archetype).map((u) => [u.name, `${u.archetype?.ability} ${u.archetype?.style}`]),
    ),
    credentials,
  };
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

async function insertLeads(
  db: Db,
  data: DemoData,
  ids: { teamIds: Map<string, number>; productIds: Map<string, number>; accountIds: Map<string, number> },
): Promise<void> {
  for (const chunk of chunks(data.leads, ACTIVITY_BATCH)) {
    const col = <T>(f: (l: (typeof chunk)[number]) => T) => sql.param(chunk.map(f));
    await query(
      db,
      sql`insert into leads (external_id, team_id, arrived_at, product_id, segment, region, language, account_id, source, value_cents, status)
        select * from unnest(${col((l) => l.externalId)}::text[], ${col((l) => idOf(ids.teamIds, l.team, "team"))}::int[],
          ${col((l) => l.arrivedAt.toISOString())}::timestamptz[], ${col((l) => idOf(ids.productIds, l.product, "product"))}::int[],
          ${col((l) => l.segment)}::text[], ${col((l) => l.region)}::text[], ${col((l) => l.language)}::text[],
          ${col((l) => idOf(ids.accountIds, l.account, "account"))}::int[], ${col((l) => l.source)}::text[],
          ${col((l) => l.valueCents)}::bigint[], ${col((l) => l.status)}::text[])`,
    );
  }
}

async function insertOpportunities(
  db: Db,
  opportunities: readonly DemoOpportunity[],
  ids: { userIds: Map<string, number>; accountIds: Map<string, number>; productIds: Map<string, number>; stageIds: Map<string, number> },
  report: Report,
): Promise<Map<string, number>> {
  const opportunityIds = new Map<string, number>();
  report({ phase: "opportunities", done: 0, total: opportunities.length });
  for (const chunk of chunks(opportunities, ACTIVITY_BATCH)) {
    const col = <T>(f: (o: DemoOpportunity) => T) => sql.param(chunk.map(f));
    const rows = await query<{ id: string | number; external_id: string }>(
      db,
      sql`insert into opportunities (external_id, owner_id, account_id, product_id, stage_id, outcome, value_cents, cost_cents,
          discount_pct, created_on, engaged_at, closed_at, stage_changed_at, next_step, next_step_due, mutual_action_plan, strategy)
        select * from unnest(${col((o) => o.externalId)}::text[], ${col((o) => idOf(ids.userIds, o.owner, "user"))}::int[],
          ${col((o) => idOf(ids.accountIds, o.account, "account"))}::int[], ${col((o) => idOf(ids.productIds, o.product, "product"))}::int[],
          ${col((o) => idOf(ids.stageIds, o.stage, "stage"))}::int[], ${col((o) => o.outcome)}::text[],
          ${col((o) => o.valueCents)}::bigint[], ${col((o) => o.costCents)}::bigint[], ${col((o) => o.discountPct)}::float8[],
          ${col((o) => iso(o.createdOn))}::timestamptz[], ${col((o) => iso(o.engagedAt))}::timestamptz[],
          ${col((o) => iso(o.closedAt))}::timestamptz[], ${col((o) => iso(o.stageChangedAt))}::timestamptz[],
          ${col((o) => o.nextStep)}::text[], ${col((o) => iso(o.nextStepDue))}::timestamptz[],
          ${col((o) => o.mutualActionPlan)}::text[], ${col((o) => o.strategy)}::text[])
        returning id, external_id`,
    );
    for (const row of rows) opportunityIds.set(row.external_id, Number(row.id));
    report({ phase: "opportunities", done: opportunityIds.size, total: opportunities.length });
  }
  return opportunityIds;
}

/**
 * Updates (with their promises) and requests, then the classification of the whole history
 * by the domain's rules: which update answered which request, and which came before anyone asked.
 */
async function insertCadence(db: Db, data: DemoData, ids: { userIds: Map<string, number>; opportunityIds: Map<string, number> }): Promise<void> {
  if (data.updates.length === 0 && data.requests.length === 0) return;
  const externalId = (prefix: string, i: number) => `${prefix}${String(i + 1).padStart(6, "0")}`;
  const updateIds = new Map<string, number>();
  for (const [c, chunk] of chunks(data.updates, ACTIVITY_BATCH).entries()) {
    const col = <T>(f: (u: DemoUpdate, i: number) => T) => sql.param(chunk.map((u, i) => f(u, c * ACTIVITY_BATCH + i)));
    const rows = await query<{ id: string; external_id: string }>(
      db,
      sql`insert into updates (external_id, rep_id, subject, opportunity_id, at, text, performatives, preemptive)
        select e, r, s, o, a, t, string_to_array(p, ','), true
        from unnest(${col((_, i) => externalId("DU", i))}::text[], ${col((u) => idOf(ids.userIds, u.rep, "user"))}::int[],
          ${col((u) => u.subject)}::text[], ${col((u) => (u.subject === "rep" ? null : idOf(ids.opportunityIds, u.subject, "opportunity")))}::bigint[],
          ${col((u) => u.at.toISOString())}::timestamptz[], ${col((u) => u.text)}::text[], ${col((u) => u.performatives.join(","))}::text[])
          as x(e, r, s, o, a, t, p)
        returning id::text as id, external_id`,
    );
    for (const row of rows) updateIds.set(row.external_id, Number(row.id));
  }
  const promised = data.updates.flatMap((u, i) => (u.promise ? [{ u, promise: u.promise, updateId: updateIds.get(externalId("DU", i))! }] : []));
  for (const chunk of chunks(promised, ACTIVITY_BATCH)) {
    const col = <T>(f: (p: (typeof chunk)[number]) => T) => sql.param(chunk.map(f));
    await query(
      db,
      sql`insert into promises (rep_id, update_id, subject, text, due, kept, marked_at)
        select * from unnest(${col((p) => idOf(ids.userIds, p.u.rep, "user"))}::int[], ${col((p) => p.updateId)}::bigint[],
          ${col((p) => p.u.subject)}::text[], ${col((p) => p.u.text)}::text[], ${col((p) => p.promise.due)}::date[],
          ${col((p) => p.promise.kept)}::bool[], ${col((p) => iso(p.promise.markedAt))}::timestamptz[])`,
    );
  }
  for (const [c, chunk] of chunks(data.requests, ACTIVITY_BATCH).entries()) {
    const col = <T>(f: (r: DemoRequest, i: number) => T) => sql.param(chunk.map((r, i) => f(r, c * ACTIVITY_BATCH + i)));
    await query(
      db,
      sql`insert into info_requests (external_id, manager_id, rep_id, subject, at, text)
        select * from unnest(${col((_, i) => externalId("DR", i))}::text[], ${col((r) => idOf(ids.userIds, r.manager, "user"))}::int[],
          ${col((r) => idOf(ids.userIds, r.rep, "user"))}::int[], ${col((r) => r.subject)}::text[],
          ${col((r) => r.at.toISOString())}::timestamptz[], ${col((r) => r.text)}::text[])`,
    );
  }
  const repIds = [...new Set([...data.updates, ...data.requests].map((x) => idOf(ids.userIds, x.rep, "user") as number))];
  await reclassify(db, repIds);
}

/** Every rep's weekly 1:1 schedule, and the 1:1s held in the last weeks. */
async function insertCoaching(db: Db, data: DemoData, userIds: Map<string, number>): Promise<void> {
  const user = (name: string) => idOf(userIds, name, "user") as number;
  for (const chunk of chunks(data.schedules, ROW_CHUNK)) {
    await db.insert(oneOnOneSchedules).values(
      chunk.map((s) => ({ managerId: user(s.manager), repId: user(s.rep), weekday: s.weekday, time: s.time, timeZone: s.timeZone, startsOn: s.startsOn })),
    );
  }
  for (const chunk of chunks(data.oneOnOnes, ROW_CHUNK)) {
    await db.insert(oneOnOnes).values(
      chunk.map((m) => ({ managerId: user(m.manager), repId: user(m.rep), scheduledFor: m.scheduledFor, heldAt: m.heldAt, notes: m.notes, decisions: m.decisions })),
    );
  }
}

async function insertActivities(
  db: Db,
  data: DemoData,
  ids: { userIds: Map<string, number>; accountIds: Map<string, number>; opportunityIds: Map<string, number> },
  report: Report,
): Promise<number> {
  // The exact count is only known once streamed: report against the target, then the truth.
  const estimate = data.targetActivities;
  let done = 0;
  let batch: DemoActivity[] = [];
  // One insert in flight while the next batch is generated: on PostgreSQL the server
  // works while this process builds rows.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const col = <T>(f: (a: DemoActivity) => T) => sql.param(rows.map(f));
    const statement = sql`insert into activities (rep_id, kind, proactive, at, duration_minutes, account_id, opportunity_id,
        outcome, latitude, longitude, check_out_at)
      select * from unnest(${col((a) => idOf(ids.userIds, a.rep, "user"))}::int[], ${col((a) => a.kind)}::text[],
        ${col((a) => a.proactive)}::bool[], ${col((a) => a.at.toISOString())}::timestamptz[],
        ${col((a) => a.durationMinutes)}::int[], ${col((a) => idOf(ids.accountIds, a.account, "account"))}::int[],
        ${col((a) => idOf(ids.opportunityIds, a.opportunity, "opportunity"))}::bigint[], ${col((a) => a.outcome)}::text[],
        ${col((a) => a.latitude)}::float8[], ${col((a) => a.longitude)}::float8[], ${col((a) => iso(a.checkOutAt))}::timestamptz[])`;
    await inFlight;
    inFlight = query(db, statement).then(() => {
      done += rows.length;
      report({ phase: "activities", done: Math.min(done, estimate), total: estimate });
    });
    // Awaited at the next flush; this only keeps a failure from counting as unhandled meanwhile.
    inFlight.catch(() => {});
  };
  report({ phase: "activities", done: 0, total: estimate });
  for (const activity of data.activities()) {
    batch.push(activity);
    if (batch.length >= ACTIVITY_BATCH) await flush();
  }
  await flush();
  await inFlight;
  report({ phase: "activities", done, total: done });
  return done;
}
