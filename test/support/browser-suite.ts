/**
 * What every browser test file does around its tests: the browser demo in a fresh store, the
 * real server over it with the clock frozen at BROWSER_NOW, Chromium; reading the API through a
 * page's own session; and the check that a page logged no error and broke no CSP rule.
 */
import { expect } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { FastifyInstance } from "fastify";
import type { DemoSummary } from "../../src/demo/index.js";
import type { Store } from "../../src/store/db.js";
import { BROWSER_NOW, openBrowserDemo } from "./browser-demo.js";
import { assertWebBuilt, launchChromium, startServer, type WatchedPage } from "./browser.js";

export interface BrowserSuite {
  store: Store;
  demo: DemoSummary;
  app: FastifyInstance;
  baseUrl: string;
  browser: Browser;
}

/** Opens the suite; `prepare` changes the store before the server starts. */
export async function openBrowserSuite(prepare?: (store: Store, demo: DemoSummary) => Promise<void>): Promise<BrowserSuite> {
  assertWebBuilt();
  const { store, demo } = await openBrowserDemo();
  const opened: Partial<BrowserSuite> = { store, demo };
  try {
    await prepare?.(store, demo);
    Object.assign(opened, await startServer(store, () => BROWSER_NOW.getTime()));
    opened.browser = await launchChromium();
    return opened as BrowserSuite;
  } catch (err) {
    await closeBrowserSuite(opened);
    throw err;
  }
}

/** Closes what `openBrowserSuite` opened (any part may be missing when it failed). */
export async function closeBrowserSuite(suite: Partial<BrowserSuite>): Promise<void> {
  await suite.browser?.close();
  await suite.app?.close();
  await suite.store?.close();
}

/** GET an API path through the page's own session, as the app would, expecting `status`. */
export async function apiGetThrough<T>(page: Page, baseUrl: string, path: string, status = 200): Promise<T> {
  const response = await page.request.get(`${baseUrl}/api/v1${path}`);
  expect(response.status(), path).toBe(status);
  return (await response.json()) as T;
}

/** POST JSON through the page's own session (with the CSRF header the app sends), expecting `status`. */
export async function apiPostThrough<T>(page: Page, baseUrl: string, path: string, data: unknown, status: number): Promise<T> {
  const response = await page.request.post(`${baseUrl}/api/v1${path}`, { data, headers: { "x-proactive-csrf": "1" } });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
  return (await response.json()) as T;
}

/** The page logged no console error and broke no content-security-policy rule. */
export async function expectCleanPage(watched: WatchedPage): Promise<void> {
  expect(watched.errors).toEqual([]);
  expect(await watched.cspViolations()).toEqual([]);
}
