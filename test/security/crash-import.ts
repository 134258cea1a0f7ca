/**
 * Kill -9 during a large import, run it again: the store must equal one clean import. Shared
 * by the PGlite and PostgreSQL crash tests (real child processes of `bin/proactive.js`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { openStore, query, sql, type Store } from "../../src/store/db.js";

export const ROWS = 60_000;
const REPS = 20;
const KINDS = ["call", "email", "meeting", "visit"];

export function writeCsvs(dir: string): { reps: string; activities: string } {
  const reps = path.join(dir, "reps.csv");
  const activities = path.join(dir, "big.csv");
  fs.writeFileSync(reps, `name,email,role\n${Array.from({ length: REPS }, (_, i) => `rep${i},rep${i}@example.test,rep`).join("\n")}\n`);
  const lines = ["externalId,rep,kind,at,proactive,durationMinutes"];
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < ROWS; i++) lines.push(`act-${i},rep${i % REPS},${KINDS[i % KINDS.length]},${new Date(start + i * 600_000).toISOString()},${i % 3 === 0},${i % 50}`);
  fs.writeFileSync(activities, `${lines.join("\n")}\n`);
  return { reps, activities };
}

export interface Target {
  /** --data DIR for PGlite, or a DATABASE_URL for PostgreSQL. */
  dataDir?: string;
  databaseUrl?: string;
}

export function startImport(target: Target, entity: string, file: string): ChildProcess {
  const args = ["bin/proactive.js", "import", entity, file, "--json", ...(target.dataDir ? ["--data", target.dataDir] : [])];
  return spawn(process.execPath, args, { env: { ...process.env, DATABASE_URL: target.databaseUrl ?? "", LOG_LEVEL: "silent" }, stdio: ["ignore", "pipe", "pipe"] });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stderr })));
}

export async function runImport(target: Target, entity: string, file: string): Promise<void> {
  const done = await exited(startImport(target, entity, file));
  if (done.code !== 0) throw new Error(`import ${entity} exited ${done.code}: ${done.stderr}`);
}

export async function openTarget(target: Target): Promise<Store> {
  return openStore(target.dataDir ? { dataDir: target.dataDir, lockAs: "crash-test" } : { databaseUrl: target.databaseUrl!, migrate: false, poolSize: 1 });
}

export async function activityCount(store: Store): Promise<number> {
  return Number((await query<{ n: number }>(store.db, sql`select count(*)::int as n from activities`))[0]!.n);
}

/** What "equal to one clean import" means: the rows, their key columns and the daily aggregates. */
export async function fingerprint(store: Store): Promise<Record<string, unknown>> {
  const [activities] = await query<Record<string, unknown>>(
    store.db,
    sql`select count(*)::int as rows,
               md5(string_agg(a.external_id || '|' || u.name || '|' || a.kind || '|' || a.proactive || '|' || extract(epoch from a.at)::bigint || '|' || coalesce(a.duration_minutes, -1), ',' order by a.external_id)) as checksum
        from activities a join users u on u.id = a.rep_id`,
  );
  const [daily] = await query<Record<string, unknown>>(
    store.db,
    sql`select count(*)::int as cells, sum(d.count)::int as total,
               md5(string_agg(u.name || '|' || d.day || '|' || d.kind || '|' || d.proactive || '|' || d.count, ',' order by u.name, d.day, d.kind, d.proactive)) as checksum
        from activity_daily d join users u on u.id = d.rep_id`,
  );
  return { activities, daily };
}
