/**
 * Makes docs/screenshot.png: the demo manager's team page at 1280×1350 (the scorecard and the
 * charts), served by the real server over a fresh in-memory demo store. Run with
 * `npm run screenshot` (builds first).
 *
 *   npx tsx scripts/screenshot.ts [--out docs/screenshot.png] [--width 1280] [--height 1350]
 */
import { parseArgs } from "node:util";
import { loadDemo } from "../src/demo/index.js";
import type { Store } from "../src/store/db.js";
import { openWatchedPage, saveScreenshot, signIn, withDemoServer } from "../test/support/browser.js";

const { values } = parseArgs({
  options: {
    out: { type: "string", default: "docs/screenshot.png" },
    width: { type: "string", default: "1280" },
    height: { type: "string", default: "1350" },
    path: { type: "string" },
  },
});

async function main(): Promise<void> {
  const load = async (store: Store) => {
    const started = performance.now();
    const demo = await loadDemo(store.db, {});
    console.log(`demo loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return demo;
  };
  await withDemoServer(load, undefined, async ({ demo, baseUrl, browser }) => {
    const watched = await openWatchedPage(browser, { width: Number(values.width), height: Number(values.height) });
    const { page } = watched;
    await page.goto(baseUrl + "/sign-in");
    await signIn(page, demo.credentials.manager.email, demo.credentials.manager.password);
    await page.waitForURL(/\/teams\/\d+$/);
    await page.getByTestId("rep-table").waitFor();
    const teamUrl = values.path ? baseUrl + values.path : page.url();

    // A cold load of the team page (session already set): navigation to table on screen.
    const started = performance.now();
    await page.goto(teamUrl);
    await page.getByTestId("weekly-chart").waitFor();
    await page.locator('[data-testid="rep-table"], [data-testid="activity-mix"]').first().waitFor();
    const loadMs = performance.now() - started;
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      return nav ? { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd } : null;
    });
    console.log(`team page ready in ${loadMs.toFixed(0)} ms (DOMContentLoaded ${timing?.domContentLoaded.toFixed(0)} ms)`);
    await saveScreenshot(watched, values.out);
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
