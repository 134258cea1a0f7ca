import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query, sql, type Store } from "../src/store/db.js";
import { importCsv, ImportUsageError, importReportSchema, parseMapping, type ImportEntity, type ImportReport } from "../src/import/index.js";
import { createTestStore, STORE_KINDS } from "./support/stores.js";
import { SAMPLE_DIR } from "../examples/crm-sample/location.js";

const SAMPLE = SAMPLE_DIR;
const mapping = (entity: string) => parseMapping(fs.readFileSync(path.resolve(`examples/crm-sample/${entity}.mapping.json`), "utf8"));
const SAMPLE_FILES: [ImportEntity, string][] = [
  ["products", "products.csv"],
  ["accounts", "accounts.csv"],
  ["reps", "sales_teams.csv"],
  ["opportunities", "sales_pipeline.csv"],
];

async function importSample(store: Store): Promise<ImportReport[]> {
  const reports: ImportReport[] = [];
  for (const [entity, file] of SAMPLE_FILES) {
    reports.push(await importCsv(store.db, entity, fs.createReadStream(path.join(SAMPLE, file)), { mapping: mapping(entity) }));
  }
  return reports;
}

const one = async <T extends Record<string, unknown>>(store: Store, statement: ReturnType<typeof sql>) => (await query<T>(store.db, statement))[0]!;

async function counts(store: Store) {
  return one<Record<string, number>>(
    store,
    sql`select
      (select count(*)::int from users where role = 'rep') as reps,
      (select count(*)::int from users where role = 'manager') as managers,
      (select count(*)::int from teams t where parent_id is null and exists (select 1 from teams c where c.parent_id = t.id)) as offices,
      (select count(*)::int from teams where parent_id is not null) as teams,
      (select count(*)::int from accounts) as accounts,
      (select count(*)::int from products) as products,
      (select count(*)::int from opportunities) as opportunities`,
  );
}

