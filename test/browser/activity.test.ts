/**
 * Activity management in a real browser against the real server over a small demo: the
 * team scorecard with the API's numbers and a visit checked in during the test showing up
 * live; a rep's targets page matching GET /reps/:id/targets; and the activity form (a few
 * clicks and Enter; the API's field errors beside their field). No console errors, no CSP
 * violations. One server for the file (the login limiter counts per server instance).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { DemoSummary } from "../../src/demo/index.js";
import { raisePacingAlerts } from "../../src/store/pacing.js";
import type { AccountOption } from "../../src/schemas/accounts.js";
import type { Activity, Kpis, Me, PacingAlert, TargetsResponse, TeamPacing, TeamScorecard, VisitStats } from "../../src/schemas/index.js";
import { formatCount, formatMoney, formatShare } from "../../web/src/utils/format.js";
import { formatDay } from "../../web/src/utils/periods.js";
import { BROWSER_NOW } from "../support/browser-demo.js";
import { openWatchedPage, signIn, type WatchedPage } from "../support/browser.js";
import { apiGetThrough, apiPostThrough, closeBrowserSuite, expectCleanPage, openBrowserSuite, type BrowserSuite } from "../support/browser-suite.js";

const NOW = BROWSER_NOW;
const PERIOD = "2025-06";

let suite: BrowserSuite | undefined;
let baseUrl: string;
let browser: Browser;
let demo: DemoSummary;

beforeAll(async () => {
  suite = await openBrowserSuite(async (store) => {
    // Alerts raised three days ago are past the manager's grace period by now.
    await raisePacingAlerts(store.db, new Date(NOW.getTime() - 3 * 86_400_000));
    await raisePacingAlerts(store.db, NOW);
  });
  ({ baseUrl, browser, demo } = suite);
});

afterAll(() => closeBrowserSuite(suite ?? {}));

const apiGet = <T>(page: Page, path: string) => apiGetThrough<T>(page, baseUrl, path);

const apiPost = <T>(page: Page, path: string, data: unknown, status = 201) => apiPostThrough<T>(page, baseUrl, path, data, status);

/** A browser page whose clock says NOW (the server's frozen time), signed in. */
async function signedIn(role: "manager" | "rep"): Promise<WatchedPage> {
  const watched = await openWatchedPage(browser);
  await watched.page.clock.setFixedTime(NOW);
  await watched.page.goto(baseUrl + "/sign-in");
  await signIn(watched.page, demo.credentials[role].email, demo.credentials[role].password);
  await watched.page.waitForURL(role === "rep" ? /\/reps\/\d+$/ : /\/teams\/\d+$/);
  return watched;
}

