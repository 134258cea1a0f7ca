/**
 * The proactive cadence in a real browser against the real server over a small demo (a few
 * weeks of updates and requests, no 1:1 schedules). A rep posts an update
 * with a promise and sees it among their promises; a manager requests information on a deal,
 * the rep answers it with an update (then it is no longer open, and the update is not
 * preemptive); a manager sets a rep's recurring 1:1, runs it from its agenda and holds it (the
 * commitment becomes the rep's promise; another rep cannot read the notes); the team page shows
 * the API's cadence numbers. Frozen clock, no console errors, no CSP violations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { DEMO_PASSWORD, type DemoSummary } from "../../src/demo/index.js";
import type { CoachingQueue, OneOnOneView, TeamCadence, Week } from "../../src/schemas/cadence.js";
import type { Leadership, Me, TeamDetail } from "../../src/schemas/index.js";
import { adherenceSummary, agendaSummary, describeSchedule, ratioDetail } from "../../web/src/utils/cadence.js";
import { formatShare } from "../../web/src/utils/format.js";
import { BROWSER_NOW } from "../support/browser-demo.js";
import { openWatchedPage, signIn, type WatchedPage } from "../support/browser.js";
import { apiGetThrough, closeBrowserSuite, expectCleanPage, openBrowserSuite, type BrowserSuite } from "../support/browser-suite.js";

const NOW = BROWSER_NOW;
const THIS_FRIDAY = "2025-06-20";

let suite: BrowserSuite | undefined;
let baseUrl: string;
let browser: Browser;
let demo: DemoSummary;

beforeAll(async () => {
  suite = await openBrowserSuite();
  ({ baseUrl, browser, demo } = suite);
});

afterAll(() => closeBrowserSuite(suite ?? {}));

const apiGet = <T>(page: Page, path: string, status = 200) => apiGetThrough<T>(page, baseUrl, path, status);

/** A browser page whose clock says NOW (the server's frozen time), signed in, on its landing page. */
async function signedIn(email: string, password = DEMO_PASSWORD): Promise<WatchedPage> {
  const watched = await openWatchedPage(browser);
  await watched.page.clock.setFixedTime(NOW);
  await watched.page.goto(baseUrl + "/sign-in");
  await signIn(watched.page, email, password);
  await watched.page.waitForURL(/\/(reps|teams)\/\d+$/);
  return watched;
}

const asRep = () => signedIn(demo.credentials.rep.email);
const asManager = () => signedIn(demo.credentials.manager.email);

/** The page was clean (no console error, no CSP violation); then it is closed. */
async function closeCleanPage(watched: WatchedPage): Promise<void> {
  await expectCleanPage(watched);
  await watched.context.close();
}

/** The rep opens "My week" from the navigation. */
async function openMyWeek(page: Page): Promise<Me> {
  const me = await apiGet<Me>(page, "/me");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "My week" }).click();
  await page.waitForURL(new RegExp(`/reps/${me.id}/week$`));
  await page.getByTestId("update-form").waitFor();
  return me;
}

