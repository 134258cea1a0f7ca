/**
 * Routing snapshots: every count a decision needs, for every rep of the team, in one read of
 * five index ranges, whatever the size of the history.
 *
 * A window `[t − L, t)` is `C(t) − C(t − L)`, where C(x) counts a rep's events before the instant
 * x. A snapshot row (team key, UTC day D, rep) holds C(midnight of D) per series (a prefix sum
 * over all history, `*_cp`) and the times of the events of day D in ms after midnight, sorted
 * (`*_ms`), so C(x) = cp + width_bucket(ms(x) − 1, times) for any x on day D: exact to the
 * millisecond, two rows per window, and the windows' end rows are shared (all end on day(t)).
 *
 * Rows are built lazily, the first time a decision needs a (team, day): from the nearest earlier
 * snapshot of the rep (or nothing) plus the daily aggregates in between, and that day's raw rows
 * for the times. From then on the triggers of drizzle/0010_routing_snapshot_triggers.sql keep
 * them exact under any write (backdated, updated, deleted). A builder holds the snapshot lock
 * exclusively, writers share it (see that migration), so no write can fall between the two.
 * Building prunes the team's older rows that no later decision needs (pruneRepRows, pruneMeritRows).
 */
import { ACTIVITY_KINDS } from "../schema.js";
import { query, sql, type Db } from "../db.js";

const DAY_MS = 86_400_000;
/** The snapshot lock (writers take it shared in their triggers). */
const LOCK = sql.raw("1919907188, 1");

/** Column prefix of an activity kind: `follow-up` → `follow_up`. */
const col = (kind: string) => kind.replace(/-/g, "_");
export const KIND_COLS = ACTIVITY_KINDS.map(col);

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The similarity filter of a lead, as the merit snapshots key it. Null members match anything. */
export interface MeritFilter {
  /** A stable text key of the filter, e.g. `["product=3"]` or `["product=3","digits=5-6"]`; "" = no key applies. */
  sig: string;
  product: number | null;
  segment: string | null;
  region: string | null;
  digitsMin: number | null;
  digitsMax: number | null;
}

export interface SnapshotWindows {
  activityDays: number;
  recentLeadsDays: number;
  meritDays: number;
}

export interface SnapshotCounts {
  /** Leads assigned to the rep and still open, now. */
  openLeads: number;
  /** Proactive activities per kind in the activity window (reps only). */
  activity: Record<(typeof ACTIVITY_KINDS)[number], number>;
  /** Leads received in the recent-leads window (reps only). */
  received: number;
  /** Merit counts (when a filter was given). */
  winsAll: number;
  closedAll: number;
  winsSimilar: number;
  closedSimilar: number;
}

export interface Boundaries {
  /** ms after midnight of t, minus 1: width_bucket(off, times) counts the times < ms(t). */
  off: number;
  end: string;
  activityStart: string;
  receivedStart: string;
  meritStart: string;
}

export function boundaries(now: Date, w: SnapshotWindows): Boundaries {
  const t = now.getTime();
  const ms = ((t % DAY_MS) + DAY_MS) % DAY_MS;
  return {
    off: ms - 1,
    end: isoDay(t),
    activityStart: isoDay(t - w.activityDays * DAY_MS),
    receivedStart: isoDay(t - w.recentLeadsDays * DAY_MS),
    meritStart: isoDay(t - w.meritDays * DAY_MS),
  };
}

export const intArray = (ids: readonly number[]) => `{${ids.join(",")}}`;
const boolArray = (xs: readonly boolean[]) => `{${xs.map((x) => (x ? "t" : "f")).join(",")}}`;
export const dateArray = (days: readonly string[]) => `{${[...new Set(days)].join(",")}}`;

/** `cp + width_bucket(off, times)` at the end row minus the same at the start row. */
const windowCount = (off: number, end: string, start: string, cp: string, times: string) =>
  `${end}.${cp} + coalesce(width_bucket(${off}, ${end}.${times}), 0) - ${start}.${cp} - coalesce(width_bucket(${off}, ${start}.${times}), 0)`;

/**
 * The read: per member `id, <8 kinds>, received[, wins_all, closed_all, wins_similar, closed_similar],
 * open_leads, rep_missing, merit_missing`, as ONE text (members by ';', fields by ','). A
 * thousand rows of twenty columns cost more to ship and parse than to compute, most of all on
 * PGlite, whose result parsing runs in JavaScript.
 */
