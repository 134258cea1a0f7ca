/**
 * The per-team routing lock. A decision row-locks its team's routing_state row (an upsert that
 * creates or updates it; `SELECT … FOR UPDATE` for several), so decisions of one team serialize
 * across server processes. An
 * organisation-wide lead (key 0) can go to any rep, so it locks every team that has reps as
 * well, always in ascending key order (no deadlocks).
 */
import { query, sql, type Db } from "../db.js";
import { intArray } from "./snapshots.js";

export const teamKey = (teamId: number | null) => teamId ?? 0;

export async function lockTeams(db: Db, keys: number[]): Promise<void> {
  const sorted = [...new Set(keys)].sort((a, b) => a - b);
  // For the rest of this transaction: no JIT (routing's statements are short index reads that
  // PostgreSQL's JIT would spend longer compiling than running, ~35 ms at 1,000 reps), and
  // joins in the order written (the count query's seven are written in the order to run them;
  // searching for another took longer than running them, most of all on PGlite).
  if (sorted.length === 1) {
    // One team (the usual case): create-or-lock its row in one statement (DO UPDATE locks it).
    await query(
      db,
      sql`insert into routing_state (team_key) values (${sorted[0]!}::int)
          on conflict (team_key) do update set team_key = excluded.team_key
          returning set_config('jit', 'off', true), set_config('join_collapse_limit', '1', true)`,
    );
    return;
  }
  const array = intArray(sorted);
  await query(db, sql`insert into routing_state (team_key) select unnest(${array}::int[]) on conflict (team_key) do nothing`);
  await query(
    db,
    sql`select team_key, set_config('jit', 'off', true), set_config('join_collapse_limit', '1', true)
        from routing_state where team_key = any(${array}::int[]) order by team_key for update`,
  );
}

/** The lock keys a decision for `teamId` must hold. */
export async function lockKeysFor(db: Db, teamId: number | null): Promise<number[]> {
  if (teamId !== null) return [teamId];
  const rows = await query<{ team_id: number }>(db, sql`select distinct team_id from users where role = 'rep' and team_id is not null`);
  return [0, ...rows.map((r) => Number(r.team_id))];
}

export async function lastRotationAssignee(db: Db, teamId: number | null): Promise<number | null> {
  const [row] = await query<{ id: number | null }>(
    db,
    sql`select last_rotation_assignee_id as id from routing_state where team_key = ${teamKey(teamId)}`,
  );
  return row?.id == null ? null : Number(row.id);
}
