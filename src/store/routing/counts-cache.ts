/**
 * The routing snapshot rows of a team, kept in memory between decisions, so a decision reads
 * only what changed since the last one instead of five index ranges per rep (snapshots.ts).
 *
 * Exact across server processes: every change to the rows a decision's counts come from
 * (routing_rep_snapshot, routing_merit_snapshot, rep_lead_load) logs its rep in routing_changes
 * with the writing transaction's id (drizzle/0013_routing_changes.sql). The cache remembers the
 * database snapshot (`pg_current_snapshot()`) of its last read; the next read asks, in one call
 * of routing_counts_refresh (one statement, one database snapshot, plans kept between calls), for
 * the reps logged by transactions that snapshot did not see, and reads their rows (with those of
 * reps not cached yet) under that same new snapshot. Invariant: every cached row
 * includes every change visible in `snapshot` (rows read later are only newer, which is safe:
 * they are re-read once more at most). A pruned log (routing_changes_horizon past the
 * snapshot's xmin) or a new cache starts over with a full read.
 *
 * A cache is used only by one decision of its team at a time (`withTeamCounts`), and dropped when
 * that decision's transaction fails: rows it built and read there would not exist.
 */
import { ACTIVITY_KINDS, type ActivityKind } from "../schema.js";
import { query, queryPrepared, sql, type Db } from "../db.js";
import {
  boundaries,
  buildSnapshots,
  dateArray,
  intArray,
  KIND_COLS,
  type Boundaries,
  type MeritFilter,
  type SnapshotCounts,
  type WindowCounts,
  type WindowCountsRequest,
} from "./snapshots.js";

/** One snapshot row: the prefix sum of each series at midnight and that day's sorted times. */
interface SeriesRow {
  cp: number[];
  ms: (number[] | null)[];
}

export interface TeamCounts {
  /** The database snapshot every cached row is current for ('' = nothing read yet). */
  snapshot: string;
  /**
   * The id of the transaction that took `snapshot`, if it had one then ('' = none): a snapshot
   * does not list its own transaction as running, yet that transaction's later writes (the
   * decision itself) were not in the rows read.
   */
  own: string;
  /** Rep id → day → its routing_rep_snapshot row (the 8 activity kinds, then leads received). */
  rep: Map<number, Map<string, SeriesRow>>;
  /** Member id → `sig` + day → its routing_merit_snapshot row (wins, closed; all, similar). */
  merit: Map<number, Map<string, SeriesRow>>;
  /** Member id → open leads (rep_lead_load; absent = 0). */
  open: Map<number, number>;
  /** The last read's days, filter and members (`readKey`), whose rows were all cached after it. */
  complete: string;
  /** Each member's counts as last computed, while its rows stay untouched (see `countsAt`); null before any. */
  computed: ComputedCounts | null;
}

/**
 * The members' counts at some instant of day `days`, position by position in the member list
 * (`membersKey`), and the range of instants each holds for: a member's rows' counts change only when t passes one of
 * their event times, so the same counts are right for every `off` with `from[i] ≤ off < until[i]`
 * (the nearest event times either side). Arrays, not maps by id: a decision checks every member.
 */
interface ComputedCounts {
  /** The members and which are reps (`Roster.key`). */
  membersKey: string;
  /** Member id → position. */
  index: ReadonlyMap<number, number>;
  /** The days and filter they were counted over (`dayKey`). */
  days: string;
  /** Undefined: not computed, or dropped because the member's rows changed. */
  counts: (SnapshotCounts | undefined)[];
  from: Float64Array;
  until: Float64Array;
}

const newTeamCounts = (): TeamCounts => ({ snapshot: "", own: "", rep: new Map(), merit: new Map(), open: new Map(), complete: "", computed: null });

/** Per store handle: each team key's counts, the queue of decisions using them, the last prune. */
interface CountsCaches {
  teams: Map<number, TeamCounts>;
  queues: Map<number, Promise<unknown>>;
  prunedAt: number;
}
const handles = new WeakMap<object, CountsCaches>();