function readStatement(b: Boundaries, teamKey: number, ids: readonly number[], isRep: readonly boolean[], filter: MeritFilter | null) {
  const fields = [
    "m.id",
    ...KIND_COLS.map((k) => windowCount(b.off, "e", "a", `${k}_cp`, `${k}_ms`)),
    windowCount(b.off, "e", "r", "received_cp", "received_ms"),
  ];
  let meritJoins = "";
  if (filter) {
    fields.push(
      windowCount(b.off, "me", "mb", "wins_all", "won_all_ms"),
      windowCount(b.off, "me", "mb", "closed_all", "closed_all_ms"),
      windowCount(b.off, "me", "mb", "wins_similar", "won_similar_ms"),
      windowCount(b.off, "me", "mb", "closed_similar", "closed_similar_ms"),
    );
    meritJoins = `
      left join routing_merit_snapshot me on me.team_key = ${teamKey} and me.sig = $sig::text and me.day = '${b.end}' and me.rep_id = m.id
      left join routing_merit_snapshot mb on mb.team_key = ${teamKey} and mb.sig = $sig::text and mb.day = '${b.meritStart}' and mb.rep_id = m.id`;
  }
  fields.push(
    "coalesce(l.open_leads, 0)",
    "(m.is_rep and (e.rep_id is null or a.rep_id is null or r.rep_id is null))::int",
    filter ? "(me.rep_id is null or mb.rep_id is null)::int" : "0",
  );
  const settingsTeam = teamKey === 0 ? "team_id is null" : `team_id = ${teamKey}`;
  // Day literals and the team key are numbers and ISO dates built here; the rest are parameters.
  // A missing snapshot row makes its counts null: concat_ws would drop them, hence coalesce
  // (the row is built and the read repeated anyway). The versions let the caller check, in
  // this same snapshot, the member list and settings it cached.
  const text = `select string_agg(concat_ws(',', ${fields.map((f) => `coalesce(${f}, 0)`).join(", ")}), ';') as counts,
      (select version from routing_cache_version where name = 'members') as members_version,
      (select coalesce(max(version), 0) from routing_settings where ${settingsTeam}) as settings_version
    from unnest($ids::int[], $is_rep::bool[]) as m(id, is_rep)
    left join rep_lead_load l on l.rep_id = m.id
    left join routing_rep_snapshot e on e.team_key = ${teamKey} and e.day = '${b.end}' and e.rep_id = m.id
    left join routing_rep_snapshot a on a.team_key = ${teamKey} and a.day = '${b.activityStart}' and a.rep_id = m.id
    left join routing_rep_snapshot r on r.team_key = ${teamKey} and r.day = '${b.receivedStart}' and r.rep_id = m.id${meritJoins}`;
  const params: Record<string, unknown> = { ids: intArray(ids), is_rep: boolArray(isRep), sig: filter?.sig ?? "" };
  return bind(text, params);
}

interface Read {
  rows: number[][];
  membersVersion: number | null;
  settingsVersion: number | null;
}

async function runRead(db: Db, statement: ReturnType<typeof readStatement>): Promise<Read> {
  const [row] = await query<{ counts: string | null; members_version: number | string | null; settings_version: number | string | null }>(db, statement);
  const text = row?.counts ?? "";
  return {
    rows: text === "" ? [] : text.split(";").map((line) => line.split(",").map(Number)),
    membersVersion: row?.members_version == null ? null : Number(row.members_version),
    settingsVersion: row?.settings_version == null ? null : Number(row.settings_version),
  };
}

/** Turns `$name` placeholders into drizzle parameters (the text casts them). */
function bind(text: string, params: Record<string, unknown>) {
  const parts = text.split(/(\$[a-z_]+)/);
  const chunks = parts.map((part) => {
    const name = part.startsWith("$") ? part.slice(1) : null;
    if (name === null || !(name in params)) return sql.raw(part);
    return sql`${params[name]}`;
  });
  return sql.join(chunks, sql``);
}

