/**
 * Lead routing in a real browser against the real server over a small demo whose leads are
 * routed in setup (the demo loads them unrouted) through the store function the API uses, with
 * two left untouched past the SLA and re-routed. A rep reads the team's lead feed (the API's
 * decisions and reasons, re-routes linked to the decision they replace, older pages on demand)
 * and "what would win you the next lead" on their page with the API's numbers; a manager runs
 * a preview and sees the API's side-by-side answer, saves a setting, and has a bad value
 * refused beside its field. No console errors, no CSP violations.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { DEMO_PASSWORD, type DemoSummary } from "../../src/demo/index.js";
import { query, sql } from "../../src/store/db.js";
import { nextLeadFor, routeLeadInStore } from "../../src/store/routing/index.js";
import type { DecisionJson, NextLead, PreviewResponse } from "../../src/schemas/routing.js";
import type { Me } from "../../src/schemas/index.js";
import { formatPoints, formatScore, ordinal, recordText, shortRecord } from "../../web/src/utils/leadFeed.js";
import { nextLeadHeadline, nextLeadVerdict } from "../../web/src/utils/nextLead.js";
import type { RoutingSettings } from "../../web/src/api/routingTypes.js";
import { BROWSER_NOW } from "../support/browser-demo.js";
import { openWatchedPage, signIn, type WatchedPage } from "../support/browser.js";
import { apiGetThrough, apiPostThrough, closeBrowserSuite, expectCleanPage, openBrowserSuite, type BrowserSuite } from "../support/browser-suite.js";

const NOW = BROWSER_NOW;
const FEED_PAGE = 25;

let suite: BrowserSuite | undefined;
let baseUrl: string;
let browser: Browser;
let demo: DemoSummary;
/** The manager's team, and its rep with the most leads they could have won with more activity. */
let teamId: number;
let rep: { id: number; name: string; email: string };

beforeAll(async () => {
  suite = await openBrowserSuite(async (store, { credentials }) => {
    const [manager] = await query<{ team_id: number }>(store.db, sql`select team_id from users where email = ${credentials.manager.email}`);
    teamId = Number(manager!.team_id);
    const reps = await query<{ id: number; name: string; email: string }>(
      store.db,
      sql`select id, name, email from users where role = 'rep' and team_id = ${teamId} order by id`,
    );
    const withPoints = await Promise.all(
      reps.map(async (r) => ({ rep: { ...r, id: Number(r.id) }, n: (await nextLeadFor(store.db, { id: Number(r.id), name: r.name, teamId })).leads.filter((l) => l.outcome === "points").length })),
    );
    rep = withPoints.sort((a, b) => b.n - a.n)[0]!.rep;
    // The demo team has two reps, so every card lists every rep. A third, and the newest lead
    // routed among three: its card lists two of them and fetches the full table when opened.
    const [third] = await query<{ id: number }>(store.db, sql`insert into users (name, role, team_id) values ('Robin Third', 'rep', ${teamId}) returning id`);
    // With the quotas of a rep of the team, as a rep the team page paces.
    await query(store.db, sql`insert into quotas (rep_id, period, period_start, period_end, amount_cents)
                              select ${third!.id}, period, period_start, period_end, amount_cents from quotas where rep_id = ${rep.id}`);
    const none = { productId: null, product: null, segment: null, region: null, language: null, accountId: null, source: null, valueCents: null };
    await routeLeadInStore(store.db, { externalId: "THREE-WAY", arrivedAt: new Date(NOW.getTime() - 60_000), teamId, ...none });
  });
  ({ baseUrl, browser, demo } = suite);
});

afterAll(() => closeBrowserSuite(suite ?? {}));

const apiGet = <T>(page: Page, path: string) => apiGetThrough<T>(page, baseUrl, path);
const apiPost = <T>(page: Page, path: string, data: unknown) => apiPostThrough<T>(page, baseUrl, path, data, 200);