/**
 * Runs `fn` with the cached counts of team key `key` of store handle `db`, after any other call
 * for the same key on this handle has finished. If `fn` throws (its transaction rolled back), the
 * team's cache is dropped.
 */
export async function withTeamCounts<T>(db: object, key: number, fn: (counts: TeamCounts) => Promise<T>): Promise<T> {
  let caches = handles.get(db);
  if (!caches) handles.set(db, (caches = { teams: new Map(), queues: new Map(), prunedAt: Date.now() }));
  const { teams, queues } = caches;
  const before = queues.get(key) ?? Promise.resolve();
  const run = before.then(async () => {
    let counts = teams.get(key);
    if (!counts) teams.set(key, (counts = newTeamCounts()));
    try {
      return await fn(counts);
    } catch (err) {
      teams.delete(key);
      throw err;
    }
  });
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => queues.get(key) === settled && queues.delete(key));
  return run;
}

/** How long routing_changes keeps a row, and how often a store handle prunes it. */
const KEEP_CHANGES_MS = 60_000;

/**
 * Deletes the change log's rows older than a minute, at most once a minute per store handle,
 * and moves routing_changes_horizon past them: a cache whose snapshot is older than what was
 * deleted (idle for a minute or more) starts over; every other one has seen those changes.
 */
export async function pruneRoutingChanges(db: Db, options: { force?: boolean } = {}): Promise<void> {
  const caches = handles.get(db);
  if (!options.force) {
    if (!caches || Date.now() - caches.prunedAt < KEEP_CHANGES_MS) return;
    caches.prunedAt = Date.now();
  }
  await query(
    db,
    sql`with gone as (delete from routing_changes where logged_at < now() - make_interval(secs => ${KEEP_CHANGES_MS / 1000}) returning xid)
        update routing_changes_horizon set xid = greatest(xid, (select max(xid) from gone))
        where id = 1 and exists (select 1 from gone)`,
  );
}

const meritKey = (sig: string, day: string) => `${sig}\n${day}`;
const REP_SERIES = KIND_COLS.length + 1;
const MERIT_SERIES = 4;

function rowOf(values: unknown[], series: number): SeriesRow {
  return { cp: values.slice(0, series).map(Number), ms: values.slice(series, 2 * series) as (number[] | null)[] };
}

interface Wanted {
  teamKey: number;
  b: Boundaries;
  repDays: string[];
  meritDays: string[];
  members: readonly number[];
  roster: Roster;
  filter: MeritFilter | null;
}

/**
 * What a member list gives every read: its reps and its ids as text. A member list the routing
 * cache keeps is the same array from one decision to the next (inputs.ts), so they are built once.
 */
interface Roster {
  /** Which members are reps (the request's `repIds`), and their ids in list order. */
  repIds: ReadonlySet<number>;
  reps: number[];
  /** The ids as an int[] literal: the refresh call's argument, and part of `readKey`. */
  text: string;
  /** The ids, then the reps' ids: equal for equal lists, even when read again. */
  key: string;
  /** Member id → position in the list. */
  index: ReadonlyMap<number, number>;
}
const rosters = new WeakMap<readonly number[], Roster>();
function rosterOf(memberIds: readonly number[], repIds: ReadonlySet<number>): Roster {
  let roster = rosters.get(memberIds);
  if (!roster || roster.repIds !== repIds) {
    const reps = memberIds.filter((id) => repIds.has(id));
    const text = intArray(memberIds);
    roster = { repIds, reps, text, key: `${text}|${intArray(reps)}`, index: new Map(memberIds.map((id, i) => [id, i])) };
    rosters.set(memberIds, roster);
  }
  return roster;
}

/** What routing_counts_refresh returns (drizzle/0013_routing_changes.sql). */
interface Refresh {
  snap: string;
  own: string;
  reset: boolean;
  changed: number[];
  members_version: number | string | null;
  settings_version: number | string | null;
  rep_rows: unknown[][] | null;
  merit_rows: unknown[][] | null;
  open_rows: [number, number][] | null;
  open_read: number[];
}

/** What routing_read_new_lead adds to the refresh (drizzle/0018_routing_optimistic.sql). */
interface LeadProbe {
  known: boolean;
  lead_id: number | string | null;
  counts: Refresh;
}