export interface WindowCounts {
  /** Each member's counts, position by position in the request's `memberIds` (undefined: no rows). */
  counts: readonly (SnapshotCounts | undefined)[];
  /** routing_cache_version 'members' and the team's newest settings version, read with the counts (null: no members). */
  membersVersion: number | null;
  settingsVersion: number | null;
  /**
   * With a request's `probe` (kept counts only): whether the lead's external id exists, else a new
   * lead id; and the database snapshot every kept row is current for after this read.
   */
  probe?: { known: boolean; leadId: number | null; snapshot: string };
  /** True when rows were missing and `noBuild` kept them from being built (no counts). */
  incomplete?: boolean;
}

/** What a read of window counts is for: a team key's members (and which are reps), at `now`. */
export interface WindowCountsRequest {
  teamKey: number;
  memberIds: readonly number[];
  repIds: ReadonlySet<number>;
  now: Date;
  windows: SnapshotWindows;
  /** The lead's similarity filter; null = the caller counts merit another way. */
  filter: MeritFilter | null;
  clock?: (phase: string) => void;
  /** Kept counts only: look this external id up and draw a lead id in the same read (optimistic.ts). */
  probe?: { externalId: string };
  /** Kept counts only: when rows are missing, answer `incomplete` instead of building them (a caller outside a transaction). */
  noBuild?: boolean;
}

/**
 * Window counts of every member at `now`: activity and leads received for the reps, merit for
 * every member (when `filter` is given). Builds the snapshot rows it finds missing, then reads
 * again.
 */
export async function readWindowCounts(db: Db, options: WindowCountsRequest): Promise<WindowCounts> {
  const { teamKey, memberIds, repIds, filter } = options;
  const b = boundaries(options.now, options.windows);
  const isRep = memberIds.map((id) => repIds.has(id));
  const statement = readStatement(b, teamKey, memberIds, isRep, filter);
  let read = await runRead(db, statement);
  const width = read.rows[0]?.length ?? 0;
  const missing = (offset: number) => read.rows.filter((r) => r[width - offset] === 1).map((r) => r[0]!);
  const missingReps = missing(2);
  const missingMerit = missing(1);
  if (missingReps.length || missingMerit.length) {
    options.clock?.("read");
    await buildSnapshots(db, { teamKey, b, repIds: missingReps, meritIds: missingMerit, filter });
    options.clock?.("build");
    read = await runRead(db, statement);
    if (read.rows.some((r) => r[width - 1] === 1 || r[width - 2] === 1)) throw new Error("routing snapshots: rows missing after building them");
  }
  const counts = new Map<number, SnapshotCounts>();
  const received = 1 + KIND_COLS.length;
  for (const r of read.rows) {
    const activity = {} as SnapshotCounts["activity"];
    ACTIVITY_KINDS.forEach((kind, i) => (activity[kind] = r[1 + i]!));
    counts.set(r[0]!, {
      openLeads: r[width - 3]!,
      activity,
      received: r[received]!,
      winsAll: filter ? r[received + 1]! : 0,
      closedAll: filter ? r[received + 2]! : 0,
      winsSimilar: filter ? r[received + 3]! : 0,
      closedSimilar: filter ? r[received + 4]! : 0,
    });
  }
  return { counts: memberIds.map((id) => counts.get(id)), membersVersion: read.membersVersion, settingsVersion: read.settingsVersion };
}

const dayStart = (alias: string) => `${alias}.day::timestamp at time zone 'UTC'`;
const dayEnd = (alias: string) => `(${alias}.day + 1)::timestamp at time zone 'UTC'`;

