/**
 * The web app in a real browser against the real server over a small demo: sign-in (wrong
 * password first), the manager's team page showing exactly the API's numbers, sorting, a lost
 * session, and a rep who can see only their own page. No console errors, no CSP violations.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { DemoSummary } from "../../src/demo/index.js";
import type { Me, RepDetail, Team, TeamDetail } from "../../src/schemas/index.js";
import { formatCount, formatMoney, formatShare } from "../../web/src/utils/format.js";
import { teamTotals, weeklyTotals } from "../../web/src/utils/teamStats.js";
import { openWatchedPage, signIn, WEB_INDEX } from "../support/browser.js";
import { apiGetThrough, closeBrowserSuite, expectCleanPage, openBrowserSuite, type BrowserSuite } from "../support/browser-suite.js";

let suite: BrowserSuite | undefined;
let baseUrl: string;
let browser: Browser;
let demo: DemoSummary;

beforeAll(async () => {
  suite = await openBrowserSuite();
  ({ baseUrl, browser, demo } = suite);
});

afterAll(() => closeBrowserSuite(suite ?? {}));

/** GET through the page's own session, as the app would. */
const apiGet = <T>(page: Page, path: string) => apiGetThrough<T>(page, baseUrl, path);

describe("team page in the browser", () => {
  it("builds an index.html without inline scripts (the server's CSP allows only script-src 'self')", () => {
    const html = fs.readFileSync(WEB_INDEX, "utf8");
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [tag, body] of scripts) {
      expect(tag).toMatch(/\ssrc="\/assets\/[^"]+\.js"/);
      expect(body!.trim()).toBe("");
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it("signs a manager in and shows their team with the API's numbers", async () => {
    const watched = await openWatchedPage(browser);
    const { page } = watched;
    const { email, password } = demo.credentials.manager;

    const first = await page.goto(baseUrl + "/");
    expect(first?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await page.waitForURL(/\/sign-in$/);

    await signIn(page, email, "not-the-password");
    await expect.poll(() => page.getByTestId("signin-error").textContent()).toMatch(/don't match/);
    expect(page.url()).toMatch(/\/sign-in$/);

    await signIn(page, email, password);
    await page.waitForURL(/\/teams\/\d+$/);
    await page.getByTestId("rep-table").waitFor();

    const me = await apiGet<Me>(page, "/me");
    expect(me.role).toBe("manager");
    expect(await page.getByTestId("user-name").textContent()).toBe(me.name);
    const teamId = Number(/\/teams\/(\d+)$/.exec(page.url())![1]);
    expect(teamId).toBe(me.managedTeamIds[0] ?? me.teamId);
    const { team, reps: members } = await apiGet<TeamDetail>(page, `/teams/${teamId}`);
    // The table lists the selling reps (the API also returns the team's manager).
    const reps = members.filter((m) => m.role === "rep");
    expect(reps.length).toBeGreaterThan(0);
    expect(await page.getByTestId("team-name").textContent()).toBe(team.name);

    // Every rep, with the API's numbers, and no one else.
    const rows = page.getByTestId("rep-row");
    expect(await rows.count()).toBe(reps.length);
    for (const rep of reps) {
      const row = page.locator(`[data-testid="rep-row"][data-rep-id="${rep.id}"]`);
      const cell = (col: string) => row.locator(`[data-col="${col}"]`);
      expect(await cell("name").locator("a").textContent()).toBe(rep.name);
      expect(await cell("pipelineCount").getAttribute("data-value")).toBe(String(rep.openPipeline.count));
      expect(await cell("pipelineCount").textContent()).toBe(formatCount(rep.openPipeline.count));
      expect(Number(await cell("pipelineValue").getAttribute("data-value"))).toBe(rep.openPipeline.value);
      expect(await cell("pipelineValue").textContent()).toBe(formatMoney(rep.openPipeline.value));
      expect(await cell("activities").textContent()).toBe(formatCount(rep.activity30d.total));
      const share = rep.activity30d.total > 0 ? rep.activity30d.proactive / rep.activity30d.total : null;
      expect(await cell("proactiveShare").locator(".share-value").textContent()).toBe(formatShare(share));
      expect(await cell("trend").locator("svg").getAttribute("data-values")).toBe(rep.weekly.map((w) => w.proactive).join(","));
      expect(await row.locator(".badge-away").count()).toBe(rep.outOfOffice ? 1 : 0);
    }

    // Team totals and the chart: 12 weeks of the reps' weeks summed, with bars drawn.
    const totals = teamTotals(reps);
    expect(await page.getByTestId("team-pipeline-value").locator(".stat-value").textContent()).toBe(formatMoney(totals.openValue));
    expect(await page.getByTestId("team-proactive-share").locator(".stat-value").textContent()).toBe(formatShare(totals.proactiveShare));
    // The charts load on demand (recharts stays out of the entry chunk): wait for the bars.
    const weeks = page.getByTestId("weekly-chart").locator(".chart-week");
    await expect.poll(() => weeks.count()).toBe(12);
    const expectedWeeks = weeklyTotals(reps);
    for (const [i, week] of expectedWeeks.entries()) {
      expect(await weeks.nth(i).getAttribute("data-week")).toBe(week.weekStart);
      expect(Number(await weeks.nth(i).getAttribute("data-proactive"))).toBe(week.proactive);
      expect(Number(await weeks.nth(i).getAttribute("data-reactive"))).toBe(week.reactive);
    }
    const barHeights = await page.locator(".bar-proactive").evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().height));
    expect(Math.max(...barHeights)).toBeGreaterThan(20);

    // Sorting by pipeline value puts the biggest pipeline first; clicking again reverses it.
    await page.getByRole("button", { name: "Pipeline" }).click();
    const byValue = [...reps].sort((a, b) => b.openPipeline.value - a.openPipeline.value || a.name.localeCompare(b.name));
    const shownIds = () => rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-rep-id"))));
    expect(await shownIds()).toEqual(byValue.map((r) => r.id));
    await page.getByRole("button", { name: "Pipeline" }).click();
    expect((await shownIds())[0]).toBe(byValue.at(-1)!.id);

    await expectCleanPage(watched);

    // The session ends: the next API answer is a 401 and the app asks to sign in again,
    // then returns to where the user was heading.
    const target = reps[0]!;
    await watched.context.clearCookies();
    await page.locator(`[data-rep-id="${target.id}"] a`).click();
    await page.waitForURL(new RegExp(`/sign-in\\?next=%2Freps%2F${target.id}$`));
    await signIn(page, email, password);
    await page.waitForURL(new RegExp(`/reps/${target.id}$`));
    expect(await page.getByTestId("rep-name").textContent()).toContain(target.name);
    const detail = await apiGet<RepDetail>(page, `/reps/${target.id}`);
    expect(await page.getByTestId("rep-pipeline-value").locator(".stat-value").textContent()).toBe(
      formatMoney(detail.rep.openPipeline.value),
    );
    await expect.poll(() => page.getByTestId("weekly-chart").locator(".chart-week").count()).toBe(12);

    await expectCleanPage(watched);
    expect(watched.deniedResponses.every((r) => r.startsWith("401 "))).toBe(true);
    await watched.context.close();
  });

  it("fits a phone: the page never scrolls sideways and every main link can be reached", async () => {
    for (const who of ["manager", "rep"] as const) {
      const watched = await openWatchedPage(browser, { width: 390, height: 844 });
      const { page } = watched;
      await page.goto(baseUrl + "/sign-in");
      await signIn(page, demo.credentials[who].email, demo.credentials[who].password);
      const nav = page.getByRole("navigation", { name: "Main" });
      await nav.getByRole("link").first().waitFor();
      await page.locator("h1").first().waitFor();
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(widths.page, `${who}: page width`).toBeLessThanOrEqual(widths.viewport);
      const links = await nav.getByRole("link").all();
      expect(links.length, who).toBeGreaterThanOrEqual(who === "manager" ? 4 : 3);
      for (const link of links) {
        await link.scrollIntoViewIfNeeded();
        const box = (await link.boundingBox())!;
        expect(box.x, `${who}: ${await link.textContent()}`).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, `${who}: ${await link.textContent()}`).toBeLessThanOrEqual(widths.viewport + 0.5);
      }
      // The brand, the log button and sign-out stay on the first row, above the links.
      const signOut = (await page.getByRole("button", { name: "Sign out" }).boundingBox())!;
      expect(signOut.x + signOut.width).toBeLessThanOrEqual(widths.viewport + 0.5);
      expect(signOut.y).toBeLessThan((await links[0]!.boundingBox())!.y);
      await expectCleanPage(watched);
      await watched.context.close();
    }
  });

  it("shows a rep their own page and nothing else", async () => {
    const watched = await openWatchedPage(browser, { width: 390, height: 844 });
    const { page } = watched;
    await page.goto(baseUrl + "/sign-in");
    await signIn(page, demo.credentials.rep.email, demo.credentials.rep.password);
    await page.waitForURL(/\/reps\/\d+$/);

    const me = await apiGet<Me>(page, "/me");
    expect(me.role).toBe("rep");
    expect(page.url()).toMatch(new RegExp(`/reps/${me.id}$`));
    await page.getByTestId("rep-name").waitFor();
    expect(await page.getByTestId("rep-name").textContent()).toContain(me.name);
    const { rep } = await apiGet<RepDetail>(page, `/reps/${me.id}`);
    expect(await page.getByTestId("rep-activities").locator(".stat-value").textContent()).toBe(formatCount(rep.activity30d.total));
    expect(await page.getByRole("link", { name: "Teams" }).count()).toBe(0);

    // Another team and another rep: the server refuses, the page says so.
    const admin = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-proactive-csrf": "1" },
      body: JSON.stringify(demo.credentials.admin),
    });
    const cookie = admin.headers.get("set-cookie")!.split(";")[0]!;
    const teams = (await (await fetch(`${baseUrl}/api/v1/teams`, { headers: { cookie } })).json()) as Team[];
    const otherTeam = teams.find((t) => t.id !== me.teamId && t.repCount > 0)!;
    const otherRepId = (
      (await (await fetch(`${baseUrl}/api/v1/teams/${otherTeam.id}`, { headers: { cookie } })).json()) as TeamDetail
    ).reps[0]!.id;

    await page.goto(`${baseUrl}/teams/${otherTeam.id}`);
    await page.getByTestId("forbidden").waitFor();
    expect(await page.getByTestId("forbidden").textContent()).toMatch(/don't have access to this team/);
    await page.goto(`${baseUrl}/reps/${otherRepId}`);
    await page.getByTestId("forbidden").waitFor();

    await expectCleanPage(watched);
    expect(watched.deniedResponses.filter((r) => r.startsWith("403 "))).toEqual([`403 /api/v1/teams/${otherTeam.id}`, `403 /api/v1/reps/${otherRepId}`]);
    await watched.context.close();
  });
});