/** A browser page whose clock says NOW (the server's frozen time), signed in. */
async function signedIn(email: string, landing: RegExp): Promise<WatchedPage> {
  const watched = await openWatchedPage(browser, { width: 1280, height: 900 });
  await watched.page.clock.setFixedTime(NOW);
  await watched.page.goto(baseUrl + "/sign-in");
  await signIn(watched.page, email, DEMO_PASSWORD);
  await watched.page.waitForURL(landing);
  return watched;
}

/** Each shown decision card against the API's decision. */
async function expectDecisionShown(page: Page, decision: DecisionJson): Promise<void> {
  const card = page.locator(`[data-testid="decision"][data-decision-id="${decision.id}"]`);
  expect(await card.getAttribute("data-kind")).toBe(decision.kind);
  expect(await card.getAttribute("data-policy")).toBe(decision.policy);
  expect(await card.getByTestId("decision-lead").textContent()).toBe(decision.lead);
  expect(await card.getByTestId("decision-reason").textContent()).toBe(decision.reason);
  expect(await card.getByTestId("decision-assignee").textContent()).toBe(decision.assignee ?? "Not assigned");
  expect(await card.getByTestId("decision-runner-up").count()).toBe(decision.runnerUp ? 1 : 0);
  if (decision.runnerUp) expect(await card.getByTestId("decision-runner-up").textContent()).toContain(decision.runnerUp);

  const winner = decision.candidates.find((c) => c.rank === 1);
  if (winner && decision.policy === "equilibrium") {
    const numbers = card.getByTestId("winner-numbers");
    expect(Number(await numbers.getAttribute("data-s"))).toBe(winner.S);
    expect(Number(await numbers.getAttribute("data-big-m"))).toBe(winner.M);
    expect(Number(await numbers.getAttribute("data-a"))).toBe(winner.a);
    const text = (await numbers.textContent())!;
    const basis = decision.basis!;
    expect(text).toContain(`M ${formatScore(winner.M)}`);
    expect(text).toContain(`A ${formatScore(winner.A)}`);
    expect(text).toContain(`S ${formatScore(winner.S)}`);
    expect(text).toContain(`a ${formatPoints(winner.a)} pts in ${basis.activityWindowDays} d, ${ordinal(winner.counts!.pointsRank!)} of ${basis.eligibleCount}`);
    expect(text).toContain(`T ${formatPoints(decision.T)}`);
    expect(text).toContain(shortRecord(winner.counts!, basis.similarity));
    expect(await numbers.getByTestId("winner-merit").getAttribute("title")).toBe(`${recordText(winner.counts!, basis.similarity)} in ${basis.meritWindowDays} days`);
    // Winner vs runner-up, drawn from the same numbers.
    const duel = card.getByTestId("score-duel");
    expect(Number(await duel.locator('[data-role="winner"]').getAttribute("data-value"))).toBe(winner.S);
    const runnerUp = decision.candidates.find((x) => x.rank === 2);
    expect(await duel.locator('[data-role="runner-up"]').count()).toBe(runnerUp ? 1 : 0);
    if (runnerUp) {
      expect(Number(await duel.locator('[data-role="runner-up"]').getAttribute("data-value"))).toBe(runnerUp.S);
      expect(Number(await card.getByTestId("decision-margin").getAttribute("data-value"))).toBe(decision.margin);
    }
  }
  const excluded = decision.candidates.filter((c) => c.excluded !== null);
  expect(await card.getByTestId("decision-excluded").count()).toBe(excluded.length > 0 ? 1 : 0);
  for (const c of excluded) {
    // Grouped by constraint in short; each rep keeps the exact words.
    const name = card.getByTestId("decision-excluded").locator(`[data-rep-id="${c.repId}"]`);
    expect(await name.textContent()).toContain(c.rep);
    expect(await name.getAttribute("title")).toBe(c.excluded);
    expect(await name.locator("xpath=..").textContent()).toContain(`(${c.excluded!.replace(/ not in \[.*\]$/, " not covered")})`);
  }
}