/**
 * One call of routing_counts_refresh: what changed since the cache's snapshot, and the rows of it
 * and of `need`. With `probe`, one call of routing_read_new_lead instead, which also looks the
 * lead's external id up and draws a lead id, in the same snapshot.
 */
async function refresh(db: Db, w: Wanted, counts: TeamCounts, need: readonly number[], probe?: { externalId: string }): Promise<{ r: Refresh; probe?: LeadProbe }> {
  const args = sql`${counts.snapshot}::text, ${counts.own}::text, ${w.teamKey}::int, ${w.roster.text}::int[], ${intArray(need)}::int[],
                   ${dateArray(w.repDays)}::date[], ${dateArray(w.meritDays)}::date[], ${w.filter?.sig ?? null}::text`;
  if (probe) {
    const [row] = await queryPrepared<{ r: LeadProbe | string }>(db, "routing_read_new_lead", sql`select routing_read_new_lead(${probe.externalId}::text, ${args}) as r`);
    const found = parsed(row!.r)!;
    return { r: found.counts, probe: found };
  }
  const [row] = await query<{ r: Refresh | string }>(db, sql`select routing_counts_refresh(${args}) as r`);
  return { r: parsed(row!.r)! };
}

const parsed = <T>(v: T | string | null): T | null => (typeof v === "string" ? (JSON.parse(v) as T) : v);

/** Applies one refresh: drops what changed (everything on a start over), keeps the rows read. */
function apply(counts: TeamCounts, r: Refresh, sig: string) {
  if (r.reset) {
    counts.rep.clear();
    counts.merit.clear();
    counts.open.clear();
    counts.computed = null;
  }
  for (const id of r.changed) forget(counts, id);
  counts.snapshot = r.snap;
  counts.own = r.own;
  for (const [id, day, ...values] of r.rep_rows ?? []) {
    const rep = Number(id);
    let days = counts.rep.get(rep);
    if (!days) counts.rep.set(rep, (days = new Map()));
    days.set(String(day), rowOf(values, REP_SERIES));
  }
  for (const [id, day, ...values] of r.merit_rows ?? []) {
    const member = Number(id);
    let keys = counts.merit.get(member);
    if (!keys) counts.merit.set(member, (keys = new Map()));
    keys.set(meritKey(sig, String(day)), rowOf(values, MERIT_SERIES));
  }
  for (const id of r.open_read) counts.open.set(id, 0);
  for (const [id, n] of r.open_rows ?? []) counts.open.set(Number(id), Number(n));
}

function forget(counts: TeamCounts, id: number) {
  counts.rep.delete(id);
  counts.merit.delete(id);
  counts.open.delete(id);
  const i = counts.computed?.index.get(id);
  if (i !== undefined) counts.computed!.counts[i] = undefined;
}

/** What a read needs cached: its days, its filter, its members. */
const readKey = (w: Wanted) => `${w.repDays.join()}|${w.meritDays.join()}|${w.filter?.sig ?? ""}|${w.roster.text}`;

/** Who lacks a cached row for one of the days (or an open-lead count), among `only` if given. */
function missing(counts: TeamCounts, w: Wanted, only?: ReadonlySet<number>) {
  const reps: number[] = [];
  for (const id of w.roster.reps) {
    if (only && !only.has(id)) continue;
    const days = counts.rep.get(id);
    let lacks = !days;
    for (const d of w.repDays) lacks ||= !days!.has(d);
    if (lacks) reps.push(id);
  }
  const merit: number[] = [];
  const members: number[] = [];
  const keys = w.filter ? w.meritDays.map((d) => meritKey(w.filter!.sig, d)) : [];
  for (const id of w.members) {
    if (only && !only.has(id)) continue;
    const rows = counts.merit.get(id);
    let lacksMerit = keys.length > 0 && !rows;
    for (const k of keys) lacksMerit ||= !rows!.has(k);
    if (lacksMerit) merit.push(id);
    if (lacksMerit || !counts.open.has(id)) members.push(id);
  }
  return { reps, merit, members };
}

const NOTHING = { reps: [], merit: [], members: [] };

