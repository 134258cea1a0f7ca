import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createApiToken } from "../src/auth/tokens.js";
import { decisionListSchema, decisionSchema, nextLeadSchema, previewResponseSchema, routingSettingsResponseSchema } from "../src/schemas/routing.js";
import { query, sql, type Store } from "../src/store/db.js";
import { rerouteOverdueLeads } from "../src/store/routing/index.js";
import { products } from "../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "./support/stores.js";
import { NOW, seedOrg, sessionCookie, testApp, type Org } from "./api/fixtures.js";

describe.each(STORE_KINDS)("lead routing API on %s", (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let org: Org;
  let m1Token: string;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedOrg(store.db);
    await store.db.insert(products).values({ name: "GTX Pro" });
    app = await testApp(store);
    for (const [name, id] of Object.entries(org.users)) cookies.set(name, await sessionCookie(store.db, id));
    m1Token = (await createApiToken(store.db, org.users.m1, "crm")).token;
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const as = (who: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) =>
    app.inject({ method, url, payload: payload as never, headers: { cookie: cookies.get(who)!, "x-proactive-csrf": "1" } });

  it("routes a lead posted with a manager's API token and returns the first decision on a re-post", async () => {
    const body = { externalId: "L-1", team: "East", product: "GTX Pro", region: "EMEA", value: 12_000 };
    const first = await app.inject({ method: "POST", url: "/api/v1/leads", payload: body, headers: { authorization: `Bearer ${m1Token}` } });
    expect(first.statusCode, first.body).toBe(201);
    const decision = decisionSchema.parse(first.json());
    // East's reps: r1 available, r2 out of office, r6 inactive; the manager m1 is not routed leads.
    expect(decision).toMatchObject({ lead: "L-1", assignee: "r1", policy: "equilibrium", settingsVersion: 0, decidedAt: NOW.toISOString() });
    expect(decision.candidates.map((c) => [c.rep, c.excluded])).toEqual([
      ["r1", null],
      ["r2", "out of office until 2026-03-19 12:00 UTC"],
      ["r6", "inactive"],
    ]);
    const again = await as("m1", "POST", "/api/v1/leads", { ...body, arrivedAt: "2026-03-19T00:00:00Z" });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
  });

  it("names the field of a validation error", async () => {
    const unknown = await as("admin", "POST", "/api/v1/leads", { externalId: "L-x", team: "East", product: "Nope" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields).toEqual([{ field: "product", reason: 'unknown product "Nope"' }]);
    const bulk = await as("admin", "POST", "/api/v1/leads/bulk", [{ externalId: "B-1", team: "East" }, { team: "East" }]);
    expect(bulk.statusCode).toBe(400);
    expect(bulk.json().error.fields.map((f: { field: string }) => f.field)).toEqual(["1.externalId"]);
  });

  it("routes a bulk post in arrivedAt order", async () => {
    const res = await as("admin", "POST", "/api/v1/leads/bulk", [
      { externalId: "B-2", team: "West", arrivedAt: "2026-03-18T11:00:00Z" },
      { externalId: "B-1", team: "West", arrivedAt: "2026-03-18T10:00:00Z" },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(decisionListSchema.parse(res.json()).decisions.map((d) => d.lead)).toEqual(["B-1", "B-2"]);
  });

  it("lets reps read their own team's feed, not another team's, and not post leads or change settings", async () => {
    const feed = await as("r1", "GET", `/api/v1/teams/${org.teams.east}/lead-feed?limit=5`);
    expect(feed.statusCode).toBe(200);
    expect(decisionListSchema.parse(feed.json()).decisions[0]).toMatchObject({ lead: "L-1", assignee: "r1" });
    expect((await as("r1", "GET", `/api/v1/teams/${org.teams.west}/lead-feed`)).statusCode).toBe(403);
    expect((await as("r3", "GET", `/api/v1/teams/${org.teams.west}/lead-feed`)).json().decisions.map((d: { lead: string }) => d.lead)).toEqual(["B-2", "B-1"]);
    expect((await as("r1", "POST", "/api/v1/leads", { externalId: "L-r", team: "East" })).statusCode).toBe(403);
    expect((await as("m2", "POST", "/api/v1/leads", { externalId: "L-m2", team: "East" })).statusCode).toBe(403);
    expect((await as("m1", "POST", "/api/v1/leads", { externalId: "L-org" })).statusCode).toBe(403);
    expect((await as("r1", "PUT", `/api/v1/teams/${org.teams.east}/routing-settings`, { policy: "milk-round" })).statusCode).toBe(403);
    expect((await as("r1", "GET", `/api/v1/teams/${org.teams.east}/routing-settings`)).statusCode).toBe(403);
  });

  it("versions settings per team, audits the change and records the version in decisions", async () => {
    const url = `/api/v1/teams/${org.teams.east}/routing-settings`;
    const initial = routingSettingsResponseSchema.parse((await as("m1", "GET", url)).json());
    expect(initial).toMatchObject({ version: 0, policy: "equilibrium", createdAt: null });
    const bad = await as("m1", "PUT", url, { policy: "milk-round", params: { meritWeight: 2 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe("params.meritWeight");
    const put = await as("m1", "PUT", url, { policy: "top-performer", params: { smoothingK: 8 } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ version: 1, policy: "top-performer", params: { smoothingK: 8, slaHours: 24 } });
    const audit = await query<{ actor_id: number }>(store.db, sql`select actor_id from audit_log where action = 'routing-settings'`);
    expect(audit.map((a) => Number(a.actor_id))).toEqual([org.users.m1]);
    const lead = await as("m1", "POST", "/api/v1/leads", { externalId: "L-2", teamId: org.teams.east });
    expect(lead.json()).toMatchObject({ settingsVersion: 1, policy: "top-performer" });
    expect(lead.json().T).toBeNull();
  });

  it("tells a rep what would have won them recent leads, visible to them, their manager and admins", async () => {
    const own = await as("r1", "GET", `/api/v1/reps/${org.users.r1}/next-lead`);
    expect(own.statusCode).toBe(200);
    const body = nextLeadSchema.parse(own.json());
    expect(body.leads.map((l) => l.outcome)).toEqual(["won", "won"]);
    const r2 = nextLeadSchema.parse((await as("m1", "GET", `/api/v1/reps/${org.users.r2}/next-lead`)).json());
    expect(r2.leads[0]).toMatchObject({
      outcome: "excluded",
      message: "You were not eligible: out of office until 2026-03-19 12:00 UTC.",
      reason: "out of office until 2026-03-19 12:00 UTC",
      product: null,
    });
    expect(r2.leads[1]).toMatchObject({ lead: "L-1", product: "GTX Pro", reason: "out of office until 2026-03-19 12:00 UTC" });
    expect(body.leads.every((l) => l.reason === null)).toBe(true);
    expect((await as("r1", "GET", `/api/v1/reps/${org.users.r2}/next-lead`)).statusCode).toBe(403);
    expect((await as("admin", "GET", `/api/v1/reps/${org.users.r3}/next-lead`)).statusCode).toBe(200);
  });

  it("previews a policy for a manager without changing anything", async () => {
    const before = await query<{ n: string }>(store.db, sql`select (select count(*) from routing_decisions) + (select count(*) from audit_log) as n`);
    const res = await as("m2", "POST", `/api/v1/teams/${org.teams.west}/routing-preview`, { policy: "milk-round", lastN: 10 });
    expect(res.statusCode, res.body).toBe(200);
    const preview = previewResponseSchema.parse(res.json());
    expect(preview.leads.map((l) => [l.lead, l.preview])).toEqual([
      ["B-1", "r3"],
      ["B-2", "r5"],
    ]);
    expect(preview.summary.leads).toBe(2);
    const after = await query<{ n: string }>(store.db, sql`select (select count(*) from routing_decisions) + (select count(*) from audit_log) as n`);
    expect(after).toEqual(before);
    expect((await as("m1", "POST", `/api/v1/teams/${org.teams.west}/routing-preview`, { policy: "milk-round" })).statusCode).toBe(403);
  });

  it("gives the feed the counts behind each rep's numbers, and links an SLA re-route to the decision it replaces", async () => {
    const east = decisionListSchema.parse((await as("r1", "GET", `/api/v1/teams/${org.teams.east}/lead-feed`)).json()).decisions;
    const l1 = east.find((d) => d.lead === "L-1")!;
    expect(l1.basis).toEqual({
      similarity: "GTX Pro",
      pTeam: 0.5,
      targetSource: "percentile",
      eligibleCount: 1,
      meritWeight: 0.5,
      smoothingK: 5,
      meritWindowDays: 365,
      activityWindowDays: 14,
      recentLeadsWindowDays: 30,
    });
    expect(l1.candidates.find((c) => c.rep === "r1")!.counts).toEqual({
      winsSimilar: 0,
      closedSimilar: 0,
      winsAll: 0,
      closedAll: 0,
      pointsRank: 1,
      leadsRecent: 0,
      openLeads: 0,
    });
    expect(l1.candidates.find((c) => c.rep === "r2")!.counts?.pointsRank).toBeNull();
    expect(l1).not.toHaveProperty("previousAssignee");

    // Nobody touched West's leads: a day later the sweep hands each to the other rep.
    await rerouteOverdueLeads(store.db, new Date(NOW.getTime() + 25 * 3_600_000));
    const west = decisionListSchema.parse((await as("r3", "GET", `/api/v1/teams/${org.teams.west}/lead-feed`)).json()).decisions;
    const reroutes = west.filter((d) => d.kind === "sla-reroute");
    expect(reroutes.map((d) => d.lead).sort()).toEqual(["B-1", "B-2"]);
    for (const reroute of reroutes) {
      const original = west.find((d) => d.id === reroute.previousDecisionId)!;
      expect(original).toMatchObject({ lead: reroute.lead, kind: "initial" });
      expect(reroute.previousAssignee).toBe(original.assignee);
      expect(reroute.assignee).not.toBe(original.assignee);
    }
  });

  // Last: the SLA sweep of the test above would re-route this organisation-wide lead.
  it("answers a feed page with only the candidates a card shows, and one decision with every rep", async () => {
    // Organisation-wide: all six reps weighed; r2 (out of office) and r6 (inactive) excluded, four eligible.
    const posted = decisionSchema.parse((await as("admin", "POST", "/api/v1/leads", { externalId: "ORG-1", product: "GTX Pro" })).json());
    expect(posted.candidates.filter((c) => c.excluded === null)).toHaveLength(4);
    const teamOf = new Map([[org.users.r1, org.teams.east], [org.users.r3, org.teams.west], [org.users.r4, org.teams.eastSub], [org.users.r5, org.teams.west]]);
    const team = teamOf.get(posted.assigneeId!)!;
    const member = posted.assignee!;
    const feedUrl = `/api/v1/teams/${team}/lead-feed`;
    const full = decisionListSchema.parse((await as(member, "GET", feedUrl)).json()).decisions.find((d) => d.id === posted.id)!;
    expect(full.candidates.map((c) => c.rep)).toEqual(posted.candidates.map((c) => c.rep));
    expect(full.candidateCount).toBe(6);

    const summary = decisionListSchema.parse((await as(member, "GET", `${feedUrl}?candidates=summary`)).json()).decisions.find((d) => d.id === posted.id)!;
    const shown = full.candidates.filter((c) => c.rank === 1 || c.rank === 2 || c.excluded !== null);
    expect(shown.map((c) => c.rep)).toHaveLength(4);
    expect(summary).toEqual({ ...full, candidates: shown });

    const one = await as(member, "GET", `${feedUrl}/${posted.id}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(decisionSchema.parse(one.json())).toEqual(full);
    // Only through a feed that holds it, and only for those who may read that feed.
    const otherTeam = team === org.teams.west ? org.teams.east : org.teams.west;
    expect((await as("admin", "GET", `/api/v1/teams/${otherTeam}/lead-feed/${posted.id}`)).statusCode).toBe(404);
    expect((await as(team === org.teams.west ? "r1" : "r3", "GET", `${feedUrl}/${posted.id}`)).statusCode).toBe(403);
    expect((await as(member, "GET", `${feedUrl}?candidates=some`)).json().error.fields[0].field).toBe("candidates");
  });
});