/** Inserts the missing rep snapshot rows of `ids` at `days` for `teamKey`. */
function buildRepRows(teamKey: number, ids: readonly number[], days: readonly string[]) {
  const cps = KIND_COLS.map((k) => `coalesce(b.${k}_cp, 0) + coalesce(s.${k}, 0)`);
  const times = KIND_COLS.map((k) => `x.${k}`);
  const sums = ACTIVITY_KINDS.map((kind, i) => `sum(d.count) filter (where d.kind = '${kind}') as ${KIND_COLS[i]}`);
  const aggs = ACTIVITY_KINDS.map((kind, i) => `array_agg(routing_ms_of_day(a.at) order by routing_ms_of_day(a.at)) filter (where a.kind = '${kind}') as ${KIND_COLS[i]}`);
  const text = `insert into routing_rep_snapshot (team_key, day, rep_id, ${KIND_COLS.map((k) => `${k}_cp`).join(", ")}, ${KIND_COLS.map((k) => `${k}_ms`).join(", ")}, received_cp, received_ms)
    select ${teamKey}, q.day, q.rep_id, ${cps.join(", ")}, ${times.join(", ")},
           coalesce(b.received_cp, 0) + coalesce(lr.n, 0), rx.times
    from (select i.rep_id, d.day from unnest($ids::int[]) i(rep_id) cross join unnest($days::date[]) d(day)
          where not exists (select 1 from routing_rep_snapshot z where z.team_key = ${teamKey} and z.day = d.day and z.rep_id = i.rep_id)) q
    -- The nearest earlier snapshot of the rep under any team key: its prefix sums are exact.
    left join lateral (select * from routing_rep_snapshot z where z.rep_id = q.rep_id and z.day < q.day order by z.day desc limit 1) b on true
    left join lateral (select ${sums.join(", ")} from activity_daily d
                       where d.rep_id = q.rep_id and d.proactive and d.day >= coalesce(b.day, '-infinity'::date) and d.day < q.day) s on true
    left join lateral (select ${aggs.join(", ")} from activities a
                       where a.rep_id = q.rep_id and a.proactive and a.at >= ${dayStart("q")} and a.at < ${dayEnd("q")}) x on true
    left join lateral (select sum(l.received) as n from lead_received_daily l
                       where l.rep_id = q.rep_id and l.day >= coalesce(b.day, '-infinity'::date) and l.day < q.day) lr on true
    left join lateral (select array_agg(routing_ms_of_day(d.decided_at) order by routing_ms_of_day(d.decided_at)) as times from routing_decisions d
                       where d.assignee_id = q.rep_id and d.decided_at >= ${dayStart("q")} and d.decided_at < ${dayEnd("q")}) rx on true
    on conflict do nothing`;
  return bind(text, { ids: intArray(ids), days: dateArray(days) });
}

/** The similarity predicate of `filter` over columns (product_id, segment, region, digits) of `alias`. */
function matches(filter: MeritFilter, alias: string): string {
  const parts = ["true"];
  if (filter.product !== null) parts.push(`${alias}.product_id = $f_product::int`);
  if (filter.segment !== null) parts.push(`${alias}.segment = $f_segment::text`);
  if (filter.region !== null) parts.push(`${alias}.region = $f_region::text`);
  if (filter.digitsMin !== null) parts.push(`${alias}.digits between $f_dmin::int and $f_dmax::int`);
  return parts.join(" and ");
}