describe("the cadence in the browser", () => {
  it("lets a rep post an update with a promise, then shows it among their promises and marks it kept", async () => {
    const watched = await asRep();
    const { page } = watched;
    const me = await openMyWeek(page);
    const before = await apiGet<Week>(page, `/reps/${me.id}/week`);
    expect(before.openDeals.length).toBeGreaterThan(0);
    const deal = before.openDeals[0]!;
    expect(await page.locator('[data-testid="week-updates"] li').count()).toBe(before.updates.length);

    // A deal, the "Promise" toggle (its due day defaults to this Friday), the text, Ctrl+Enter.
    const form = page.getByTestId("update-form");
    await form.getByLabel("About").selectOption(deal.externalId);
    await form.getByRole("button", { name: "Promise" }).click();
    expect(await form.getByRole("button", { name: "Promise" }).getAttribute("aria-pressed")).toBe("true");
    expect(await form.getByLabel("Promise due").inputValue()).toBe(THIS_FRIDAY);
    await form.getByLabel("Update").fill("Send the revised proposal");
    await form.getByLabel("Update").press("Control+Enter");

    // Newest first: the update just posted heads the week's list.
    const posted = page.locator('[data-testid="week-updates"] li').first();
    await expect.poll(() => posted.textContent()).toContain("Send the revised proposal");
    expect(await posted.getAttribute("data-preemptive")).toBe("true");
    expect(await posted.getByTestId("update-status").textContent()).toBe("Preemptive");
    expect(await posted.textContent()).toContain("Send the revised proposal");

    const week = await apiGet<Week>(page, `/reps/${me.id}/week`);
    const [update] = week.updates;
    expect(update).toMatchObject({ subject: deal.externalId, text: "Send the revised proposal", performatives: ["assertion", "promise"], preemptive: true });
    expect(update!.promise).toMatchObject({ due: THIS_FRIDAY, state: "open" });
    expect(await posted.getAttribute("data-update-id")).toBe(String(update!.id));
    expect(await page.getByTestId("week-preemptive").locator(".stat-value").textContent()).toBe(formatShare(week.preemptive.ratio));
    expect(await page.getByTestId("week-preemptive").locator(".stat-detail").textContent()).toBe(ratioDetail(week.preemptive));

    // Among the open promises, due this Friday; marked kept, it moves to "Kept this week".
    const promise = page.locator(`[data-state="open"] [data-promise-id="${update!.promise!.id}"]`);
    await promise.waitFor();
    expect(await promise.textContent()).toContain("due Jun 20");
    await promise.getByRole("button", { name: "Kept" }).click();
    await page.locator(`[data-state="kept"] [data-promise-id="${update!.promise!.id}"]`).waitFor();
    expect((await apiGet<Week>(page, `/reps/${me.id}/week`)).promises.kept.map((p) => p.id)).toContain(update!.promise!.id);

    await closeCleanPage(watched);
  });

  it("logs a manager's request on a deal; the rep sees it open, answers it with an update, and it closes (that update is not preemptive)", async () => {
    const manager = await asManager();
    const rep = await asRep();
    const repMe = await apiGet<Me>(rep.page, "/me");
    const { page } = manager;

    // The manager goes from the rep's page to their week, where each open deal has "Request info".
    await page.goto(`${baseUrl}/reps/${repMe.id}`);
    await page.getByTestId("rep-week-link").click();
    await page.waitForURL(new RegExp(`/reps/${repMe.id}/week$`));
    const deals = page.getByTestId("open-deals");
    await deals.waitFor();
    const week = await apiGet<Week>(page, `/reps/${repMe.id}/week`);
    const deal = week.openDeals.find((d) => !week.openRequests.some((r) => r.subject === d.externalId))!;
    const row = deals.locator(`tr[data-deal="${deal.externalId}"]`);
    await row.getByTestId("request-info").click();
    await row.getByLabel("What do you need to know?").fill("Where are we on pricing?");
    await row.getByRole("button", { name: "Send request" }).click();
    await row.getByTestId("request-pending").waitFor();
    const asked = (await apiGet<Week>(page, `/reps/${repMe.id}/week`)).openRequests.find((r) => r.subject === deal.externalId)!;
    expect(asked).toMatchObject({ text: "Where are we on pricing?", answeredAt: null });
    await page.locator(`[data-testid="open-requests"] [data-request-id="${asked.id}"]`).waitFor();

    // The rep sees it open on My week and answers it: the form is set to the deal.
    await openMyWeek(rep.page);
    const request = rep.page.locator(`[data-testid="open-requests"] [data-request-id="${asked.id}"]`);
    await request.waitFor();
    expect(await request.textContent()).toContain("Where are we on pricing?");
    await request.getByRole("button", { name: "Answer with an update" }).click();
    const form = rep.page.getByTestId("update-form");
    // The click sets the form in a React update; poll so the read never races the render.
    await expect.poll(() => form.getByLabel("About").inputValue()).toBe(deal.externalId);
    await expect.poll(() => rep.page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("text");
    await rep.page.keyboard.type("Pricing agreed; the contract goes out Friday");
    await form.getByRole("button", { name: "Post update" }).click();

    // No longer open; the answer is listed as answering a request, not as preemptive.
    await request.waitFor({ state: "detached" });
    const answer = rep.page.locator('[data-testid="week-updates"] li').first();
    await expect.poll(() => answer.textContent()).toContain("Pricing agreed");
    expect(await answer.getAttribute("data-preemptive")).toBe("false");
    expect(await answer.getByTestId("update-status").textContent()).toBe("Answered a request");
    const after = await apiGet<Week>(rep.page, `/reps/${repMe.id}/week`);
    expect(after.openRequests.map((r) => r.id)).not.toContain(asked.id);
    expect(after.updates[0]).toMatchObject({ subject: deal.externalId, preemptive: false, answered: [asked.id] });

    // The manager's view agrees once reloaded: nothing waiting, the deal can be asked about again.
    await page.reload();
    await page.getByTestId("open-deals").waitFor();
    expect(await page.locator(`[data-testid="open-requests"] [data-request-id="${asked.id}"]`).count()).toBe(0);
    expect(await page.locator(`tr[data-deal="${deal.externalId}"]`).getByTestId("request-info").count()).toBe(1);

    await closeCleanPage(rep);
    await closeCleanPage(manager);
  });

  it("runs a 1:1 from its agenda: schedule, queue, notes and a commitment, held; the commitment is the rep's promise and another rep cannot read the notes", async () => {
    const manager = await asManager();
    const { page } = manager;
    const managerMe = await apiGet<Me>(page, "/me");
    const teamId = managerMe.managedTeamIds[0]!;
    const team = await apiGet<TeamDetail>(page, `/teams/${teamId}`);
    const reps = team.reps.filter((r) => r.role === "rep");
    const rep = reps.find((r) => r.email === demo.credentials.rep.email)!;
    const other = reps.find((r) => r.id !== rep.id)!;
    expect(other).toBeDefined();

    // The coaching queue lists the demo's weekly 1:1s.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Coaching" }).click();
    await page.waitForURL(/\/coaching$/);
    await page.getByTestId("queued-meeting").first().waitFor();
    const ics = page.getByTestId("ics-link");
    expect(await ics.getAttribute("href")).toBe(`/api/v1/managers/${managerMe.id}/cadence.ics`);

    // Thursdays at 10:00 Paris time: tomorrow 08:00 UTC is the first 1:1.
    const row = page.locator(`[data-testid="rep-schedules"] [data-rep="${rep.id}"]`);
    await row.getByRole("button", { name: "Change" }).click();
    const form = row.getByTestId("schedule-form");
    await form.getByLabel("Day").selectOption("4");
    await form.getByLabel("Time", { exact: true }).fill("10:00");
    await form.getByLabel("Time zone").fill("Europe/Paris");
    await form.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => row.getByTestId("schedule-text").textContent()).toBe(
      describeSchedule({ weekday: 4, time: "10:00", timeZone: "Europe/Paris", intervalWeeks: 1, active: true }),
    );

    // The queue fills with the rep's 1:1 and its agenda, as the API builds it.
    const card = page.locator(`[data-testid="queued-meeting"][data-rep="${rep.id}"]`);
    await card.waitFor();
    const queue = await apiGet<CoachingQueue>(page, `/managers/${managerMe.id}/coaching-queue?days=14`);
    const repMeetings = queue.meetings.filter((m) => m.repId === rep.id);
    expect(repMeetings.map((m) => m.scheduledFor)).toEqual(["2025-06-19T08:00:00.000Z", "2025-06-26T08:00:00.000Z"]);
    expect(queue.meetings.length).toBeGreaterThan(repMeetings.length);
    const meeting = repMeetings[0]!;
    // The queue reloads after the change: the card moves from the demo's day to Thursday's 1:1.
    await expect.poll(() => card.getAttribute("data-meeting-id")).toBe(String(meeting.id));
    expect(await card.getByTestId("agenda-summary").textContent()).toBe(agendaSummary(meeting.agenda));
    expect(await card.getByTestId("late-stage-note").textContent()).toBe(meeting.agenda.lateStageNote ?? "No late-stage deals.");
    const calendar = await page.request.get(baseUrl + (await ics.getAttribute("href"))!);
    expect(calendar.headers()["content-type"]).toMatch(/^text\/calendar/);
    expect(await calendar.text()).toContain(`SUMMARY:1:1 — ${rep.name}`);

    // Run it: every agenda item is on the page, each with why it is there.
    await card.getByTestId("run-one-on-one").click();
    await page.waitForURL(new RegExp(`/one-on-ones/${meeting.id}$`));
    const agenda = page.getByTestId("agenda");
    await agenda.waitFor();
    expect(meeting.agenda.items.length).toBeGreaterThan(0);
    expect((await agenda.locator("[data-key]").evaluateAll((els) => els.map((e) => e.getAttribute("data-key")))).sort()).toEqual(
      meeting.agenda.items.map((i) => i.key).sort(),
    );
    for (const item of meeting.agenda.items.slice(0, 5)) {
      expect(await agenda.locator(`[data-key="${item.key}"]`).textContent()).toContain(item.detail);
    }

    const hold = page.getByTestId("hold-form");
    await hold.getByLabel(/Notes/).fill("Private: worried about the discounting");
    await hold.getByLabel("Decisions").fill("Re-qualify the largest early deal");
    await hold.getByLabel("Commitment 1", { exact: true }).fill("Write the strategy for the largest deal");
    await hold.getByLabel("Commitment 1 due").fill("2025-06-25");
    await hold.getByTestId("mark-held").click();
    await page.getByTestId("one-on-one-record").waitFor();
    expect(await page.getByTestId("record-notes").textContent()).toBe("Private: worried about the discounting");
    const held = await apiGet<OneOnOneView>(page, `/one-on-ones/${meeting.id}`);
    expect(held.heldAt).toBe(NOW.toISOString());
    expect(held.commitments).toMatchObject([{ repId: rep.id, oneOnOneId: meeting.id, text: "Write the strategy for the largest deal", due: "2025-06-25", state: "open" }]);
    await closeCleanPage(manager);

    // The commitment is the rep's open promise, marked as from a 1:1; the rep reads the record.
    const repPage = await asRep();
    await openMyWeek(repPage.page);
    const promise = repPage.page.locator(`[data-state="open"] [data-promise-id="${held.commitments[0]!.id}"]`);
    await promise.waitFor();
    expect(await promise.textContent()).toContain("committed in a 1:1");
    await repPage.page.getByTestId("rep-one-on-ones").locator(`a[href="/one-on-ones/${meeting.id}"]`).click();
    await repPage.page.waitForURL(new RegExp(`/one-on-ones/${meeting.id}$`));
    expect(await repPage.page.getByTestId("record-notes").textContent()).toBe("Private: worried about the discounting");
    expect(await repPage.page.getByTestId("hold-form").count()).toBe(0);
    await closeCleanPage(repPage);

    // Another rep of the same team is refused the record, on the page and by the API.
    const otherRep = await signedIn(other.email!);
    await otherRep.page.goto(`${baseUrl}/one-on-ones/${meeting.id}`);
    await otherRep.page.getByTestId("forbidden").waitFor();
    expect(await otherRep.page.content()).not.toContain("worried about the discounting");
    expect(otherRep.deniedResponses).toContain(`403 /api/v1/one-on-ones/${meeting.id}`);
    await apiGet(otherRep.page, `/one-on-ones/${meeting.id}`, 403);
    await closeCleanPage(otherRep);
  });

  it("shows the team's preemptive ratio, per rep with its weekly trend, and 1:1 adherence per manager, as the API counts them", async () => {
    const watched = await asManager();
    const { page } = watched;
    const teamId = Number(/\/teams\/(\d+)$/.exec(page.url())![1]);
    const section = page.getByTestId("team-cadence");
    await section.scrollIntoViewIfNeeded();
    await section.getByTestId("rep-ratios").waitFor();
    const cadence = await apiGet<TeamCadence>(page, `/teams/${teamId}/cadence`);

    // The demo's weeks of updates and requests, and the ones posted by the tests above.
    expect(cadence.preemptive.team.updates).toBeGreaterThan(2);
    // The demo's weeks of 1:1s with this manager's reps, mostly held on time.
    expect(cadence.adherence.map((a) => a.managerId)).toEqual([(await apiGet<Me>(page, "/me")).id]);
    expect(cadence.adherence[0]!.scheduled).toBeGreaterThan(0);
    expect(await section.getByTestId("team-preemptive").locator(".stat-value").textContent()).toBe(formatShare(cadence.preemptive.team.ratio));
    expect(await section.getByTestId("team-preemptive").locator(".stat-detail").textContent()).toBe(ratioDetail(cadence.preemptive.team));
    expect(await section.locator("[data-testid=rep-ratios] tbody tr").count()).toBe(cadence.preemptive.reps.length);
    for (const r of cadence.preemptive.reps) {
      expect(await section.locator(`[data-testid=rep-ratios] tr[data-rep="${r.repId}"] .share-value`).textContent()).toBe(formatShare(r.ratio));
    }
    const trend = section.getByTestId("ratio-trend");
    // The chart loads on demand (recharts is a lazy chunk): poll until its weeks are drawn.
    await expect.poll(() => trend.locator("[data-week]").evaluateAll((els) => els.map((e) => [e.getAttribute("data-week"), Number(e.getAttribute("data-updates"))]))).toEqual(
      cadence.preemptive.trend.map((w) => [w.weekStart, w.updates]),
    );

    const adherence = section.getByTestId("adherence");
    expect(await adherence.locator("tbody tr").count()).toBe(cadence.adherence.length);
    for (const m of cadence.adherence) {
      const line = adherence.locator(`tr[data-manager="${m.managerId}"]`);
      expect(await line.getAttribute("data-flagged")).toBe(String(m.flagged));
      expect(await line.locator('[data-label="Current streak"]').textContent()).toBe(String(m.currentStreak));
    }
    await closeCleanPage(watched);
  });

  it("ranks managers in the leadership view with their 1:1 adherence, flagging the one whose cadence slipped", async () => {
    const watched = await openWatchedPage(browser);
    const { page } = watched;
    await page.clock.setFixedTime(NOW);
    await page.goto(baseUrl + "/sign-in");
    await signIn(page, demo.credentials.admin.email, demo.credentials.admin.password);
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Leadership" }).click();
    await page.waitForURL(/\/leadership/);
    const table = page.getByTestId("leadership-table");
    await table.waitFor();
    const lead = await apiGet<Leadership>(page, "/leadership");
    expect(await table.locator("tbody tr").count()).toBe(lead.rows.length);
    const cells = table.getByTestId("leadership-cadence");
    for (const [i, row] of lead.rows.entries()) {
      expect(await cells.nth(i).getAttribute("data-flagged")).toBe(String(row.cadence.flagged));
      expect(await cells.nth(i).textContent()).toContain(adherenceSummary(row.cadence));
    }
    // The demo's last manager held few 1:1s lately; the others kept their rhythm.
    expect(lead.rows.filter((r) => r.cadence.flagged)).toHaveLength(1);
    expect(lead.rows.every((r) => r.cadence.scheduled > 0)).toBe(true);
    expect(await cells.filter({ hasText: "Slipping" }).count()).toBe(1);
    await closeCleanPage(watched);
  });
});
