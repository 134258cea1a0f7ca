/**
 * Targets, team settings, pacing alerts and access over the API: the answer equals the
 * domain's `computeTargets` on the same history; the worked example comes out at 28 once the
 * Proposal win rate is pinned; an alert is raised on the first day the domain says the rep is
 * behind, and a manager sees it only after the grace period.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { computeTargets, firstDayBehind, pacingHistory } from "../../src/domain/targets/index.js";
import { parsePeriod } from "../../src/domain/periods.js";
import { query, type Store } from "../../src/store/db.js";
import { activities } from "../../src/store/schema.js";
import { raisePacingAlerts } from "../../src/store/pacing.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { seedOrg, testApp, testEnv, type Org } from "../api/fixtures.js";
import { as } from "./helpers.js";
import { addOpps, addQuota, addRep, funnelOpps, STAGE_ORDER, type SeedOpp } from "./seed.js";
import type { OpportunityFacts } from "../../src/domain/targets/history.js";

const API = "/api/v1";
const DAY = 86_400_000;

describe.each(STORE_KINDS)("targets and pacing on %s", (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let org: Org;
  let clock = Date.parse("2017-08-15T00:00:00Z");
  let funnel: { teamId: number; repId: number };
  let pace: { teamId: number; repId: number };
  let paceFacts: OpportunityFacts[];

  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedOrg(store.db);
    funnel = await addRep(store.db, { name: "fr", team: "Funnel", managerId: org.users.m2 });
    await addOpps(store.db, funnel.repId, funnelOpps("f"));
    await addQuota(store.db, funnel.repId, "2017-Q3", 120_000, "2017-07-01", "2017-09-30");
    // Pace (under East, so m1 manages it): a month to pace, history with a busy week.
    pace = await addRep(store.db, { name: "pr", team: "Pace", parentId: org.teams.east });
    const history: SeedOpp[] = Array.from({ length: 8 }, (_, i) => ({
      externalId: `p-h${i}`,
      stage: i < 4 ? "Won" : "Lost",
      outcome: i < 4 ? "won" : "lost",
      value: i < 4 ? 10_000 : 0,
      engagedAt: `2017-05-0${1 + (i % 4)}`,
      closedAt: `2017-05-${String(11 + i).padStart(2, "0")}`,
    }));
    const created: SeedOpp[] = ["2017-08-02T12:00:00Z", "2017-08-04T12:00:00Z"].map((createdOn, i) => ({
      externalId: `p-new${i}`,
      stage: "Prospecting",
      outcome: "open",
      value: null,
      createdOn,
    }));
    paceFacts = await addOpps(store.db, pace.repId, [...history, ...created]);
    await addQuota(store.db, pace.repId, "2017-08", 30_000, "2017-08-01", "2017-08-31");
    app = await testApp(store, { clock: () => clock, env: testEnv({ PROACTIVE_PACING_INTERVAL_MINUTES: "0" }) });
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("answers what computeTargets answers on the same history", async () => {
    const calls = Array.from({ length: 20 }, (_, i) => ({
      repId: funnel.repId,
      kind: "call" as const,
      proactive: true,
      at: new Date(Date.parse("2017-06-01T00:00:00Z") + i * 3 * DAY),
    }));
    await store.db.insert(activities).values(calls);
    const res = await as(app, store.db, funnel.repId).get(`${API}/reps/${funnel.repId}/targets?period=2017-Q3&at=2017-08-15`);
    expect(res.statusCode, res.body).toBe(200);
    const { repName, ...body } = res.json();
    expect(repName).toBe("fr");
    const expected = computeTargets({
      repId: funnel.repId,
      period: parsePeriod("2017-Q3"),
      at: new Date("2017-08-15T00:00:00Z"),
      quota: 120_000,
      opportunities: (await import("./seed.js")).funnelOpps("f").map((o, i) => ({
        id: i,
        ownerId: funnel.repId,
        outcome: o.outcome,
        stage: o.stage,
        value: o.value,
        createdOn: o.createdOn ? new Date(`${o.createdOn}T00:00:00Z`) : null,
        engagedAt: o.engagedAt ? new Date(`${o.engagedAt}T00:00:00Z`) : null,
        closedAt: o.closedAt ? new Date(`${o.closedAt}T00:00:00Z`) : null,
      })),
      activities: calls,
      stageOrder: STAGE_ORDER,
    });
    expect(body).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(body.activityToOpportunityRate).not.toBeNull();
  });

  it("counts proactive activity over the whole conversion window before `at`, even reaching months before the period", async () => {
    const convert = await addRep(store.db, { name: "cr", team: "Convert", managerId: org.users.m2 });
    await addQuota(store.db, convert.repId, "2017-08", 10_000, "2017-08-01", "2017-08-31");
    const at = new Date("2017-08-20T12:00:00Z");
    const daysBefore = (days: number, hours = 0) => new Date(at.getTime() - days * DAY + hours * 3_600_000);
    const logged = [
      { repId: convert.repId, kind: "call" as const, proactive: true, at: daysBefore(89) }, // in the 90-day window
      { repId: convert.repId, kind: "meeting" as const, proactive: true, at: daysBefore(60) },
      { repId: convert.repId, kind: "call" as const, proactive: true, at: daysBefore(91) }, // before it
      { repId: convert.repId, kind: "email" as const, proactive: false, at: daysBefore(10) }, // reactive
      { repId: convert.repId, kind: "call" as const, proactive: true, at: daysBefore(5) },
    ];
    await store.db.insert(activities).values(logged);
    const res = await as(app, store.db, convert.repId).get(`${API}/reps/${convert.repId}/targets?period=2017-08&at=${at.toISOString()}`);
    expect(res.statusCode, res.body).toBe(200);
    const expected = computeTargets({ repId: convert.repId, period: parsePeriod("2017-08"), at, quota: 10_000, opportunities: [], activities: logged, stageOrder: STAGE_ORDER });
    // Day granularity (a day's count sits at its midnight) cannot move these: none is near a window edge's day.
    expect(expected.working.inputs.proactiveActivitiesInWindow).toBe(3);
    expect(res.json().working.inputs.proactiveActivitiesInWindow).toBe(3);
    expect(res.json().proactiveActivities).toBe(expected.proactiveActivities);
  });

  it("reproduces the worked example (28) once a manager pins the Proposal win rate", async () => {
    const m2 = as(app, store.db, org.users.m2);
    const bad = await m2.put(`${API}/teams/${funnel.teamId}/settings/stageWinRates`, { Proposal: 1.5 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe("value.Proposal");
    expect((await m2.put(`${API}/teams/${funnel.teamId}/settings/stageWinRates`, { Closing: 0.5 })).statusCode).toBe(400);
    expect((await as(app, store.db, org.users.m1).put(`${API}/teams/${funnel.teamId}/settings/stageWinRates`, { Proposal: 0.5 })).statusCode).toBe(403);
    expect((await as(app, store.db, funnel.repId).put(`${API}/teams/${funnel.teamId}/settings/stageWinRates`, { Proposal: 0.5 })).statusCode).toBe(403);

    const put = await m2.put(`${API}/teams/${funnel.teamId}/settings/stageWinRates`, { Proposal: 0.5 });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ key: "stageWinRates", value: { Proposal: 0.5 }, source: "team" });
    const [audit] = await query<{ n: number }>(store.db, sql`select count(*)::int as n from audit_log where entity = 'team_settings' and entity_id = ${`${funnel.teamId}:stageWinRates`}`);
    expect(Number(audit!.n)).toBe(1);

    const t = (await as(app, store.db, funnel.repId).get(`${API}/reps/${funnel.repId}/targets?period=2017-Q3&at=2017-08-15`)).json();
    expect(t).toMatchObject({ quota: 120_000, won: 30_000, expectedFromPipeline: 20_000, gap: 70_000, winRate: 0.25, averageWonDeal: 10_000, newOpportunitiesNeeded: 28 });
    expect(t.working.lines.join("\n")).toMatch(/70,000 ÷ \(25% .* 10,000\) = 28|= 28/);
  });

  it("raises an alert on the first day the domain says the rep is behind, idempotently, visible to the manager after the grace period", async () => {
    const period = parsePeriod("2017-08");
    const days = pacingHistory(
      { repId: pace.repId, period, quota: 30_000, opportunities: paceFacts, activities: [], stageOrder: STAGE_ORDER },
      { to: new Date("2017-08-31T00:00:00Z") },
    );
    const first = firstDayBehind(days);
    expect(first).not.toBeNull();
    expect(first! > "2017-08-01").toBe(true); // on track at first: the alert has a real day to find
    const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY - 1000);
    const alertsOf = async () =>
      query<{ day: string; status: string; visible: Date }>(
        store.db,
        sql`select to_char(day, 'YYYY-MM-DD') as day, status, visible_to_manager_at as visible from pacing_alerts where rep_id = ${pace.repId}`,
      );

    const dayBefore = new Date(Date.parse(`${first}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
    await raisePacingAlerts(store.db, endOf(dayBefore));
    expect(await alertsOf()).toEqual([]);
    const run = await raisePacingAlerts(store.db, endOf(first!));
    expect(run.raised).toBeGreaterThanOrEqual(1);
    await raisePacingAlerts(store.db, endOf(first!));
    const raised = await alertsOf();
    expect(raised.map((a) => a.day)).toEqual([first]);
    expect(new Date(raised[0]!.visible).getTime()).toBe(endOf(first!).getTime() + 2 * DAY);

    // The next day: still behind, nothing new.
    const next = new Date(Date.parse(`${first}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    await raisePacingAlerts(store.db, endOf(next));
    expect((await alertsOf()).length).toBeLessThanOrEqual(2); // at most an escalation behind → at-risk
    expect((await alertsOf()).filter((a) => a.status === raised[0]!.status)).toHaveLength(1);

    clock = endOf(next).getTime();
    const rep = as(app, store.db, pace.repId);
    const mine = (await rep.get(`${API}/reps/${pace.repId}/alerts`)).json().alerts;
    expect(mine.length).toBeGreaterThanOrEqual(1);
    const m1 = as(app, store.db, org.users.m1);
    expect((await m1.get(`${API}/teams/${pace.teamId}/alerts`)).json().alerts).toEqual([]);
    expect((await m1.get(`${API}/reps/${pace.repId}/alerts`)).json().alerts).toEqual([]);
    clock = endOf(first!).getTime() + 2 * DAY;
    const seen = (await m1.get(`${API}/teams/${pace.teamId}/alerts`)).json().alerts;
    expect(seen.map((a: { day: string; repName: string }) => [a.day, a.repName])).toContainEqual([first, "pr"]);
    // The parent team's manager sees it through the sub-team too.
    expect((await m1.get(`${API}/teams/${org.teams.east}/alerts`)).json().alerts.length).toBeGreaterThanOrEqual(1);
  });

  it("answers a team's pacing in one request: each line is the rep's own targets' status, or no quota", async () => {
    type Line = { repId: number; name: string; quota: number | null; status: string | null; statusReason: string };
    const m1 = as(app, store.db, org.users.m1);
    for (const [viewer, teamId, period, at] of [
      [m1, org.teams.east, "2017-08", "2017-08-20"],
      [as(app, store.db, org.users.m2), funnel.teamId, "2017-Q3", "2017-08-15"],
    ] as const) {
      const res = await viewer.get(`${API}/teams/${teamId}/pacing?period=${period}&at=${at}`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as { teamId: number; period: string; at: string; reps: Line[] };
      expect(body).toMatchObject({ teamId, period, at: new Date(`${at}T00:00:00Z`).toISOString() });
      // The same reps as the team's scorecard, each as their own targets say.
      const card = (await viewer.get(`${API}/teams/${teamId}/scorecard?period=${period}`)).json() as { reps: { repId: number }[] };
      expect(body.reps.map((r) => r.repId).sort()).toEqual(card.reps.map((r) => r.repId).sort());
      expect(body.reps.some((r) => r.status !== null)).toBe(true);
      for (const line of body.reps) {
        const own = await viewer.get(`${API}/reps/${line.repId}/targets?period=${period}&at=${at}`);
        if (line.status === null) {
          expect(own.statusCode, line.name).toBe(404);
          expect(line).toMatchObject({ quota: null, statusReason: `No quota for ${period}` });
        } else {
          expect(own.statusCode, own.body).toBe(200);
          expect(line).toEqual({ repId: line.repId, name: own.json().repName, quota: own.json().quota, status: own.json().status, statusReason: own.json().statusReason });
        }
      }
    }
    // The pace rep's line is there (behind or not, it has a quota) and is all a rep sees.
    const east = (await m1.get(`${API}/teams/${org.teams.east}/pacing?period=2017-08&at=2017-08-20`)).json() as { reps: Line[] };
    expect(east.reps.find((r) => r.repId === pace.repId)).toMatchObject({ name: "pr", quota: 30_000 });
    const own = (await as(app, store.db, pace.repId).get(`${API}/teams/${pace.teamId}/pacing?period=2017-08&at=2017-08-20`)).json() as { reps: Line[] };
    expect(own.reps.map((r) => r.repId)).toEqual([pace.repId]);
    expect((await as(app, store.db, org.users.m2).get(`${API}/teams/${org.teams.east}/pacing`)).statusCode).toBe(403);
    const outside = await m1.get(`${API}/teams/${org.teams.east}/pacing?period=2017-08&at=2017-09-02`);
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.fields[0].field).toBe("at");
  });

  it("keeps targets and alerts to those allowed to see them", async () => {
    const other = as(app, store.db, org.users.r1);
    expect((await other.get(`${API}/reps/${funnel.repId}/targets?period=2017-Q3&at=2017-08-15`)).statusCode).toBe(403);
    expect((await other.get(`${API}/reps/${pace.repId}/alerts`)).statusCode).toBe(403);
    const m2 = as(app, store.db, org.users.m2);
    expect((await m2.get(`${API}/teams/${pace.teamId}/alerts`)).statusCode).toBe(403);
    expect((await m2.get(`${API}/teams/${org.teams.east}/scorecard`)).statusCode).toBe(403);
    expect((await m2.get(`${API}/reps/${pace.repId}/kpis?period=2017-08`)).statusCode).toBe(403);
    expect((await m2.get(`${API}/reps/${funnel.repId}/targets?period=2017-Q3&at=2017-08-15`)).statusCode).toBe(200);
    expect((await m2.get(`${API}/reps/${funnel.repId}/targets?period=2017-Q3&at=2017-11-01`)).statusCode).toBe(400);
    expect((await m2.get(`${API}/reps/${funnel.repId}/targets?period=2017-Q5`)).statusCode).toBe(400);
    expect((await other.get(`${API}/leadership?period=2017-Q3`)).statusCode).toBe(403);
    const lead = (await m2.get(`${API}/leadership?period=2017-Q3`)).json();
    expect(lead.rows.every((r: { managerId: number }) => r.managerId === org.users.m2)).toBe(true);
    const funnelRow = lead.rows.find((r: { teamName: string }) => r.teamName === "Funnel");
    expect(funnelRow).toMatchObject({ target: 120_000, won: 30_000, attainment: 0.25 });
  });
});
