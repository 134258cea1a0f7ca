/**
 * Shared by the browser test and the screenshot script: a server on a real port over a demo
 * store, and a Chromium page that records console errors and CSP violations.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import type { FastifyInstance } from "fastify";
import { loadEnv } from "../../src/config.js";
import { buildApp } from "../../src/server/app.js";
import { openStore, type Store } from "../../src/store/db.js";

export const WEB_INDEX = path.resolve("dist/web/index.html");

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

export function assertWebBuilt(): void {
  if (!fs.existsSync(WEB_INDEX)) {
    throw new Error(`${WEB_INDEX} is missing: build the web app first with \`npx vite build\` (npm test and npm run screenshot do).`);
  }
}

export async function startServer(store: Store, clock?: () => number): Promise<{ app: FastifyInstance; baseUrl: string }> {
  const app = await buildApp({ store, env: loadEnv({ LOG_LEVEL: "silent" }), logger: false, clock });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  return { app, baseUrl: address };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions, except the browser's own log of expected 401/403 answers. */
  errors: string[];
  /** Responses with status 401/403 (the browser logs each as a console error). */
  deniedResponses: string[];
  cspViolations(): Promise<string[]>;
}

export async function openWatchedPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  // Runs before any page script, outside the page's CSP.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const deniedResponses: string[] = [];
  page.on("response", (response) => {
    if (response.status() === 401 || response.status() === 403) deniedResponses.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    if (/^Failed to load resource: the server responded with a status of 40[13]\b/.test(message.text())) return;
    errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  const cspViolations = () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
  return { context, page, errors, deniedResponses, cspViolations };
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * A screenshot script's run: `load` fills a fresh in-memory store, the server serves it (its
 * clock frozen at `now` when given) and Chromium opens; all of it is closed after `shoot`.
 */
export async function withDemoServer<D>(
  load: (store: Store) => Promise<D>,
  now: Date | undefined,
  shoot: (run: { demo: D; baseUrl: string; browser: Browser }) => Promise<void>,
): Promise<void> {
  assertWebBuilt();
  const store = await openStore({ lock: false });
  try {
    const demo = await load(store);
    const { app, baseUrl } = await startServer(store, now && (() => now.getTime()));
    try {
      const browser = await launchChromium();
      try {
        await shoot({ demo, baseUrl, browser });
      } finally {
        await browser.close();
      }
    } finally {
      await app.close();
    }
  } finally {
    await store.close();
  }
}

/** Saves the page as `out` and says so, with any console error the page logged. */
export async function saveScreenshot(watched: WatchedPage, out: string): Promise<void> {
  const file = path.resolve(out);
  await watched.page.screenshot({ path: file });
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
  if (watched.errors.length > 0) console.warn(`console errors:\n  ${watched.errors.join("\n  ")}`);
}
