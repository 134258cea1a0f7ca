/**
 * The contract `proactive cadence --manager NAME --ics` on a demo store, as a real
 * child process: the demo organisation loaded into a PostgreSQL copy, two of one demo manager's
 * weekly 1:1 series changed, then the feed printed and parsed with an iCalendar library (the
 * API's own feed is tested in cadence-api.test.ts). Plus its usage errors.
 */
import { execFile } from "node:child_process";
import ICAL from "ical.js";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemo } from "../../src/demo/index.js";
import { openStore, query } from "../../src/store/db.js";
import { createTestDatabaseUrl } from "../support/stores.js";

let database: { url: string; drop: () => Promise<void> };

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, DATABASE_URL: database.url };
    execFile("node", ["bin/proactive.js", ...args], { env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let manager: { id: number; name: string };
let reps: { id: number; name: string }[];
/** The manager's reps: the demo gives each a weekly 1:1. */
let teamReps: string[];

beforeAll(async () => {
  database = await createTestDatabaseUrl();
  const store = await openStore({ databaseUrl: database.url, migrate: false, poolSize: 2 });
  try {
    await loadDemo(store.db, { seed: 42, reps: 6, months: 2, now: new Date("2026-03-18T12:00:00Z") });
    const managers = await query<{ id: number; name: string; team_id: number }>(store.db, sql`select id, name, team_id from users where role = 'manager' order by id limit 1`);
    manager = { id: Number(managers[0]!.id), name: managers[0]!.name };
    reps = (
      await query<{ id: number; name: string }>(store.db, sql`select id, name from users where role = 'rep' and team_id = ${managers[0]!.team_id} and active order by id limit 2`)
    ).map((r) => ({ id: Number(r.id), name: r.name }));
    expect(reps).toHaveLength(2);
    await query(
      store.db,
      sql`insert into one_on_one_schedules (manager_id, rep_id, weekday, time, time_zone, duration_minutes, interval_weeks, starts_on)
          values (${manager.id}, ${reps[0]!.id}, 2, '10:00', 'Europe/Paris', 30, 1, '2026-01-05'),
                 (${manager.id}, ${reps[1]!.id}, 4, '15:30', 'UTC', 45, 2, '2026-01-05')
          on conflict (rep_id) do update set manager_id = excluded.manager_id, weekday = excluded.weekday, time = excluded.time,
            time_zone = excluded.time_zone, duration_minutes = excluded.duration_minutes, interval_weeks = excluded.interval_weeks,
            starts_on = excluded.starts_on`,
    );
    teamReps = (
      await query<{ name: string }>(store.db, sql`select u.name from one_on_one_schedules s join users u on u.id = s.rep_id where s.manager_id = ${manager.id}`)
    ).map((r) => r.name);
  } finally {
    await store.close();
  }
}, 120_000);
afterAll(async () => database?.drop());

describe("proactive cadence --manager NAME --ics", () => {
  it("prints the demo manager's 1:1s as a calendar that an iCalendar library reads", async () => {
    const res = await run(["cadence", "--manager", manager.name, "--ics"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(res.stdout.endsWith("END:VCALENDAR\r\n")).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(res.stdout));
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    const events = calendar.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary).sort()).toEqual(teamReps.map((name) => `1:1 — ${name}`).sort());
    expect(teamReps).toEqual(expect.arrayContaining(reps.map((r) => r.name)));
    const byRep = new Map(events.map((e) => [e.summary, e]));
    const paris = byRep.get(`1:1 — ${reps[0]!.name}`)!;
    expect(paris.uid).toBe(`one-on-one-${manager.id}-${reps[0]!.id}@proactive`);
    expect(paris.startDate.toJSDate().toISOString()).toBe("2026-01-06T09:00:00.000Z"); // Tuesday 10:00 Paris (winter)
    expect(paris.duration.toSeconds()).toBe(30 * 60);
    const weekly = paris.component.getFirstPropertyValue("rrule") as ICAL.Recur;
    expect([weekly.freq, weekly.interval ?? 1]).toEqual(["WEEKLY", 1]);
    const fortnightly = byRep.get(`1:1 — ${reps[1]!.name}`)!;
    expect(fortnightly.startDate.toJSDate().toISOString()).toBe("2026-01-08T15:30:00.000Z");
    expect((fortnightly.component.getFirstPropertyValue("rrule") as ICAL.Recur).interval).toBe(2);
    // Daylight saving: the Paris series keeps 10:00 local in summer (listed as RDATE/EXDATE).
    expect(res.stdout).toMatch(/RDATE[^\r\n]*T080000Z/);
  });

  it("refuses --ics without --manager, and an unknown manager, with a usage error", async () => {
    const [missing, unknown] = await Promise.all([run(["cadence", "--ics"]), run(["cadence", "--manager", "No Such Manager", "--ics"])]);
    expect([missing.code, missing.stderr.trim()]).toEqual([2, "--ics needs --manager NAME"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no person named "No Such Manager"');
    expect(unknown.stdout).toBe("");
  });
});
