/**
 * The embedded store's checkpointer. PGlite runs PostgreSQL as a single backend without the
 * background checkpointer, so it never checkpoints on its own: its write-ahead log grows
 * without bound while a process keeps the store open (32 GB during one large benchmark), and a
 * crash would replay all of it at the next start. This does the checkpointer's job the way
 * PostgreSQL decides it: a CHECKPOINT once enough log has been written since the last one, or
 * once the last one is old and anything was written since. After a checkpoint PostgreSQL
 * keeps at most `max_wal_size` of recycled log (set to EMBEDDED_MAX_WAL_SIZE for the embedded
 * store), so the data directory stays small.
 *
 * PGlite runs one statement at a time and queues the rest, so a CHECKPOINT waits for a running
 * transaction to end and the next request waits for the checkpoint (milliseconds when idle,
 * ~0.1 s after 600 MB of log).
 */
import type { PGlite } from "@electric-sql/pglite";

export interface CheckpointPolicy {
  /** How often to look at the log (ms). */
  everyMs: number;
  /** Checkpoint when this much log was written since the last checkpoint. */
  walBytes: number;
  /** Checkpoint when the last one is older than this and anything was written since (ms). */
  maxAgeMs: number;
}

/** PostgreSQL's own defaults in spirit: checkpoint_timeout 5 min; a quarter of max_wal_size. */
export const DEFAULT_CHECKPOINT_POLICY: CheckpointPolicy = { everyMs: 30_000, walBytes: 64 * 1024 * 1024, maxAgeMs: 5 * 60_000 };

/** Recycled log kept after a checkpoint (PostgreSQL's default is 1 GB, sized for a server). */
export const EMBEDDED_MAX_WAL_SIZE = "256MB";

/** Log written since the last checkpoint record beyond which there is something to checkpoint. */
const IDLE_WAL_BYTES = 1024;

/**
 * Makes the embedded store keep at most EMBEDDED_MAX_WAL_SIZE of recycled log. ALTER SYSTEM
 * (outside any transaction) is read at the next start, so a store created now has it from its
 * second start; the checkpointer keeps the log short meanwhile.
 */
export async function limitRecycledWal(client: PGlite): Promise<void> {
  const { rows } = await client.query<{ setting: string; unit: string }>(`select setting, unit from pg_settings where name = 'max_wal_size'`);
  const wanted = Number.parseInt(EMBEDDED_MAX_WAL_SIZE, 10);
  if (rows[0] && rows[0].unit === "MB" && Number(rows[0].setting) === wanted) return;
  await client.exec(`alter system set max_wal_size = '${EMBEDDED_MAX_WAL_SIZE}'`);
}

/** Starts checkpointing `client` by `policy`; the returned stop() waits for a running checkpoint. */
export function startCheckpointer(client: PGlite, policy: CheckpointPolicy = DEFAULT_CHECKPOINT_POLICY): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = async () => {
    const { rows } = await client.query<{ behind: string | number; age_ms: string | number }>(
      `select pg_wal_lsn_diff(pg_current_wal_lsn(), (pg_control_checkpoint()).redo_lsn)::bigint as behind,
              (extract(epoch from clock_timestamp() - (pg_control_checkpoint()).checkpoint_time) * 1000)::bigint as age_ms`,
    );
    const behind = Number(rows[0]?.behind ?? 0);
    const age = Number(rows[0]?.age_ms ?? 0);
    if (behind >= policy.walBytes || (behind > IDLE_WAL_BYTES && age >= policy.maxAgeMs)) await client.exec("checkpoint");
  };
  const timer = setInterval(() => {
    if (running || stopped || client.closed) return;
    // A failed look (the store closing under it) is retried at the next tick; nothing is lost.
    running = tick()
      .catch(() => undefined)
      .finally(() => (running = null));
  }, policy.everyMs);
  timer.unref(); // never keeps a CLI command alive
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