describe("activity management in the browser", () => {
  it("shows the team scorecard with the API's numbers and a visit checked in during the test, live", async () => {
    const watched = await signedIn("manager");
    const { page } = watched;
    const teamId = Number(/\/teams\/(\d+)$/.exec(page.url())![1]);
    await page.getByTestId("scorecard-row").first().waitFor();

    const card = await apiGet<TeamScorecard>(page, `/teams/${teamId}/scorecard?period=${PERIOD}`);
    expect(card.period).toBe(PERIOD);
    expect(card.reps.length).toBeGreaterThan(0);
    expect(await page.getByTestId("scorecard-row").count()).toBe(card.reps.length);
    for (const rep of card.reps) {
      const row = page.locator(`[data-testid="scorecard-row"][data-rep="${rep.repId}"]`);
      expect(await row.locator('[data-col="name"] a').textContent()).toBe(rep.name);
      for (const line of rep.lines) {
        const cell = row.locator(`[data-col="${line.metric}"]`);
        expect(Number(await cell.getAttribute("data-actual"))).toBe(line.actual);
        expect(Number(await cell.getAttribute("data-target"))).toBe(line.target);
        expect(await cell.locator(".bullet-value").textContent()).toBe(`${formatCount(line.actual)}/${formatCount(line.target)}`);
      }
      expect(await row.locator('[data-col="score"]').textContent()).toBe(formatShare(rep.score));
      // Pacing: the same status as the rep's targets.
      const targets = await apiGet<TargetsResponse>(page, `/reps/${rep.repId}/targets?period=${PERIOD}`);
      await expect.poll(() => row.locator("[data-status]").getAttribute("data-status")).toBe(targets.status);
    }
    expect(await page.getByTestId("team-score").locator(".stat-value").textContent()).toBe(formatShare(card.team.score));

    // Alerts past the grace period are on the page, one line each.
    const { alerts } = await apiGet<{ alerts: PacingAlert[] }>(page, `/teams/${teamId}/alerts`);
    expect(await page.locator('[data-testid="pacing-alerts"] li').count()).toBe(alerts.length);

    // A visit checked in now appears on the open page without a reload, and leaves on check-out.
    await expect.poll(() => page.getByTestId("stream-state").getAttribute("data-state")).toBe("live");
    const stats = await apiGet<VisitStats>(page, `/teams/${teamId}/visits?period=${PERIOD}`);
    expect(await page.getByTestId("on-site-visit").count()).toBe(stats.onSite.length);
    const [account] = await apiGet<AccountOption[]>(page, "/accounts?query=");
    const rep = card.reps[0]!;
    const visit = await apiPost<Activity>(page, "/visits/check-in", { repId: rep.repId, accountId: account!.id, latitude: 48.85, longitude: 2.35 });
    const chip = page.locator(`[data-testid="on-site-visit"][data-visit-id="${visit.id}"]`);
    await chip.waitFor();
    expect(await chip.textContent()).toContain(rep.name);
    expect(await chip.textContent()).toContain(account!.name);
    expect(await page.getByTestId("team-on-site").locator(".stat-value").textContent()).toBe(formatCount(stats.onSite.length + 1));
    await apiPost<Activity>(page, `/visits/${visit.id}/check-out`, { outcome: "demo booked" }, 200);
    await chip.waitFor({ state: "detached" });

    // The details below: visits per rep and, once scrolled to, the team's KPIs.
    await page.getByTestId("visit-table").waitFor();
    await page.locator("footer, .activity-details").last().scrollIntoViewIfNeeded();
    await page.getByTestId("kpis").waitFor();
    const kpis = await apiGet<Kpis>(page, `/teams/${teamId}/kpis?period=${PERIOD}`);
    expect(await page.getByTestId("kpi-revenue").locator(".stat-value").textContent()).toBe(formatMoney(kpis.revenue));
    // The funnel loads on demand (recharts is a lazy chunk): wait for its stages.
    await expect.poll(() => page.getByTestId("funnel").locator("[data-stage]").count()).toBe(kpis.pipeline.length);
    await page.getByTestId("tier-grid").waitFor();

    // One request gives every rep's pacing (none per rep); "Falling behind" counts among reps with a quota.
    const asked: string[] = [];
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (/\/(pacing|targets)$/.test(path)) asked.push(path);
    });
    await page.reload();
    const pacing = await apiGet<TeamPacing>(page, `/teams/${teamId}/pacing?period=${PERIOD}`);
    const falling = pacing.reps.filter((r) => r.status === "behind" || r.status === "at-risk").length;
    const paced = pacing.reps.filter((r) => r.status !== null).length;
    expect(paced).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("team-falling-behind").locator(".stat-value").textContent()).toBe(`${formatCount(falling)} of ${formatCount(paced)}`);
    expect(asked).toEqual([`/api/v1/teams/${teamId}/pacing`]);
    // A period nobody has a quota for: "No quota" on every row, nothing counted, no error logged.
    await page.goto(`${baseUrl}/teams/${teamId}?period=2017-01`);
    await page.getByTestId("scorecard-row").first().waitFor();
    await expect.poll(() => page.getByTestId("team-falling-behind").locator(".stat-detail").textContent()).toBe("Nobody has a quota for this period");
    expect(await page.locator('[data-testid="scorecard-row"] [data-col="pacing"]').allTextContents()).toEqual(card.reps.map(() => "No quota"));

    await expectCleanPage(watched);
    await watched.context.close();
  });

  it("shows a rep their targets: the working and the numbers of GET /reps/:id/targets", async () => {
    const watched = await signedIn("rep");
    const { page } = watched;
    const me = await apiGet<Me>(page, "/me");
    await page.getByRole("link", { name: "My numbers" }).click();
    await page.waitForURL(new RegExp(`/reps/${me.id}/targets$`));
    await page.getByTestId("working").waitFor();

    const targets = await apiGet<TargetsResponse>(page, `/reps/${me.id}/targets`);
    expect(targets.period).toBe(PERIOD);
    expect(await page.getByTestId("working").locator("li").allTextContents()).toEqual(targets.working.lines);
    expect(await page.getByTestId("target-gap").locator(".stat-value").textContent()).toBe(formatMoney(targets.gap));
    const ceil = (n: number | null) => (n === null ? "—" : formatCount(Math.ceil(n)));
    expect(await page.getByTestId("target-new-opps").locator(".stat-value").textContent()).toBe(ceil(targets.newOpportunitiesNeeded));
    expect(await page.getByTestId("target-deadline").locator(".stat-value").textContent()).toBe(formatDay(targets.creationDeadline));
    expect(await page.getByTestId("target-weekly-opps").textContent()).toBe(`${ceil(targets.weeklyOpportunitiesNeeded)} opps`);
    expect(await page.getByTestId("target-weekly-activities").textContent()).toBe(`${ceil(targets.weeklyProactiveActivitiesNeeded)} proactive activities`);
    expect(await page.locator("[aria-label='Pacing'] [data-status]").getAttribute("data-status")).toBe(targets.status);
    if (targets.plannedOpportunities !== null) {
      const chart = page.getByTestId("pacing-chart");
      expect(Number(await chart.getAttribute("data-created"))).toBe(targets.opportunitiesCreated);
      expect(Number(await chart.getAttribute("data-planned"))).toBe(targets.plannedOpportunities);
    }
    // The rep sees their own open alerts at once.
    const { alerts } = await apiGet<{ alerts: PacingAlert[] }>(page, `/reps/${me.id}/alerts`);
    expect(await page.locator('[data-testid="pacing-alerts"] li').count()).toBe(alerts.filter((a) => a.resolvedAt === null).length);
    await page.getByTestId("kpis").waitFor();

    await expectCleanPage(watched);
    await watched.context.close();
  });

  it("logs an activity in a few clicks and keystrokes, and shows the API's field errors", async () => {
    const watched = await signedIn("rep");
    const { page } = watched;
    const me = await apiGet<Me>(page, "/me");
    await page.getByTestId("recent-activities").waitFor();
    const meetings = async () => (await apiGet<Kpis>(page, `/reps/${me.id}/kpis?period=${PERIOD}`)).activities.meeting.proactive;
    const before = await meetings();

    // Open, pick "Meeting" (proactive by default), Enter.
    await page.getByTestId("nav-log-activity").click();
    const dialog = page.getByTestId("activity-dialog");
    await dialog.getByRole("button", { name: "Meeting" }).click();
    expect(await dialog.getByLabel("Proactive").isChecked()).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByTestId("toast").waitFor();
    expect(await page.getByTestId("toast").textContent()).toContain("Meeting");
    await dialog.waitFor({ state: "detached" });
    expect(await meetings()).toBe(before + 1);
    const [latest] = (await apiGet<{ activities: Activity[] }>(page, `/reps/${me.id}/activities?limit=1`)).activities;
    expect(latest).toMatchObject({ kind: "meeting", proactive: true, at: NOW.toISOString() });
    await expect.poll(() => page.locator('[data-testid="recent-activities"] li').first().getAttribute("data-activity-id")).toBe(String(latest!.id));

    // A follow-up defaults to reactive; a duration over a day is refused by the API, shown on the field.
    await page.getByTestId("nav-log-activity").click();
    await dialog.getByRole("button", { name: "Follow-up" }).click();
    expect(await dialog.getByLabel("Proactive").isChecked()).toBe(false);
    await dialog.getByLabel(/Duration/).fill("5000");
    await page.keyboard.press("Enter");
    await page.getByTestId("field-error-duration").waitFor();
    expect(await page.getByTestId("field-error-duration").textContent()).toMatch(/1440/);
    // An unknown account is named by the API too.
    await dialog.getByLabel(/Duration/).fill("20");
    await dialog.getByLabel(/Account/).fill("Nobody Inc");
    await page.keyboard.press("Enter");
    await page.getByTestId("field-error-account").waitFor();
    expect(await page.getByTestId("field-error-account").textContent()).toMatch(/unknown account/);
    expect(await page.getByTestId("field-error-duration").count()).toBe(0);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(await meetings()).toBe(before + 1);

    // Errors from refused requests are the API's 400s, which the browser logs as failed loads.
    watched.errors.splice(0, watched.errors.length, ...watched.errors.filter((e) => !/status of 400/.test(e)));
    await expectCleanPage(watched);
    await watched.context.close();
  });
});
