/**
 * `proactive serve`: opens the store, creates the first admin from the environment, loads
 * the demo team into an empty embedded store (unless --no-demo; on PostgreSQL only with
 * --demo), and serves the API and web app until SIGINT/SIGTERM.
 */
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { ensureFirstAdmin } from "../../auth/bootstrap.js";
import { ADMIN_EMAIL, DEMO_PASSWORD, describeSignIn, isStoreEmpty, loadDemo, type DemoSummary } from "../../demo/index.js";
import { buildApp } from "../../server/app.js";
import { openStore, type Db, type Store } from "../../store/db.js";
import { StoreBusyError, updateLock } from "../../store/lock.js";
import { meta, users } from "../../store/schema.js";
import { addStoreOptions, CliError, env, EXIT, type StoreOptions } from "../context.js";

interface ServeOptions extends StoreOptions {
  port?: number;
  host?: string;
  /** true: --demo, false: --no-demo, undefined: the default for the store kind. */
  demo?: boolean;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be 0–65535, not "${text}".`, EXIT.usage);
  return port;
}

const credentialSchema = z.object({ email: z.string(), password: z.string() });
const demoMetaSchema = z.looseObject({
  credentials: z.object({ admin: credentialSchema, manager: credentialSchema, rep: credentialSchema }).optional(),
});
type DemoCredentials = DemoSummary["credentials"];

/**
 * The demo sign-ins of a demo store (one with a "demo" meta row), or undefined. They are
 * read from the row's `credentials`; a row without them gets the demo's fixed admin and
 * password with the first manager and rep.
 */
export async function demoCredentials(db: Db): Promise<DemoCredentials | undefined> {
  const [row] = await db.select({ value: meta.value }).from(meta).where(eq(meta.key, "demo"));
  if (!row) return undefined;
  const parsed = demoMetaSchema.safeParse(row.value);
  if (parsed.success && parsed.data.credentials) return parsed.data.credentials;
  const first = async (role: "manager" | "rep") =>
    (await db.select({ email: users.email }).from(users).where(eq(users.role, role)).orderBy(asc(users.id)).limit(1))[0]?.email;
  const credential = (email: string | null | undefined) => ({ email: email ?? "?", password: DEMO_PASSWORD });
  return { admin: credential(ADMIN_EMAIL), manager: credential(await first("manager")), rep: credential(await first("rep")) };
}

function urlFor(host: string, port: number): string {
  const shown = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return `http://${shown.includes(":") ? `[${shown}]` : shown}:${port}`;
}

async function loadDemoWithProgress(db: Db): Promise<void> {
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: process.stderr, format: "Loading the demo team [{bar}] {percentage}% {phase}", hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  if (!bar) process.stderr.write("Loading the demo team into the empty store…\n");
  bar?.start(1, 0, { phase: "" });
  try {
    const summary = await loadDemo(db, {
      onProgress: (p) => {
        bar?.setTotal(Math.max(p.total, 1));
        bar?.update(p.done, { phase: p.phase });
      },
    });
    bar?.stop();
    const labels: Partial<Record<keyof typeof summary.counts, string>> = { oneOnOnes: "1:1s held", decisions: "routing decisions" };
    const counts = Object.entries(summary.counts).map(([key, n]) => `${n} ${labels[key as keyof typeof summary.counts] ?? key}`);
    process.stderr.write(`Demo loaded in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${counts.join(", ")}.\n`);
  } catch (err) {
    bar?.stop();
    throw err;
  }
}

async function openServeStore(dataDir: string, databaseUrl: string | undefined): Promise<Store> {
  try {
    return await openStore({ databaseUrl, dataDir, lockAs: "serve" });
  } catch (err) {
    if (err instanceof StoreBusyError) throw new CliError(err.message, EXIT.busy);
    throw err;
  }
}

export async function runServe(opts: ServeOptions): Promise<void> {
  const e = env();
  const dataDir = opts.data ?? e.PROACTIVE_DATA_DIR;
  const store = await openServeStore(dataDir, e.DATABASE_URL);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    const wantDemo = store.kind === "pglite" ? opts.demo !== false : opts.demo === true;
    // Emptiness is judged before the first admin is created, which would make the store non-empty.
    const loadTheDemo = wantDemo && (await isStoreEmpty(store.db));
    const admin = await ensureFirstAdmin(store.db, e);
    if (admin.created) process.stderr.write(`Created the first admin, ${admin.email}.\n`);
    if (loadTheDemo) await loadDemoWithProgress(store.db);
    else if (admin.created === false && admin.reason === "not-configured" && !wantDemo) {
      process.stderr.write(
        "The store has no users: set PROACTIVE_ADMIN_EMAIL and PROACTIVE_ADMIN_PASSWORD and restart to create the first admin.\n",
      );
    }

    app = await buildApp({ store, env: e });
    const host = opts.host ?? e.HOST;
    await app.listen({ port: opts.port ?? e.PORT, host });
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : (opts.port ?? e.PORT);
    const url = urlFor(host, port);
    if (store.kind === "pglite") updateLock(dataDir, { url });

    const lines = [`Proactive is running at ${url}`, `  store: ${store.kind} (${store.location})`];
    const demo = await demoCredentials(store.db);
    if (demo) lines.push(...describeSignIn({ credentials: demo }));
    process.stdout.write(`${lines.join("\n")}\n`);
  } catch (err) {
    await app?.close();
    await store.close();
    throw err;
  }

  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      process.stderr.write(`${signal}: shutting down…\n`);
      // Finish in-flight requests, then close the store (which releases the lock).
      void app!
        .close()
        .catch((err: unknown) => process.stderr.write(`Closing the server failed: ${String(err)}\n`))
        .then(() => store.close())
        .catch((err: unknown) => process.stderr.write(`Closing the store failed: ${String(err)}\n`))
        .finally(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export function registerServe(program: Command): void {
  addStoreOptions(
    program
      .command("serve")
      .description("serve the API and the web app")
      .option("--port <n>", "port (default: $PORT or 3000; 0 picks a free one)", parsePort)
      .option("--host <host>", "address to listen on (default: $HOST or 127.0.0.1)")
      .option("--demo", "load the demo team into an empty store (the default for the embedded store)")
      .option("--no-demo", "never load the demo team"),
  ).action(async (opts: ServeOptions) => runServe(opts));
}