describe("lead routing in the browser", () => {
  it("shows a rep what would win them the next lead, with the API's numbers", async () => {
    const watched = await signedIn(rep.email, /\/reps\/\d+$/);
    const { page } = watched;
    const me = await apiGet<Me>(page, "/me");
    expect(me.id).toBe(rep.id);

    const answer = await apiGet<NextLead>(page, `/reps/${rep.id}/next-lead`);
    expect(answer.leads.length).toBe(20);
    expect(answer.leads.some((l) => l.outcome === "points")).toBe(true);
    const section = page.getByTestId("next-lead");
    await section.getByTestId("next-lead-headline").waitFor();
    expect(await section.locator("h2").textContent()).toBe("What would win you the next lead");
    const who = { self: true, name: rep.name.split(" ")[0]! };
    expect(await section.getByTestId("next-lead-headline").textContent()).toBe(
      nextLeadHeadline(answer.leads, who, answer.activityWeights, answer.activityWindowDays),
    );
    // The chart: every lead more activity would have won, nearest first, with the API's points.
    const reachable = answer.leads.filter((l) => l.outcome === "points").sort((a, b) => a.pointsNeeded! - b.pointsNeeded! || b.decisionId - a.decisionId);
    // The chart loads on demand (recharts is a lazy chunk): poll until its bars are drawn.
    const bars = section.getByTestId("reach-row");
    await expect.poll(() => bars.evaluateAll((els) => els.map((el) => [Number(el.getAttribute("data-decision-id")), Number(el.getAttribute("data-points"))]))).toEqual(
      reachable.map((l) => [l.decisionId, l.pointsNeeded]),
    );
    const widths = await bars.locator(".need-fill").evaluateAll((els) => els.map((el) => el.getBoundingClientRect().width));
    expect(widths).toEqual([...widths].sort((a, b) => a - b));
    expect(widths.at(-1)!).toBeGreaterThan(100);
    for (const outcome of ["won", "points", "merit", "excluded"] as const) {
      const n = answer.leads.filter((l) => l.outcome === outcome).length;
      expect(await section.locator(`[data-testid="next-lead-tally"] [data-outcome="${outcome}"]`).count()).toBe(n > 0 ? 1 : 0);
      if (n > 0) expect(Number(await section.locator(`[data-testid="next-lead-tally"] [data-outcome="${outcome}"]`).getAttribute("data-count"))).toBe(n);
    }
    // Lead by lead, on request.
    await section.getByText(/^Lead by lead/).click();
    const rows = section.getByTestId("next-lead-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(answer.leads.length);
    for (const [i, lead] of answer.leads.entries()) {
      const row = rows.nth(i);
      expect(Number(await row.getAttribute("data-decision-id"))).toBe(lead.decisionId);
      expect(await row.getAttribute("data-outcome")).toBe(lead.outcome);
      expect(await row.getByTestId("next-lead-verdict").textContent()).toContain(nextLeadVerdict(lead, who, answer.activityWindowDays));
      if (lead.outcome === "points") {
        expect(Number(await row.getAttribute("data-points"))).toBe(lead.pointsNeeded);
        expect(await row.getByTestId("next-lead-points").textContent()).toBe(`+${formatPoints(lead.pointsNeeded)}`);
      }
    }
    await expectCleanPage(watched);
    await watched.context.close();
  });

  it("shows a rep their team's lead feed: the API's decisions and reasons, re-routes linked, older pages on demand", async () => {
    const watched = await signedIn(rep.email, /\/reps\/\d+$/);
    const { page } = watched;
    // A rep's nav: the feed, not the routing settings.
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link", { name: "Routing" }).count()).toBe(0);
    // The feed pages the app itself asks for (the test's own API reads ask for more).
    const pageRequests: string[] = [];
    page.on("request", (request) => {
      if (new URL(request.url()).searchParams.get("limit") === String(FEED_PAGE)) pageRequests.push(request.url());
    });
    await nav.getByRole("link", { name: "Lead feed" }).click();
    await page.waitForURL(new RegExp(`/teams/${teamId}/leads$`));
    await page.getByTestId("decision").first().waitFor();

    const { decisions: all } = await apiGet<{ decisions: DecisionJson[] }>(page, `/teams/${teamId}/lead-feed?limit=200`);
    expect(all.length).toBeGreaterThan(FEED_PAGE);
    const cards = page.getByTestId("decision");
    const shownIds = () => cards.evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-decision-id"))));
    expect(await shownIds()).toEqual(all.slice(0, FEED_PAGE).map((d) => d.id));
    for (const decision of all.slice(0, FEED_PAGE)) await expectDecisionShown(page, decision);

    // The demo's SLA re-routes (leads nobody called back): each names who had the lead and links the original.
    const reroutes = all.filter((d) => d.kind === "sla-reroute");
    expect(reroutes.length).toBeGreaterThan(0);
    for (const reroute of reroutes) {
      const original = all.find((d) => d.id === reroute.previousDecisionId)!;
      const card = page.locator(`[data-decision-id="${reroute.id}"]`);
      const link = card.getByTestId("reroute-of");
      expect(await link.textContent()).toContain(original.assignee!);
      expect(await link.locator("a").getAttribute("href")).toBe(`#decision-${original.id}`);
    }

    // Older decisions load on demand until there are none left.
    while (await page.getByTestId("feed-load-more").count()) {
      const before = await cards.count();
      await page.getByTestId("feed-load-more").click();
      await expect.poll(() => cards.count()).toBeGreaterThan(before);
    }
    await page.getByTestId("feed-end").waitFor();
    expect(await shownIds()).toEqual(all.map((d) => d.id));
    for (const decision of all.slice(FEED_PAGE)) await expectDecisionShown(page, decision);

    // Following a re-route's link lands on the original, which points forward to its re-route.
    const reroute = reroutes[0]!;
    await page.locator(`[data-decision-id="${reroute.id}"]`).getByTestId("reroute-of").locator("a").click();
    await page.waitForURL(new RegExp(`#decision-${reroute.previousDecisionId}$`));
    const original = page.locator(`#decision-${reroute.previousDecisionId}`);
    expect(await original.evaluate((el) => el.matches(":target"))).toBe(true);
    expect(await original.getByTestId("rerouted-by").textContent()).toContain(reroute.assignee ?? "nobody");

    // The page's feed requests carried only what the cards show.
    expect(pageRequests.length).toBeGreaterThan(1);
    for (const url of pageRequests) expect(new URL(url).searchParams.get("candidates")).toBe("summary");

    // Every rep's numbers behind a decision, one click away: fetched when first opened, in the API's order.
    const wide = all.find((d) => d.candidates.some((c) => c.rank !== null && c.rank > 2))!;
    const wideCard = page.locator(`[data-decision-id="${wide.id}"]`);
    expect(await wideCard.locator("summary").textContent()).toBe(`All ${wide.candidates.length} reps' numbers`);
    const fetched = page.waitForResponse((response) => new URL(response.url()).pathname === `/api/v1/teams/${teamId}/lead-feed/${wide.id}`);
    await wideCard.locator("summary").click();
    expect((await fetched).status()).toBe(200);
    const rows = wideCard.getByTestId("candidate-table").locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(wide.candidates.length);
    expect(await rows.evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-rep-id"))))).toEqual(wide.candidates.map((c) => c.repId));

    // The routing settings are the managers': a rep who opens them is told so.
    await page.goto(`${baseUrl}/teams/${teamId}/routing`);
    await page.getByTestId("forbidden").waitFor();
    await expectCleanPage(watched);
    await watched.context.close();
  });

  it("lets a manager preview a policy side by side, save a setting, and see a bad value refused beside its field", async () => {
    const watched = await signedIn(demo.credentials.manager.email, /\/teams\/\d+$/);
    const { page } = watched;
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Routing" }).click();
    await page.waitForURL(new RegExp(`/teams/${teamId}/routing$`));
    await page.getByTestId("routing-settings-form").waitFor();
    const settings = await apiGet<RoutingSettings>(page, `/teams/${teamId}/routing-settings`);
    expect(settings.version).toBe(0);
    expect(await page.getByTestId("settings-version").getAttribute("data-version")).toBe("0");

    // Preview top-performer over the last 30 leads: the API's answer, side by side.
    const preview = page.getByTestId("routing-preview");
    await preview.getByLabel(/^Top performer/).check();
    await preview.locator('input[name="lastN"]').fill("30");
    await preview.getByTestId("preview-run").click();
    await preview.getByTestId("preview-result").waitFor();
    const expected = await apiPost<PreviewResponse>(page, `/teams/${teamId}/routing-preview`, { policy: "top-performer", params: settings.params, lastN: 30 });
    expect(expected.leads.length).toBe(30);
    expect(await preview.getByTestId("preview-changed").textContent()).toBe(String(expected.summary.changedHands));
    const rows = preview.getByTestId("preview-row");
    expect(await rows.count()).toBe(30);
    for (const [i, lead] of [...expected.leads].reverse().entries()) {
      const row = rows.nth(i);
      expect(await row.getAttribute("data-lead")).toBe(lead.lead);
      expect(await row.getAttribute("data-changed")).toBe(String(lead.changed));
      expect(await row.locator('[data-col="actual"]').textContent()).toBe(lead.actual ?? "not routed");
      expect((await row.locator('[data-col="preview"]').textContent())!.replace(" ⇄", "")).toBe(lead.preview ?? "nobody");
      expect(await row.locator('[data-col="reason"]').textContent()).toBe(lead.reason);
    }
    for (const [name, count] of Object.entries(expected.summary.previewPerRep)) {
      const bar = preview.locator(`.per-rep-row[data-rep="${name}"]`);
      expect(Number(await bar.getAttribute("data-preview"))).toBe(count);
      expect(Number(await bar.getAttribute("data-actual"))).toBe(expected.summary.actualPerRep[name] ?? 0);
    }
    // Only the leads that change hands, on request.
    await preview.getByLabel("Only leads that change hands").check();
    expect(await rows.count()).toBe(expected.summary.changedHands);

    // Save a setting: a new version, as the API now reports.
    const form = page.getByTestId("routing-settings-form");
    await form.locator('input[name="meritWeight"]').fill("0.6");
    await form.locator('input[name="activityTarget"]').fill("40");
    await form.getByTestId("settings-save").click();
    await expect.poll(() => page.getByTestId("settings-version").getAttribute("data-version")).toBe("1");
    const saved = await apiGet<RoutingSettings>(page, `/teams/${teamId}/routing-settings`);
    expect(saved).toMatchObject({ version: 1, policy: "equilibrium", params: { meritWeight: 0.6, activityTarget: 40, smoothingK: 5 } });
    expect(await form.locator('input[name="meritWeight"]').inputValue()).toBe("0.6");

    // A bad value is refused, named beside its field, and nothing is saved.
    await form.locator('input[name="meritWeight"]').fill("1.5");
    await form.getByTestId("settings-save").click();
    const error = form.getByTestId("setting-error-meritWeight");
    await error.waitFor();
    const refused = await page.request.put(`${baseUrl}/api/v1/teams/${teamId}/routing-settings`, {
      data: { policy: "equilibrium", params: { ...saved.params, meritWeight: 1.5 } },
      headers: { "x-proactive-csrf": "1" },
    });
    expect(refused.status()).toBe(400);
    const reason = ((await refused.json()) as { error: { fields: { field: string; reason: string }[] } }).error.fields.find((f) => f.field === "params.meritWeight")!.reason;
    expect(await error.textContent()).toBe(reason);
    expect(await form.locator('input[name="meritWeight"]').getAttribute("aria-invalid")).toBe("true");
    expect((await apiGet<RoutingSettings>(page, `/teams/${teamId}/routing-settings`)).version).toBe(1);
    expect(await page.getByTestId("settings-version").getAttribute("data-version")).toBe("1");

    // The refused save is the API's 400, which the browser logs as a failed load: the only error allowed.
    expect(watched.errors.filter((e) => /status of 400/.test(e))).toHaveLength(1);
    watched.errors.splice(0, watched.errors.length, ...watched.errors.filter((e) => !/status of 400/.test(e)));
    await expectCleanPage(watched);
    await watched.context.close();
  });
});