/*
 * The range of instants the counts being computed hold for, narrowed by each `atOrBefore`:
 * module state rather than a closure or an object per call (this runs 26 times per member).
 */
let holdsFrom = -Infinity;
let holdsUntil = Infinity;

/**
 * How many of the sorted `times` are ≤ `off` (PostgreSQL's width_bucket over thresholds); the
 * count is the same for any offset from the last of them to before the next (holdsFrom, holdsUntil).
 */
function atOrBefore(times: number[] | null, off: number): number {
  if (!times) return 0;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= off) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && times[lo - 1]! > holdsFrom) holdsFrom = times[lo - 1]!;
  if (lo < times.length && times[lo]! < holdsUntil) holdsUntil = times[lo]!;
  return lo;
}

/** Series `i` over a window: C(t) at its end row minus C at its start row (snapshots.ts's `windowCount`). */
const windowCount = (end: SeriesRow, start: SeriesRow, i: number, off: number) =>
  end.cp[i]! + atOrBefore(end.ms[i]!, off) - start.cp[i]! - atOrBefore(start.ms[i]!, off);

/** Drops the rows of other days than this decision's once a rep holds those of a few days. */
function evict(counts: TeamCounts, w: Wanted) {
  const repDays = new Set(w.repDays);
  for (const days of counts.rep.values()) if (days.size > 3 * repDays.size) for (const d of days.keys()) if (!repDays.has(d)) days.delete(d);
  const meritDays = new Set(w.meritDays);
  for (const keys of counts.merit.values())
    if (keys.size > 32) for (const k of keys.keys()) if (!meritDays.has(k.slice(k.lastIndexOf("\n") + 1))) keys.delete(k);
}

/**
 * Window counts of every member at `now`, as `readWindowCounts` returns them, from the cached
 * rows brought up to date (see the module comment). Builds the rows it finds missing.
 */
export async function readCachedWindowCounts(db: Db, counts: TeamCounts, options: WindowCountsRequest): Promise<WindowCounts> {
  const { teamKey, memberIds, repIds, filter } = options;
  const b = boundaries(options.now, options.windows);
  const w: Wanted = {
    teamKey,
    b,
    repDays: [...new Set([b.end, b.activityStart, b.receivedStart])],
    meritDays: [...new Set([b.end, b.meritStart])],
    members: memberIds,
    roster: rosterOf(memberIds, repIds),
    filter,
  };
  // One refresh; when rows are missing (a new day, filter or member), build them and refresh
  // again from the snapshot just read: that second call brings them, and whatever changed since.
  // When the last read had the same days, filter and members, only the reps a refresh reports
  // changed (dropped, then read again) can lack a row.
  const key = readKey(w);
  const sameRead = counts.complete === key;
  let need: ReturnType<typeof missing> = sameRead ? NOTHING : missing(counts, w);
  counts.complete = "";
  let r: Refresh;
  let probe: LeadProbe | undefined;
  for (let pass = 0; ; pass++) {
    const read = await refresh(db, w, counts, [...new Set([...need.reps, ...need.members])], pass === 0 ? options.probe : undefined);
    r = read.r;
    options.clock?.("fetch");
    probe ??= read.probe;
    apply(counts, r, filter?.sig ?? "");
    need = pass === 0 && need === NOTHING && !r.reset ? missing(counts, w, new Set(r.changed)) : missing(counts, w);
    if (!need.reps.length && !need.members.length) break;
    if (pass === 1) throw new Error("routing snapshots: rows missing after building them");
    // Building writes and locks: a caller outside a transaction routes the locked way instead.
    if (options.noBuild) return { counts: [], membersVersion: null, settingsVersion: null, incomplete: true };
    options.clock?.("read");
    await buildSnapshots(db, { teamKey, b, repIds: need.reps, meritIds: need.merit, filter });
    options.clock?.("build");
  }
  // Rows of other days come only from reads of other days.
  if (!sameRead) evict(counts, w);
  counts.complete = key;
  const counted = countsAt(counts, w);
  options.clock?.("count");
  return {
    counts: counted,
    membersVersion: r.members_version == null ? null : Number(r.members_version),
    settingsVersion: r.settings_version == null ? null : Number(r.settings_version),
    probe: probe && { known: probe.known, leadId: probe.lead_id === null ? null : Number(probe.lead_id), snapshot: r.snap },
  };
}

