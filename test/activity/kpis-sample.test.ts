/**
 * KPIs on the real CRM sample against an independent count straight from its CSV file, and
 * scorecard counts (read from the activity_daily aggregate) against a raw GROUP BY.
 */
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { importCsv, parseMapping } from "../../src/import/index.js";
import { query, type Store } from "../../src/store/db.js";
import { activities, ACTIVITY_KINDS, users } from "../../src/store/schema.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { testApp, testEnv, testPasswordHash } from "../api/fixtures.js";
import { as } from "./helpers.js";
import { SAMPLE_DIR } from "../../examples/crm-sample/location.js";

const SAMPLE = SAMPLE_DIR;
const API = "/api/v1";

/** Per agent, deals closed in 2017-Q3: won, lost and revenue, counted from the CSV alone. */
function expectedFromCsv(): Map<string, { won: number; lost: number; revenue: number }> {
  const rows = parse(fs.readFileSync(path.join(SAMPLE, "sales_pipeline.csv")), { columns: true }) as Record<string, string>[];
  const out = new Map<string, { won: number; lost: number; revenue: number }>();
  for (const r of rows) {
    if (!r.close_date || r.close_date < "2017-07-01" || r.close_date >= "2017-10-01") continue;
    const e = out.get(r.sales_agent!) ?? { won: 0, lost: 0, revenue: 0 };
    if (r.deal_stage === "Won") {
      e.won++;
      e.revenue += Number(r.close_value);
    } else if (r.deal_stage === "Lost") e.lost++;
    out.set(r.sales_agent!, e);
  }
  return out;
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe.each(STORE_KINDS)("KPIs on the CRM sample on %s", (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let admin: ReturnType<typeof as>;

  beforeAll(async () => {
    store = await createTestStore(kind);
    for (const [entity, file] of [
      ["products", "products"],
      ["accounts", "accounts"],
      ["reps", "sales_teams"],
      ["opportunities", "sales_pipeline"],
    ] as const) {
      const mapping = parseMapping(fs.readFileSync(`examples/crm-sample/${entity}.mapping.json`, "utf8"), entity);
      const report = await importCsv(store.db, entity, fs.createReadStream(path.join(SAMPLE, `${file}.csv`)), { mapping });
      expect(report.rejected).toBe(0);
    }
    const [me] = await store.db.insert(users).values({ name: "The Admin", role: "admin", passwordHash: await testPasswordHash() }).returning();
    app = await testApp(store, { env: testEnv({ PROACTIVE_PACING_INTERVAL_MINUTES: "0" }) });
    admin = as(app, store.db, me!.id);
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  it("gives each rep's 2017-Q3 conversion and revenue as counted from the CSV", async () => {
    const expected = expectedFromCsv();
    const reps = await query<{ id: number; name: string }>(store.db, sql`select id, name from users where role = 'rep' order by name`);
    expect(reps).toHaveLength(35);
    let checked = 0;
    for (const rep of reps) {
      const res = await admin.get(`${API}/reps/${rep.id}/kpis?period=2017-Q3`);
      expect(res.statusCode, res.body).toBe(200);
      const k = res.json();
      const e = expected.get(rep.name) ?? { won: 0, lost: 0, revenue: 0 };
      expect({ won: k.won, lost: k.lost, revenue: k.revenue }, rep.name).toEqual(e);
      expect(k.conversion, rep.name).toBe(e.won + e.lost > 0 ? e.won / (e.won + e.lost) : null);
      if (e.won + e.lost > 0) checked++;
    }
    expect(checked).toBe(30); // 5 agents have no opportunities at all
  });

  it("adds a team's reps up, with the pipeline by stage as of the period end", async () => {
    const [team] = await query<{ id: number }>(store.db, sql`select id from teams where name = 'Central'`);
    const k = (await admin.get(`${API}/teams/${team!.id}/kpis?period=2017-Q3`)).json();
    const members = await query<{ name: string }>(
      store.db,
      sql`select u.name from users u join teams t on t.id = u.team_id where u.role = 'rep' and t.parent_id = ${team!.id}`,
    );
    const expected = expectedFromCsv();
    const sum = members.reduce((s, m) => s + (expected.get(m.name)?.revenue ?? 0), 0);
    expect(k.revenue).toBe(sum);
    expect(k.scope).toMatchObject({ kind: "team", reps: members.length });
    expect(k.pipeline.map((s: { stage: string }) => s.stage)).toEqual(["Prospecting", "Qualification", "Discovery", "Engaging", "Proposal", "Negotiation"]);
    expect(k.profit).toBe(k.revenue); // the sample records no costs
    expect(k.wonWithoutCost).toBe(k.won);
  });

  it("counts scorecard activity from the aggregate exactly as a raw GROUP BY does", async () => {
    const [team] = await query<{ id: number }>(store.db, sql`select id from teams where name = 'Dustin Brinkmann''s team'`);
    const reps = await query<{ id: number }>(store.db, sql`select id from users where team_id = ${team!.id} and role = 'rep'`);
    const random = lcg(7);
    const start = Date.parse("2017-06-25T00:00:00Z");
    const span = Date.parse("2017-10-05T00:00:00Z") - start;
    await store.db.insert(activities).values(
      Array.from({ length: 3000 }, () => ({
        repId: Number(reps[Math.floor(random() * reps.length)]!.id),
        kind: ACTIVITY_KINDS[Math.floor(random() * ACTIVITY_KINDS.length)]!,
        proactive: random() < 0.5,
        at: new Date(start + Math.floor(random() * span)),
      })),
    );
    const card = (await admin.get(`${API}/teams/${team!.id}/scorecard?period=2017-Q3`)).json();
    const raw = await query<{ rep_id: number; metric: string; n: number }>(
      store.db,
      sql`select rep_id, case kind when 'call' then 'outreach' when 'email' then 'outreach' when 'meeting' then 'meetings'
                 when 'visit' then 'visits' when 'proposal' then 'proposals' when 'next-step' then 'nextSteps' end as metric, count(*)::int as n
          from activities where at >= '2017-07-01T00:00:00Z' and at < '2017-10-01T00:00:00Z'
            and kind in ('call','email','meeting','visit','proposal','next-step')
          group by 1, 2`,
    );
    expect(card.reps).toHaveLength(reps.length);
    let total = 0;
    for (const rep of card.reps as { repId: number; lines: { metric: string; actual: number; target: number }[] }[]) {
      for (const line of rep.lines) {
        const n = raw.find((r) => Number(r.rep_id) === rep.repId && r.metric === line.metric)?.n ?? 0;
        expect(line.actual, `${rep.repId} ${line.metric}`).toBe(Number(n));
        total += line.actual;
      }
      expect(rep.lines.find((l) => l.metric === "outreach")!.target).toBe(Math.round((50 * 92) / 7));
    }
    expect(total).toBeGreaterThan(1000);
    expect(card.team.lines.reduce((s: number, l: { actual: number }) => s + l.actual, 0)).toBe(total);
  });
});
