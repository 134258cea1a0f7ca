/**
 * What every data command shares: `--data DIR` or `DATABASE_URL` picks the store, and a
 * store held by a running server is refused with a message saying so (exit 3).
 */
import type { Command } from "commander";
import { ConfigError, loadEnv, type Env } from "../config.js";
import { openStore, type Store } from "../store/db.js";
import { StoreBusyError } from "../store/lock.js";

export interface StoreOptions {
  data?: string;
}

export const EXIT = { ok: 0, rejected: 1, usage: 2, busy: 3, failure: 4 } as const;

export function addStoreOptions(command: Command): Command {
  return command.option("--data <dir>", "embedded store directory (default: $PROACTIVE_DATA_DIR or ./.proactive); ignored when DATABASE_URL is set");
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

export function env(): Env {
  try {
    return loadEnv();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.usage);
    throw err;
  }
}

/** Opens the store named by the options and environment, runs `work`, and always closes it. */
export async function withStore<T>(options: StoreOptions, command: string, work: (store: Store, env: Env) => Promise<T>): Promise<T> {
  const e = env();
  let store: Store;
  try {
    store = await openStore({ databaseUrl: e.DATABASE_URL, dataDir: options.data ?? e.PROACTIVE_DATA_DIR, lockAs: command });
  } catch (err) {
    if (err instanceof StoreBusyError) throw new CliError(err.message, EXIT.busy);
    throw err;
  }
  try {
    return await work(store, e);
  } finally {
    await store.close();
  }
}