/** Inserts the missing merit snapshot rows of `ids` at `days` for `teamKey` and `filter`. */
function buildMeritRows(teamKey: number, ids: readonly number[], days: readonly string[], filter: MeritFilter) {
  const daily = matches(filter, "c").replace("c.digits", "c.value_digits");
  const raw = matches(filter, "o");
  const text = `insert into routing_merit_snapshot (team_key, sig, day, rep_id, f_product, f_segment, f_region, f_digits_min, f_digits_max,
        wins_all, closed_all, wins_similar, closed_similar, won_all_ms, closed_all_ms, won_similar_ms, closed_similar_ms)
    select ${teamKey}, $sig::text, q.day, q.rep_id, $f_product::int, $f_segment::text, $f_region::text, $f_dmin::int, $f_dmax::int,
           coalesce(b.wins_all, 0) + coalesce(s.wins_all, 0), coalesce(b.closed_all, 0) + coalesce(s.closed_all, 0),
           coalesce(b.wins_similar, 0) + coalesce(s.wins_similar, 0), coalesce(b.closed_similar, 0) + coalesce(s.closed_similar, 0),
           x.won_all, x.closed_all, x.won_similar, x.closed_similar
    from (select i.rep_id, d.day from unnest($ids::int[]) i(rep_id) cross join unnest($days::date[]) d(day)
          where not exists (select 1 from routing_merit_snapshot z where z.team_key = ${teamKey} and z.sig = $sig::text and z.day = d.day and z.rep_id = i.rep_id)) q
    left join lateral (select * from routing_merit_snapshot z where z.rep_id = q.rep_id and z.sig = $sig::text and z.day < q.day order by z.day desc limit 1) b on true
    left join lateral (select sum(c.wins) as wins_all, sum(c.closed) as closed_all,
                              sum(c.wins) filter (where ${daily}) as wins_similar, sum(c.closed) filter (where ${daily}) as closed_similar
                       from opportunity_close_daily c
                       where c.rep_id = q.rep_id and c.day >= coalesce(b.day, '-infinity'::date) and c.day < q.day) s on true
    left join lateral (select array_agg(o.ms order by o.ms) filter (where o.won) as won_all, array_agg(o.ms order by o.ms) as closed_all,
                              array_agg(o.ms order by o.ms) filter (where o.won and ${raw}) as won_similar,
                              array_agg(o.ms order by o.ms) filter (where ${raw}) as closed_similar
                       from (select routing_ms_of_day(o.closed_at) as ms, o.outcome = 'won' as won, coalesce(o.product_id, 0) as product_id,
                                    routing_account_segment(ac.employees) as segment, coalesce(t.region, '') as region,
                                    routing_value_digits(o.value_cents) as digits
                             from opportunities o
                             left join accounts ac on ac.id = o.account_id
                             left join users u on u.id = o.owner_id
                             left join teams t on t.id = u.team_id
                             where o.owner_id = q.rep_id and o.outcome in ('won', 'lost')
                               and o.closed_at >= ${dayStart("q")} and o.closed_at < ${dayEnd("q")}) o) x on true
    on conflict do nothing`;
  return bind(text, {
    ids: intArray(ids),
    days: dateArray(days),
    sig: filter.sig,
    f_product: filter.product,
    f_segment: filter.segment,
    f_region: filter.region,
    f_dmin: filter.digitsMin,
    f_dmax: filter.digitsMax,
  });
}

const dayBefore = (day: string) => isoDay(Date.parse(`${day}T00:00:00Z`) - DAY_MS);

/**
 * Rep rows: keeps every day from the day before the oldest window start on. A row built as the
 * end of today's windows is, 14 and 30 days later (the default windows), the start of the
 * windows of that day, its times complete and kept exact by the triggers all along — so a new
 * day only ever builds its end row, from yesterday's. Rows of later days stay too (decisions
 * routed in the past, e.g. from a CSV, leave today's rows alone). About a month of rows per rep.
 */
function pruneRepRows(teamKey: number, days: readonly string[]) {
  const oldest = [...days].sort()[0]!;
  return sql.raw(`delete from routing_rep_snapshot where team_key = ${teamKey} and day < '${dayBefore(oldest)}'`);
}

/**
 * Merit rows (per filter): keeps the days just built and the days before them (the next day's
 * build starts from them), and any later day. A merit window's start day is cheap to build
 * (that day's closed deals), unlike keeping a year of rows.
 */
function pruneMeritRows(teamKey: number, days: readonly string[], sig: string) {
  const keep = [...days, ...days.map(dayBefore)];
  const latest = [...days].sort().at(-1)!;
  return bind(`delete from routing_merit_snapshot where team_key = ${teamKey} and sig = $sig::text and day < '${latest}' and day <> all($keep::date[])`, {
    keep: dateArray(keep),
    sig,
  });
}

export async function buildSnapshots(
  db: Db,
  options: { teamKey: number; b: Boundaries; repIds: number[]; meritIds: number[]; filter: MeritFilter | null },
): Promise<void> {
  const { teamKey, b, filter } = options;
  const repDays = [b.end, b.activityStart, b.receivedStart];
  const meritDays = [b.end, b.meritStart];
  // A savepoint inside the caller's transaction, or a transaction of its own: the exclusive
  // lock is held until the outermost one ends, so no write can slip in before the rows are visible.
  await db.transaction(async (raw) => {
    const tx = raw as unknown as Db;
    await query(tx, sql`select pg_advisory_xact_lock(${LOCK})`);
    if (options.repIds.length) {
      await query(tx, buildRepRows(teamKey, options.repIds, repDays));
      await query(tx, pruneRepRows(teamKey, repDays));
    }
    if (options.meritIds.length && filter) {
      await query(tx, buildMeritRows(teamKey, options.meritIds, meritDays, filter));
      await query(tx, pruneMeritRows(teamKey, meritDays, filter.sig));
    }
  });
}
