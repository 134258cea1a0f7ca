/**
 * Makes docs/lead-feed.png: a rep's view of their team's lead feed at 1280×900, served by the
 * real server over a fresh in-memory demo store (the demo routes its leads as they arrived,
 * re-routing those nobody called back within the SLA).
 *
 *   npx vite build && npx tsx scripts/screenshot-lead-feed.ts [--out docs/lead-feed.png] [--reps 18] [--months 12]
 */
import { parseArgs } from "node:util";
import { loadDemo } from "../src/demo/index.js";
import type { Store } from "../src/store/db.js";
import { openWatchedPage, saveScreenshot, signIn, withDemoServer } from "../test/support/browser.js";

const { values } = parseArgs({
  options: {
    out: { type: "string", default: "docs/lead-feed.png" },
    width: { type: "string", default: "1280" },
    height: { type: "string", default: "900" },
    reps: { type: "string", default: "18" },
    months: { type: "string", default: "12" },
  },
});

async function main(): Promise<void> {
  const now = new Date();
  const load = async (store: Store) => {
    const demo = await loadDemo(store.db, { reps: Number(values.reps), months: Number(values.months), now });
    console.log(`demo loaded with ${demo.counts.decisions} routing decisions in ${(demo.elapsedMs / 1000).toFixed(1)} s`);
    return demo;
  };
  await withDemoServer(load, now, async ({ demo, baseUrl, browser }) => {
    const watched = await openWatchedPage(browser, { width: Number(values.width), height: Number(values.height) });
    const { page } = watched;
    await page.clock.setFixedTime(now);
    await page.goto(baseUrl + "/sign-in");
    await signIn(page, demo.credentials.rep.email, demo.credentials.rep.password);
    await page.waitForURL(/\/reps\/\d+$/);
    await page.getByRole("link", { name: "Lead feed" }).first().click();
    await page.getByTestId("decision").first().waitFor();
    await saveScreenshot(watched, values.out);
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
