/**
 * Makes docs/coaching.png: the demo manager's coaching queue at 1280×900, served by the real
 * server over a fresh in-memory demo store. The demo's reps have no recurring 1:1 yet, so the
 * script first sets one for each of the manager's reps through the API, as the manager would
 * on that page. `--page one-on-one` shoots the first 1:1 being run instead (its agenda and
 * the record form).
 *
 *   npx vite build && npx tsx scripts/screenshot-coaching.ts [--out docs/coaching.png] [--page queue|one-on-one]
 */
import { parseArgs } from "node:util";
import type { Page } from "playwright-core";
import { loadDemo } from "../src/demo/index.js";
import type { CoachingQueue } from "../src/schemas/cadence.js";
import type { Me, TeamDetail } from "../src/schemas/index.js";
import { openWatchedPage, saveScreenshot, signIn, withDemoServer } from "../test/support/browser.js";

const { values } = parseArgs({
  options: {
    out: { type: "string", default: "docs/coaching.png" },
    page: { type: "string", default: "queue" },
    width: { type: "string", default: "1280" },
    height: { type: "string", default: "900" },
  },
});

const NOW = new Date("2025-06-18T09:00:00Z"); // a Wednesday morning: the week's 1:1s are ahead
const SLOTS = [
  { weekday: 4, time: "10:00", timeZone: "Europe/Paris" },
  { weekday: 4, time: "14:30", timeZone: "Europe/Paris" },
  { weekday: 5, time: "09:00", timeZone: "Europe/Paris" },
  { weekday: 1, time: "11:00", timeZone: "Europe/Paris" },
  { weekday: 2, time: "16:00", timeZone: "Europe/Paris" },
  { weekday: 3, time: "15:00", timeZone: "Europe/Paris" },
];

async function call<T>(page: Page, method: "GET" | "POST" | "PUT", url: string, data?: unknown): Promise<T> {
  const response = await page.request.fetch(url, { method, data, headers: { "x-proactive-csrf": "1" } });
  if (!response.ok()) throw new Error(`${method} ${url}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

async function main(): Promise<void> {
  await withDemoServer((store) => loadDemo(store.db, { months: 4, now: NOW }), NOW, async ({ demo, baseUrl, browser }) => {
    const api = `${baseUrl}/api/v1`;
    const watched = await openWatchedPage(browser, { width: Number(values.width), height: Number(values.height) });
    const { page } = watched;
    await page.clock.setFixedTime(NOW);
    await page.goto(baseUrl + "/sign-in");
    await signIn(page, demo.credentials.manager.email, demo.credentials.manager.password);
    await page.waitForURL(/\/teams\/\d+$/);
    const me = await call<Me>(page, "GET", `${api}/me`);
    const { reps } = await call<TeamDetail>(page, "GET", `${api}/teams/${me.managedTeamIds[0]}`);
    const sellers = reps.filter((r) => r.role === "rep");

    // The demo has weeks of updates and requests but no 1:1s: the manager sets one per rep.
    for (const [i, rep] of sellers.entries()) {
      await call(page, "PUT", `${api}/reps/${rep.id}/one-on-one-schedule`, { ...SLOTS[i % SLOTS.length], startsOn: "2025-06-01" });
    }

    await page.goto(baseUrl + "/coaching");
    await page.getByTestId("queued-meeting").first().waitFor();
    if (values.page === "one-on-one") {
      const queue = await call<CoachingQueue>(page, "GET", `${api}/managers/${me.id}/coaching-queue`);
      await page.goto(`${baseUrl}/one-on-ones/${queue.meetings[0]!.id}`);
      await page.getByTestId("hold-form").waitFor();
      await page.getByLabel(/Notes/).fill("Pipeline is thin at the top: two discovery calls a week is not enough for the June number.");
      await page.getByLabel("Commitment 1", { exact: true }).fill("Book four discovery calls before Friday");
    }
    await saveScreenshot(watched, values.out);
  });
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
