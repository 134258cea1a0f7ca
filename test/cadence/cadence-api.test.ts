/**
 * The proactive cadence over the API, on both stores, with a frozen (and advanced) clock:
 * preemptive vs requested updates (stored at write time, equal to the domain's recomputation),
 * promise expiry, stale nudges then escalation (both moments stored), the coaching queue's
 * agenda, holding a 1:1 with commitments, adherence, privacy, CSV import of updates and
 * requests, the iCalendar feed and the KPI fields.
 */
import ICAL from "ical.js";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importCsv } from "../../src/import/index.js";
import { coachingQueueSchema, oneOnOneSchema, teamCadenceSchema, updateViewSchema, weekSchema } from "../../src/schemas/cadence.js";
import { kpisSchema, leadershipSchema } from "../../src/schemas/performance.js";
import { reclassify } from "../../src/store/cadence/updates.js";
import { refreshStaleDeals } from "../../src/store/cadence/stale.js";
import { query, type Store } from "../../src/store/db.js";
import { NOW, seedOrg, testApp, type Org } from "../api/fixtures.js";
import { as } from "../activity/helpers.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { addCadenceOpps } from "./fixtures.js";

const API = "/api/v1";
const MINUTE = 60_000;
const DAY = 86_400_000;

describe.each(STORE_KINDS)("the proactive cadence on %s", (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let org: Org;
  let clock = NOW.getTime(); // Wednesday 2026-03-18 12:00 UTC
  const tick = (ms = MINUTE) => (clock += ms);

  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedOrg(store.db);
    const { r1, r3 } = org.users;
    await addCadenceOpps(store.db, [
      // Fresh, early stage, no next step and no plan: agenda hygiene items.
      { externalId: "OPP-U1", ownerId: r1, stage: "Discovery", valueCents: 2_000_000, createdOn: "2026-03-17T00:00:00Z" },
      // Untouched since 1 March, early stage (14 days): stale since 15 March.
      { externalId: "OPP-S", ownerId: r1, stage: "Qualification", valueCents: 500_000, createdOn: "2026-03-01T00:00:00Z", nextStep: "call", mutualActionPlan: "plan" },
      // A maverick discount.
      { externalId: "OPP-D", ownerId: r1, stage: "Engaging", valueCents: 9_000_000, createdOn: "2026-03-16T00:00:00Z", discountPct: 25, nextStep: "demo", mutualActionPlan: "plan", strategy: "s" },
      { externalId: "OPP-W", ownerId: r3, stage: "Prospecting", createdOn: "2026-03-10T00:00:00Z" },
    ]);
    app = await testApp(store, { clock: () => clock });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("classifies updates as preemptive or requested when written, as the domain recomputes them", async () => {
    const { r1, m1, admin } = org.users;
    const rep = as(app, store.db, r1);
    const first = updateViewSchema.parse((await rep.post(`${API}/updates`, { subject: "OPP-U1", text: "Discovery call booked", performatives: ["assertion"] })).json());
    expect(first.preemptive).toBe(true);

    tick();
    const asked = await as(app, store.db, m1).post(`${API}/requests`, { rep: r1, subject: "OPP-U1", text: "Where are we?" });
    expect(asked.statusCode, asked.body).toBe(201);
    const requestId = asked.json().id as number;
    const weekBefore = weekSchema.parse((await rep.get(`${API}/reps/${r1}/week`)).json());
    expect(weekBefore.openRequests.map((r) => r.id)).toEqual([requestId]);
    // What an update or a request can be about: the rep's open deals, largest first (all early here), in major units.
    expect(weekBefore.openDeals.map((d) => [d.externalId, d.phase, d.value])).toEqual([
      ["OPP-D", "early", 90_000],
      ["OPP-U1", "early", 20_000],
      ["OPP-S", "early", 5_000],
    ]);

    tick();
    const answer = updateViewSchema.parse((await rep.post(`${API}/updates`, { subject: "opp-u1".toUpperCase(), text: "Sent the summary", performatives: ["assertion", "declaration"] })).json());
    expect(answer).toMatchObject({ preemptive: false, answered: [requestId] });

    tick();
    const week = updateViewSchema.parse((await rep.post(`${API}/updates`, { subject: "REP", text: "Plan for the week", performatives: ["declaration"] })).json());
    expect(week).toMatchObject({ subject: "rep", preemptive: true });

    const after = weekSchema.parse((await rep.get(`${API}/reps/${r1}/week`)).json());
    expect(after.openRequests).toEqual([]);
    expect(after.updates.map((u) => u.preemptive)).toEqual([true, false, true]); // newest first
    expect(after.preemptive).toEqual({ updates: 3, preemptive: 2, ratio: 2 / 3 });

    // Stored at write time = the domain's classification of the whole history.
    expect(await reclassify(store.db, [r1])).toEqual({ updates: 0, requests: 0 });

    const report = teamCadenceSchema.parse((await as(app, store.db, admin).get(`${API}/teams/${org.teams.east}/cadence?period=2026-03`)).json());
    expect(report.preemptive.reps.find((r) => r.repId === r1)).toMatchObject({ updates: 3, preemptive: 2 });
    expect(report.preemptive.trend.find((w) => w.weekStart === "2026-03-16")).toMatchObject({ updates: 3, preemptive: 2 });

    // A subject that is not the rep's deal, and a request from a rep, are refused.
    expect((await rep.post(`${API}/updates`, { subject: "OPP-W", performatives: ["assertion"] })).statusCode).toBe(400);
    expect((await rep.post(`${API}/updates`, { subject: "rep", performatives: ["promise"] })).statusCode).toBe(400);
    expect((await as(app, store.db, org.users.r2).post(`${API}/requests`, { rep: r1, subject: "rep" })).statusCode).toBe(403);
  });

  it("keeps promises open until their day ends, then counts them broken unless marked kept", async () => {
    const { r1, r2 } = org.users;
    const rep = as(app, store.db, r1);
    tick();
    const lapsing = (await rep.post(`${API}/updates`, { subject: "rep", text: "Send the pricing", performatives: ["promise"], promiseDue: "2026-03-18" })).json();
    const kept = (await rep.post(`${API}/updates`, { subject: "OPP-U1", text: "Book the demo", performatives: ["promise", "assertion"], promiseDue: "2026-03-20" })).json();
    expect(lapsing.promise.state).toBe("open");

    expect((await as(app, store.db, r2).post(`${API}/promises/${kept.promise.id}/kept`, {})).statusCode).toBe(403);
    const marked = await rep.post(`${API}/promises/${kept.promise.id}/kept`, {});
    expect(marked.json()).toMatchObject({ state: "kept", kept: true });
    expect((await rep.post(`${API}/promises/${kept.promise.id}/broken`, {})).statusCode).toBe(409);

    const saved = clock;
    clock = Date.parse("2026-03-18T23:59:59.999Z");
    expect(weekSchema.parse((await rep.get(`${API}/reps/${r1}/week`)).json()).promises.open.map((p) => p.id)).toContain(lapsing.promise.id);
    clock = Date.parse("2026-03-19T00:00:00Z");
    const week = weekSchema.parse((await rep.get(`${API}/reps/${r1}/week`)).json());
    expect(week.promises.broken.map((p) => [p.id, p.brokeAt])).toEqual([[lapsing.promise.id, "2026-03-19T00:00:00.000Z"]]);
    expect(week.promises.kept.map((p) => p.id)).toEqual([kept.promise.id]);
    clock = saved;
  });

  it("nudges the rep first and escalates to the manager after the grace period, storing both moments", async () => {
    const { r1, m1 } = org.users;
    const first = await refreshStaleDeals(store.db, new Date(clock));
    expect(first).toMatchObject({ nudged: 1, escalated: 0 });
    expect((await refreshStaleDeals(store.db, new Date(clock))).nudged).toBe(0); // idempotent

    const repWeek = weekSchema.parse((await as(app, store.db, r1).get(`${API}/reps/${r1}/week`)).json());
    expect(repWeek.staleNudges.map((n) => [n.externalId, n.staleSince, n.escalatedAt])).toEqual([["OPP-S", "2026-03-15T00:00:00.000Z", null]]);
    const manager = as(app, store.db, m1);
    expect((await manager.get(`${API}/teams/${org.teams.east}/stale`)).json().nudges).toEqual([]);
    expect(weekSchema.parse((await manager.get(`${API}/reps/${r1}/week`)).json()).staleNudges).toEqual([]);

    // Grace: 3 days from when the rep was told (18 March 12:00), later than staleSince + 3.
    const nudgedAt = clock;
    const escalateAt = nudgedAt + 3 * DAY;
    expect((await refreshStaleDeals(store.db, new Date(escalateAt - 1))).escalated).toBe(0);
    expect((await refreshStaleDeals(store.db, new Date(escalateAt))).escalated).toBe(1);
    const saved = clock;
    clock = escalateAt;
    const seen = (await manager.get(`${API}/teams/${org.teams.east}/stale`)).json().nudges;
    expect(seen.map((n: { externalId: string; nudgedRepAt: string; escalatedAt: string }) => [n.externalId, n.nudgedRepAt, n.escalatedAt])).toEqual([
      ["OPP-S", new Date(nudgedAt).toISOString(), new Date(escalateAt).toISOString()],
    ]);
    const outbox = await query<{ kind: string; recipients: number[] }>(store.db, sql`select kind, payload->'recipients' as recipients from outbox where kind like 'stale.%' order by id`);
    expect(outbox).toEqual([
      { kind: "stale.nudged", recipients: [r1] },
      { kind: "stale.escalated", recipients: [m1] },
    ]);
    // An update on the deal resolves it.
    await as(app, store.db, r1).post(`${API}/updates`, { subject: "OPP-S", text: "Called them", performatives: ["assertion"] });
    expect(await refreshStaleDeals(store.db, new Date(clock))).toMatchObject({ resolved: 1, stale: 0 });
    clock = saved;
  });

  it("builds the coaching queue with agendas, holds a 1:1 with commitments, and measures adherence", async () => {
    const { r1, m1, m2, r2, admin } = org.users;
    const manager = as(app, store.db, m1);
    expect((await as(app, store.db, m2).put(`${API}/reps/${r1}/one-on-one-schedule`, { weekday: 4, time: "10:00" })).statusCode).toBe(403);
    const put = await manager.put(`${API}/reps/${r1}/one-on-one-schedule`, { weekday: 4, time: "10:00", timeZone: "Europe/Paris", startsOn: "2026-03-01" });
    expect(put.statusCode, put.body).toBe(200);

    const queue = coachingQueueSchema.parse((await manager.get(`${API}/managers/${m1}/coaching-queue?days=14`)).json());
    expect(queue.meetings.map((m) => m.scheduledFor)).toEqual(["2026-03-19T09:00:00.000Z", "2026-03-26T09:00:00.000Z"]);
    const agenda = queue.meetings[0]!.agenda;
    const items = agenda.items.map((i) => [i.kind, i.opportunity?.externalId ?? null]);
    expect(items).toContainEqual(["maverick-discount", "OPP-D"]);
    expect(items).toContainEqual(["no-next-step", "OPP-U1"]);
    expect(items).toContainEqual(["no-mutual-action-plan", "OPP-U1"]);
    // The promise due today is still open; the other one was marked kept.
    expect(agenda.items.filter((i) => i.kind === "open-promise").map((i) => i.title)).toEqual(["Promise due 2026-03-18"]);
    expect(agenda.items.map((i) => i.priority)).toEqual([...agenda.items.map((i) => i.priority)].sort((a, b) => a - b));
    expect((await as(app, store.db, m2).get(`${API}/managers/${m1}/coaching-queue`)).statusCode).toBe(403);

    const id = queue.meetings[0]!.id;
    // Before it is held, the 1:1 carries the agenda as it stands now: the manager runs it from there.
    const upcoming = oneOnOneSchema.parse((await manager.get(`${API}/one-on-ones/${id}`)).json());
    expect(upcoming).toMatchObject({ heldAt: null, notes: null });
    expect(upcoming.agenda?.items.map((i) => i.key)).toEqual(agenda.items.map((i) => i.key));
    const saved = clock;
    clock = Date.parse("2026-03-19T09:30:00Z");
    const held = await manager.post(`${API}/one-on-ones/${id}/hold`, {
      notes: "Private: worried about OPP-D's discount",
      decisions: "Re-qualify OPP-D",
      commitments: [{ text: "Write the OPP-D strategy", due: "2026-03-24" }],
    });
    expect(held.statusCode, held.body).toBe(200);
    const meeting = oneOnOneSchema.parse(held.json());
    expect(meeting.heldAt).toBe("2026-03-19T09:30:00.000Z");
    expect(meeting.agenda?.items.length).toBeGreaterThan(0);
    expect(meeting.commitments).toMatchObject([{ repId: r1, oneOnOneId: id, due: "2026-03-24", state: "open", text: "Write the OPP-D strategy" }]);
    expect((await manager.post(`${API}/one-on-ones/${id}/hold`, {})).statusCode).toBe(409);

    // The commitment is the rep's promise: in their week and on the next agenda.
    const week = weekSchema.parse((await as(app, store.db, r1).get(`${API}/reps/${r1}/week`)).json());
    expect(week.promises.open.map((p) => p.oneOnOneId)).toContain(id);

    // Privacy of the record: the rep and their manager read it, another rep or manager does not.
    expect((await as(app, store.db, r1).get(`${API}/one-on-ones/${id}`)).json().notes).toMatch(/Private/);
    expect((await as(app, store.db, r2).get(`${API}/one-on-ones/${id}`)).statusCode).toBe(403);
    expect((await as(app, store.db, m2).get(`${API}/one-on-ones/${id}`)).statusCode).toBe(403);
    expect((await as(app, store.db, r2).get(`${API}/reps/${r1}/week`)).statusCode).toBe(403);
    expect((await as(app, store.db, r2).get(`${API}/reps/${r1}/one-on-ones`)).statusCode).toBe(403);

    // Adherence: Thursdays 5 and 12 March were missed, 19 March held on time.
    const report = teamCadenceSchema.parse((await as(app, store.db, admin).get(`${API}/teams/${org.teams.east}/cadence?period=2026-03`)).json());
    expect(report.adherence).toEqual([
      expect.objectContaining({ managerId: m1, scheduled: 3, onTime: 1, rate: 1 / 3, currentStreak: 1, longestStreak: 1, flagged: true }),
    ]);
    expect(report.flaggedManagers.map((f) => f.managerId)).toEqual([m1]);
    // The leadership view flags the same manager, with the same numbers.
    const lead = leadershipSchema.parse((await as(app, store.db, admin).get(`${API}/leadership?period=2026-03`)).json());
    const m1Rows = lead.rows.filter((r) => r.managerId === m1);
    expect(m1Rows.length).toBeGreaterThan(0);
    for (const row of m1Rows) expect(row.cadence).toMatchObject({ scheduled: 3, onTime: 1, rate: 1 / 3, currentStreak: 1, flagged: true });
    expect(lead.rows.filter((r) => r.managerId !== m1).every((r) => r.cadence.scheduled === 0 && !r.cadence.flagged)).toBe(true);
    expect((await as(app, store.db, m2).get(`${API}/teams/${org.teams.east}/cadence`)).statusCode).toBe(403);
    expect((await as(app, store.db, r1).get(`${API}/teams/${org.teams.east}/cadence`)).statusCode).toBe(403);

    // On 22 March: after the update of 21 March that answered the stale nudge, before the next 1:1.
    clock = Date.parse("2026-03-22T12:00:00Z");
    const kpis = kpisSchema.parse((await manager.get(`${API}/reps/${m1}/kpis?period=2026-03`)).json());
    expect(kpis.cadenceAdherence).toBeCloseTo(1 / 3);
    const repKpis = kpisSchema.parse((await as(app, store.db, r1).get(`${API}/reps/${r1}/kpis?period=2026-03`)).json());
    expect(repKpis).toMatchObject({ updates: 6, requests: 1, promisesKept: 1, promisesBroken: 1, promisesOpen: 1, cadenceAdherence: null });
    expect(repKpis.preemptiveRatio).toBeCloseTo(5 / 6);
    clock = saved;
  });

  it("serves the manager's 1:1s as an iCalendar feed that ical.js parses", async () => {
    const { m1, r1 } = org.users;
    const res = await as(app, store.db, m1).get(`${API}/managers/${m1}/cadence.ics`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual(["1:1 — r1"]);
    expect(events[0]!.uid).toBe(`one-on-one-${m1}-${r1}@proactive`);
    const rule = events[0]!.component.getFirstPropertyValue("rrule") as ICAL.Recur;
    expect(rule.freq).toBe("WEEKLY");
    expect((await as(app, store.db, r1).get(`${API}/managers/${m1}/cadence.ics`)).statusCode).toBe(403);
  });

  it("imports updates and requests from CSV, reports a bad row by line and field, and re-runs without changes", async () => {
    const { r3 } = org.users;
    const updatesCsv = [
      "externalId,rep,subject,at,text,performatives,promiseDue,promiseKept",
      "U-1,r3,rep,2026-03-02T10:00:00Z,Week plan,assertion;Promise,2026-03-06,true",
      "U-2,r3,OPP-W,2026-03-03,,assertion,,",
      "U-3,nobody,rep,2026-03-03,,assertion,,",
      "U-4,r3,rep,2026-03-04,,promise,,",
      "U-5,r3,OPP-NONE,2026-03-04,,assertion,,",
    ].join("\n");
    const report = await importCsv(store.db, "updates", updatesCsv);
    expect(report).toMatchObject({ read: 5, created: 2, rejected: 3 });
    expect(report.errors.map((e) => [e.line, e.field])).toEqual([
      [4, "rep"],
      [5, "promiseDue"],
      [6, "subject"],
    ]);
    const requests = await importCsv(store.db, "requests", ["externalId,manager,rep,subject,at,text", "R-1,m2,r3,OPP-W,2026-03-02T09:00:00Z,Where is it?", "R-2,m2,r3,rep,2026-03-05,Your week?"].join("\n"));
    expect(requests).toMatchObject({ created: 2, rejected: 0 });

    // The request on OPP-W was answered by U-2 (not preemptive); U-1 came before any request on the week.
    const rows = await query<{ external_id: string; preemptive: boolean }>(store.db, sql`select external_id, preemptive from updates where rep_id = ${r3} order by external_id`);
    expect(rows).toEqual([
      { external_id: "U-1", preemptive: true },
      { external_id: "U-2", preemptive: false },
    ]);
    const again = await importCsv(store.db, "updates", updatesCsv);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 3 });
    const week = weekSchema.parse((await as(app, store.db, r3).get(`${API}/reps/${r3}/week?week=2026-03-02`)).json());
    expect(week.preemptive).toEqual({ updates: 2, preemptive: 1, ratio: 0.5 });
    expect(week.promises.kept.map((p) => p.due)).toEqual(["2026-03-06"]);
    expect(week.openRequests.map((r) => r.externalId)).toEqual(["R-2"]);
  });
});