const KIND = Object.fromEntries(ACTIVITY_KINDS.map((kind, i) => [kind, i])) as Record<ActivityKind, number>;

/**
 * Every kind's window count as one object literal: one shape, cheap to build and to read. (No
 * helper closure: tsx names each closure it creates, which costs more than the count.)
 */
function activityCounts(end: SeriesRow, start: SeriesRow, off: number): SnapshotCounts["activity"] {
  return {
    call: windowCount(end, start, KIND.call, off),
    email: windowCount(end, start, KIND.email, off),
    meeting: windowCount(end, start, KIND.meeting, off),
    visit: windowCount(end, start, KIND.visit, off),
    proposal: windowCount(end, start, KIND.proposal, off),
    "follow-up": windowCount(end, start, KIND["follow-up"], off),
    "next-step": windowCount(end, start, KIND["next-step"], off),
    "opportunity-created": windowCount(end, start, KIND["opportunity-created"], off),
  };
}
const NO_ACTIVITY: SnapshotCounts["activity"] = Object.freeze(Object.fromEntries(ACTIVITY_KINDS.map((kind) => [kind, 0])) as SnapshotCounts["activity"]);

/** The days and filter a member's counts are computed over (ComputedCounts.days). */
const dayKey = (w: Wanted) => `${w.b.end}|${w.b.activityStart}|${w.b.receivedStart}|${w.b.meritStart}|${w.filter?.sig ?? "-"}`;

/**
 * Every member's counts at `w.b.off`, position by position in `w.members`. A member whose rows
 * have not changed since its counts were last computed on the same days, at an offset with no
 * event time of its rows in between, keeps them (between two leads, only the few reps with an
 * event in between see a window edge move).
 */
function countsAt(counts: TeamCounts, w: Wanted): (SnapshotCounts | undefined)[] {
  const { b, filter } = w;
  const off = b.off;
  const { repIds: isRep, key: membersKey } = w.roster;
  const days = dayKey(w);
  const meritEnd = filter ? meritKey(filter.sig, b.end) : "";
  const meritStart = filter ? meritKey(filter.sig, b.meritStart) : "";
  const n = w.members.length;
  let known = counts.computed;
  if (!known || known.membersKey !== membersKey || known.days !== days) {
    known = counts.computed = { membersKey, index: w.roster.index, days, counts: new Array(n), from: new Float64Array(n), until: new Float64Array(n) };
  }
  const { from, until } = known;
  for (let i = 0; i < n; i++) {
    if (known.counts[i] !== undefined && from[i]! <= off && off < until[i]!) continue;
    const id = w.members[i]!;
    const rep = isRep.has(id);
    holdsFrom = -Infinity;
    holdsUntil = Infinity;
    let activity = NO_ACTIVITY;
    let received = 0;
    if (rep) {
      const rows = counts.rep.get(id)!;
      const end = rows.get(b.end)!;
      activity = activityCounts(end, rows.get(b.activityStart)!, off);
      received = windowCount(end, rows.get(b.receivedStart)!, ACTIVITY_KINDS.length, off);
    }
    let winsAll = 0;
    let closedAll = 0;
    let winsSimilar = 0;
    let closedSimilar = 0;
    if (filter) {
      const keys = counts.merit.get(id)!;
      const end = keys.get(meritEnd)!;
      const start = keys.get(meritStart)!;
      winsAll = windowCount(end, start, 0, off);
      closedAll = windowCount(end, start, 1, off);
      winsSimilar = windowCount(end, start, 2, off);
      closedSimilar = windowCount(end, start, 3, off);
    }
    known.counts[i] = { openLeads: counts.open.get(id) ?? 0, activity, received, winsAll, closedAll, winsSimilar, closedSimilar };
    from[i] = holdsFrom;
    until[i] = holdsUntil;
  }
  // A copy: the kept array changes with the next decision.
  return known.counts.slice();
}
