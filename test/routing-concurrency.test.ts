/**
 * Three real `proactive serve` processes on one PostgreSQL database route 500 leads posted
 * concurrently across them (plus 50 duplicate posts of the same external ids): every lead gets
 * exactly one initial decision, no rep goes over capacity, every assignment is a decision, and
 * a duplicate gets the first decision back.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../src/auth/tokens.js";
import { decisionSchema, type DecisionJson } from "../src/schemas/routing.js";
import { openStore, query, sql, type Store } from "../src/store/db.js";
import { teams, users } from "../src/store/schema.js";
import { createTestDatabaseUrl } from "./support/stores.js";

const BIN = path.resolve("bin/proactive.js");
const LEADS = 500;
const DUPLICATES = 50;

function serve(databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const { PROACTIVE_DATA_DIR: _dir, PORT: _port, ...rest } = process.env;
  const env = { ...rest, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", PROACTIVE_SLA_INTERVAL_SECONDS: "0" };
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--no-demo"], { env });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}\n${err}`)), 45_000);
    child.stderr!.on("data", (d) => (err += d));
    child.stdout!.on("data", (d) => {
      out += d;
      const match = /Proactive is running at (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}\n${err}`));
    });
  });
}

describe("routing under concurrency across server processes", () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: Store;
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  let token: string;
  const capacities = new Map<number, number>();

  beforeAll(async () => {
    db = await createTestDatabaseUrl();
    store = await openStore({ databaseUrl: db.url, migrate: false, poolSize: 2 });
    const [admin] = await store.db.insert(users).values({ name: "Admin", role: "admin" }).returning();
    for (const name of ["North", "South"]) {
      const [team] = await store.db.insert(teams).values({ name }).returning();
      for (let i = 0; i < 6; i++) {
        // Two capped reps per team; the rest take whatever is left.
        const capacity = i === 0 ? 3 : i === 1 ? 10 : null;
        const [rep] = await store.db.insert(users).values({ name: `${name} rep ${i}`, role: "rep", teamId: team!.id, capacity }).returning();
        if (capacity !== null) capacities.set(rep!.id, capacity);
      }
    }
    token = (await createApiToken(store.db, admin!.id, "load")).token;
    const servers = await Promise.all([serve(db.url), serve(db.url), serve(db.url)]);
    for (const s of servers) {
      children.push(s.child);
      urls.push(s.url);
    }
  }, 120_000);

  afterAll(async () => {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on("close", r)))));
    await store?.close();
    await db?.drop();
  }, 60_000);

  it("assigns every lead exactly once, within capacity, and answers duplicates with the first decision", async () => {
    const post = async (i: number, server: number): Promise<DecisionJson> => {
      const body = { externalId: `C-${i}`, team: i % 2 ? "North" : "South", arrivedAt: new Date(Date.UTC(2026, 10, 20, 9) + i * 1000).toISOString() };
      const res = await fetch(`${urls[server % 3]}/api/v1/leads`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`${res.status}: ${await res.text()}`);
      return decisionSchema.parse(await res.json());
    };
    const requests: Promise<{ i: number; d: DecisionJson }>[] = [];
    for (let i = 0; i < LEADS; i++) requests.push(post(i, i).then((d) => ({ i, d })));
    // Duplicates: the same external ids again, on another process, at the same time.
    for (let k = 0; k < DUPLICATES; k++) requests.push(post(k * 7, k * 7 + 1).then((d) => ({ i: k * 7, d })));
    const answers = await Promise.all(requests);

    const byLead = new Map<number, Set<number>>();
    for (const { i, d } of answers) byLead.set(i, (byLead.get(i) ?? new Set()).add(d.id));
    expect(byLead.size).toBe(LEADS);
    for (const ids of byLead.values()) expect(ids.size).toBe(1);

    const perLead = await query<{ n: number }>(
      store.db,
      sql`select count(d.id)::int as n from leads l left join routing_decisions d on d.lead_id = l.id and d.kind = 'initial' group by l.id`,
    );
    expect(perLead).toHaveLength(LEADS);
    expect(perLead.every((r) => r.n === 1)).toBe(true);

    const [totals] = await query<{ decisions: number; assigned: number; consistent: number }>(
      store.db,
      sql`select (select count(*)::int from routing_decisions) as decisions,
                 (select count(*)::int from leads where assignee_id is not null) as assigned,
                 (select count(*)::int from leads l join routing_decisions d on d.lead_id = l.id where d.assignee_id = l.assignee_id) as consistent`,
    );
    expect(totals).toEqual({ decisions: LEADS, assigned: LEADS, consistent: LEADS });

    const load = await query<{ id: number; n: number; kept: number | null }>(
      store.db,
      sql`select u.id, count(l.id)::int as n, max(r.open_leads) as kept from users u
          left join leads l on l.assignee_id = u.id and l.status = 'assigned'
          left join rep_lead_load r on r.rep_id = u.id where u.role = 'rep' group by u.id`,
    );
    for (const row of load) {
      const cap = capacities.get(Number(row.id));
      if (cap !== undefined) expect(row.n).toBeLessThanOrEqual(cap);
      expect(Number(row.kept ?? 0)).toBe(row.n); // the maintained aggregate agrees with the rows
    }
    // With 250 leads per team, the capped reps are full.
    for (const [id, cap] of capacities) expect(load.find((r) => Number(r.id) === id)!.n).toBe(cap);
  }, 90_000);
});
