/**
 * The embedded store belongs to one process at a time. A lock file beside the PGlite data
 * holds the owner's pid (and the server's URL when it is a server); a second process is
 * refused with a message saying who holds it. A lock left by a crashed process (its pid no
 * longer alive) is taken over.
 */
import fs from "node:fs";
import path from "node:path";

export interface LockInfo {
  pid: number;
  command: string;
  url?: string;
  since: string;
}

export class StoreBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    const who = holder.url ? `a running Proactive server (pid ${holder.pid}, ${holder.url})` : `process ${holder.pid} (${holder.command})`;
    super(
      `The embedded store in ${dataDir} is in use by ${who}. ` +
        `The embedded store belongs to one process at a time: stop that process first` +
        (holder.url ? `, or send the work to the server's API (${holder.url}/api/v1).` : "."),
    );
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, "proactive.lock");
}

export function readLock(dataDir: string): LockInfo | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath(dataDir), "utf8")) as LockInfo;
  } catch {
    return undefined;
  }
}

/** Takes the lock or throws StoreBusyError. Returns a release function. */
export function acquireLock(dataDir: string, info: Omit<LockInfo, "pid" | "since">): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const mine: LockInfo = { pid: process.pid, since: new Date().toISOString(), ...info };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: "wx" });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const current = readLock(dataDir);
        if (current?.pid === process.pid) fs.rmSync(file, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readLock(dataDir);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw new StoreBusyError(dataDir, holder);
      fs.rmSync(file, { force: true }); // stale: its owner died
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}

/** Records the server's URL in the lock so a refused CLI can say where to go instead. */
export function updateLock(dataDir: string, patch: Partial<LockInfo>): void {
  const current = readLock(dataDir);
  if (current?.pid !== process.pid) return;
  fs.writeFileSync(lockPath(dataDir), JSON.stringify({ ...current, ...patch }));
}