describe.each(STORE_KINDS)("CSV import on %s", (kind) => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore(kind);
  });
  afterAll(() => store?.close());

  it("imports the whole CRM sample with no rejects", async () => {
    const reports = await importSample(store);
    for (const r of reports) {
      expect(importReportSchema.parse(r)).toEqual(r);
      expect(r.rejected, JSON.stringify(r.errors.slice(0, 3))).toBe(0);
      expect(r.created).toBe(r.read);
    }
    expect(reports.map((r) => r.read)).toEqual([7, 85, 35, 8800]);
    expect(await counts(store)).toEqual({ reps: 35, managers: 6, offices: 3, teams: 6, accounts: 85, products: 7, opportunities: 8800 });

    // GTXPro in the pipeline is the product list's GTX Pro; technolgy is technology.
    const gtxProRows = fs.readFileSync(path.join(SAMPLE, "sales_pipeline.csv"), "utf8").split("\n").filter((l) => l.split(",")[2] === "GTXPro").length;
    expect(gtxProRows).toBeGreaterThan(0);
    const gtx = await one<{ n: number; products: number }>(
      store,
      sql`select count(*)::int as n, (select count(*)::int from products where name = 'GTXPro') as products
          from opportunities o join products p on p.id = o.product_id where p.name = 'GTX Pro'`,
    );
    expect(gtx).toEqual({ n: gtxProRows, products: 0 });
    expect(await one(store, sql`select count(*)::int as n from accounts where sector = 'technolgy'`)).toEqual({ n: 0 });

    // Each rep reports to a manager who manages the rep's team, under a regional office.
    const org = await one<{ n: number }>(
      store,
      sql`select count(*)::int as n from users r join teams t on t.id = r.team_id join teams o on o.id = t.parent_id
          where r.role = 'rep' and r.manager_id = t.manager_id and o.name in ('Central', 'East', 'West')`,
    );
    expect(org.n).toBe(35);
    const managersInTheirTeam = await one<{ n: number }>(
      store,
      sql`select count(*)::int as n from users m join teams t on t.manager_id = m.id where m.role = 'manager' and m.team_id = t.id`,
    );
    expect(managersInTheirTeam.n).toBe(6);

    // The sample's conventions: open deals carry no value, Lost ones close at 0.
    const deals = await query<{ outcome: string; n: number; with_value: number; zero: number; closed: number }>(
      store.db,
      sql`select outcome, count(*)::int as n, count(value_cents)::int as with_value,
          count(*) filter (where value_cents = 0)::int as zero, count(closed_at)::int as closed
          from opportunities group by outcome order by outcome`,
    );
    expect(deals).toEqual([
      { outcome: "lost", n: 2473, with_value: 2473, zero: 2473, closed: 2473 },
      { outcome: "open", n: 2089, with_value: 0, zero: 0, closed: 0 },
      { outcome: "won", n: 4238, with_value: 4238, zero: 0, closed: 4238 },
    ]);
    const first = await one(store, sql`select value_cents::int as v, to_char(closed_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as closed_at from opportunities where external_id = '1C1I7A6R'`);
    expect(first).toEqual({ v: 105_400, closed_at: "2017-03-01 00:00" });
    expect(await one(store, sql`select count(*)::int as n from users u where role = 'rep' and not exists (select 1 from opportunities o where o.owner_id = u.id)`)).toEqual({ n: 5 });
    const audit = await one<{ n: number }>(store, sql`select count(*)::int as n from audit_log where action = 'import'`);
    expect(audit.n).toBe(4);
  });

  it("reports every row unchanged on a second run, and creates nothing", async () => {
    const before = await counts(store);
    const reports = await importSample(store);
    for (const r of reports) expect({ ...r, errors: r.errors.length }).toEqual({ read: r.read, created: 0, updated: 0, unchanged: r.read, rejected: 0, errors: 0 });
    expect(await counts(store)).toEqual(before);
  });

  it("refreshes the planner's statistics after a large import, not after a small one", async () => {
    // As if autovacuum had sampled the table while it was empty, and would not again soon.
    await query(store.db, sql`alter table activities set (autovacuum_enabled = false)`);
    await query(store.db, sql`analyze activities`);
    const reltuples = async () => Number((await one<{ n: number }>(store, sql`select reltuples::int as n from pg_class where relname = 'activities'`)).n);
    const rep = (await one<{ name: string }>(store, sql`select name from users where role = 'rep' order by id limit 1`)).name;
    const csv = (from: number, n: number) =>
      "externalId,rep,kind,proactive,at\n" +
      Array.from({ length: n }, (_, i) => `STATS-${from + i},${rep},call,true,2017-03-0${1 + (i % 9)}T10:${String(i % 60).padStart(2, "0")}:00Z`).join("\n") +
      "\n";
    const before = await reltuples();
    try {
      expect(await importCsv(store.db, "activities", csv(0, 999))).toMatchObject({ created: 999, rejected: 0 });
      expect(await reltuples()).toBe(before);
      expect(await importCsv(store.db, "activities", csv(999, 1000))).toMatchObject({ created: 1000, rejected: 0 });
      expect(await reltuples()).toBe(before + 1999);
    } finally {
      await query(store.db, sql`delete from activities where external_id like 'STATS-%'`);
      await query(store.db, sql`alter table activities reset (autovacuum_enabled)`);
    }
  });

  it("reports a changed row as updated", async () => {
    const csv = "product,series,sales_price\nGTX Basic,GTX,560\nGTX Pro,GTX,4821\n";
    const r = await importCsv(store.db, "products", csv, { mapping: mapping("products") });
    expect(r).toMatchObject({ read: 2, created: 0, updated: 1, unchanged: 1, rejected: 0 });
    const price = await one<{ price_cents: string | number }>(store, sql`select price_cents from products where name = 'GTX Basic'`);
    expect(Number(price.price_cents)).toBe(56_000);

    const reps = "sales_agent,manager,regional_office\nAnna Snelling,Melvin Marxen,Central\n";
    const moved = await importCsv(store.db, "reps", reps, { mapping: mapping("reps") });
    expect(moved).toMatchObject({ read: 1, created: 0, updated: 1, unchanged: 0 });
    const anna = await one(store, sql`select t.name as team, m.name as manager from users u join teams t on t.id = u.team_id join users m on m.id = u.manager_id where u.name = 'Anna Snelling'`);
    expect(anna).toEqual({ team: "Melvin Marxen's team", manager: "Melvin Marxen" });
  });

  it("keeps good rows and reports each bad one with its line and field", async () => {
    const csv = [
      "externalId,rep,kind,proactive,at,durationMinutes,outcome", // 1
      "ACT-1,Moses Frase,call,true,2017-05-02T09:30:00Z,15,booked a meeting", // 2 good
      "ACT-2,Nobody Known,call,true,2017-05-02,5,", // 3 unknown rep
      "ACT-3,Moses Frase,call,true,2017-02-30,5,", // 4 bad date
      "ACT-4,Moses Frase,telepathy,true,2017-05-02,5,", // 5 bad kind
      ",Moses Frase,email,false,2017-05-03,,", // 6 missing key
      "ACT-5,Moses Frase,Email,no,2017-05-03,,sent", // 7 good (kind any case)
      "ACT-1,Moses Frase,call,true,2017-05-02,15,", // 8 duplicate key
      "ACT-6,Moses Frase,visit,true,2017-05-04", // 9 short row
    ].join("\n");
    const r = await importCsv(store.db, "activities", csv);
    expect(r).toMatchObject({ read: 8, created: 2, updated: 0, unchanged: 0, rejected: 6 });
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [3, "rep"],
      [4, "at"],
      [5, "kind"],
      [6, "externalId"],
      [8, "externalId"],
      [9, "row"],
    ]);
    expect(r.errors[0]!.reason).toContain("Nobody Known");
    const daily = await one<{ n: number }>(store, sql`select sum(count)::int as n from activity_daily`);
    expect(daily.n).toBe(2);

    const opps = [
      "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value", // 1
      "NEW-1,Moses Frase,GTXPro,Cancity,Won,2017-01-02,2017-02-01,\"1,054.50\"", // 2 good
      "NEW-2,Moses Frase,GTX Basic,Cancity,Won,2017-01-02,2017-02-01,-5", // 3 negative money
      "NEW-3,Moses Frase,GTX Basic,Nowhere Inc,Won,2017-01-02,2017-02-01,5", // 4 unknown account
      "NEW-4,Moses Frase,GTX Basic,,Haggling,2017-01-02,,", // 5 unknown stage
      "NEW-5,Moses Frase,GTX Basic,,engaging,2017-01-02,2017-02-01,", // 6 open with a close date
      "NEW-6,Moses Frase,GTX Basic,Cancity,Won,2017-01-02,2017-02-01,\"1,5\"", // 7 ambiguous amount
    ].join("\n");
    const o = await importCsv(store.db, "opportunities", opps, { mapping: mapping("opportunities") });
    expect(o).toMatchObject({ read: 6, created: 1, rejected: 5 });
    expect(o.errors.map((e) => [e.line, e.field])).toEqual([
      [3, "value"],
      [4, "account"],
      [5, "stage"],
      [6, "closedAt"],
      [7, "value"],
    ]);
    expect(o.errors[2]!.reason).toContain("Prospecting, Qualification");
    const added = await one(store, sql`select value_cents::int as v, outcome from opportunities where external_id = 'NEW-1'`);
    expect(added).toEqual({ v: 105_450, outcome: "won" });
  });

  it("counts lines right across quoted multi-line fields and CRLF", async () => {
    const csv =
      'externalId,rep,kind,at,outcome\r\n' + // 1
      'ML-1,Moses Frase,meeting,2017-06-01,"agenda:\r\n- pricing\r\n- timeline"\r\n' + // 2-4
      '\r\n' + // 5 blank
      'ML-2,Moses Frase,meeting,not a date,"x"\r\n' + // 6
      'ML-3,Moses Frase,call,2017-06-02,"one\ntwo"\r\n' + // 7-8
      'ML-4,Ghost,call,2017-06-02,\r\n'; // 9
    const r = await importCsv(store.db, "activities", csv);
    expect(r).toMatchObject({ read: 4, created: 2, rejected: 2 });
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [6, "at"],
      [9, "rep"],
    ]);
    const note = await one(store, sql`select outcome, proactive from activities where external_id = 'ML-1'`);
    expect(note).toEqual({ outcome: "agenda:\r\n- pricing\r\n- timeline", proactive: false });
  });

  it("imports quotas by rep and period, filling the period's bounds", async () => {
    const csv = "rep,period,amount\nMoses Frase,2017-q3,\"120,000\"\nMoses Frase,2017-08,40000.005\n";
    expect(await importCsv(store.db, "quotas", csv)).toMatchObject({ created: 2, rejected: 0 });
    expect(await importCsv(store.db, "quotas", csv)).toMatchObject({ unchanged: 2 });
    const rows = await query(store.db, sql`select period, period_start, period_end, amount_cents::bigint::text as amount from quotas order by period`);
    expect(rows).toEqual([
      { period: "2017-08", period_start: "2017-08-01", period_end: "2017-08-31", amount: "4000001" },
      { period: "2017-Q3", period_start: "2017-07-01", period_end: "2017-09-30", amount: "12000000" },
    ]);
  });

  it("refuses a missing required column, a mapping for an unknown field or absent column", async () => {
    await expect(importCsv(store.db, "opportunities", "opportunity_id,sales_agent\nX,Y\n", { mapping: mapping("opportunities") })).rejects.toThrow(
      /the mapping reads product from column "product"/,
    );
    await expect(importCsv(store.db, "opportunities", "externalId,owner\nX,Moses Frase\n")).rejects.toThrow(/required column missing for opportunities: stage/);
    const bad = { columns: { colour: "x" }, values: {} };
    await expect(importCsv(store.db, "products", "name\nA\n", { mapping: bad })).rejects.toBeInstanceOf(ImportUsageError);
    expect(() => parseMapping('{"columns": {"name": 3}}')).toThrow(/columns\.name/);
    expect(() => parseMapping("{nope")).toThrow(/not valid JSON/);
  });
});
