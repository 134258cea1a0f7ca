/**
 * Reps build the organisation as they land, so the whole file is one transaction:
 * - `office` is a team of its own (a regional office) and the parent of the rep's team;
 * - a manager named but not listed is created with role manager (a listed one with no role
 *   of its own becomes manager too);
 * - a row with no `team` but a `manager` joins "<manager>'s team" (under the office), whose
 *   teams.manager_id is that manager, who is a member of it.
 * Emails are checked before writing (unique, case-insensitive) so a clash rejects one row
 * instead of the whole file.
 */
import { sql } from "drizzle-orm";
import { query, type Db } from "../store/db.js";
import type { ImportRow } from "./fields.js";
import type { Refs } from "./refs.js";
import type { ImportError } from "./report.js";
import { arrayLiteral, upsertRows, type Cell, type UpsertColumn } from "./upsert.js";
import type { EntityWriter, FlushResult } from "./writer.js";

type Rep = ImportRow<"reps">;
type Tx = Db;

export const managersTeamName = (manager: string) => `${manager}'s team`;

interface TeamPlan {
  parent: string | null;
  manager: string | null;
}

export function createRepsWriter(refs: Refs, present: ReadonlySet<string>): EntityWriter<Rep> {
  let queue: { row: Rep; line: number }[] = [];
  return {
    batchSize: Number.POSITIVE_INFINITY,
    get pending() {
      return queue.length;
    },
    add(row, line) {
      queue.push({ row, line });
    },
    async flush(db) {
      const batch = queue;
      queue = [];
      if (batch.length === 0) return { created: 0, updated: 0, unchanged: 0, errors: [] };
      return db.transaction((tx) => writeReps(tx as unknown as Tx, batch, refs, present));
    },
  };
}

async function writeReps(tx: Tx, input: { row: Rep; line: number }[], refs: Refs, present: ReadonlySet<string>): Promise<FlushResult> {
  const errors: ImportError[] = [];
  const rows = await rejectEmailClashes(tx, input, errors);
  const listed = new Set(rows.map((r) => r.row.name));
  const managers = new Set(rows.map((r) => r.row.manager).filter((m): m is string => !!m));
  const unlisted = [...managers].filter((m) => !listed.has(m));
  const explicitRole = new Set(rows.filter((r) => r.row.role).map((r) => r.row.name));
  const roleOf = (r: Rep) => r.role ?? (managers.has(r.name) ? "manager" : "rep");

  // Which team each row joins, and what each team hangs under.
  const teams = new Map<string, TeamPlan>();
  const plan = (name: string, parent: string | null, manager: string | null) => {
    const t = teams.get(name);
    if (!t) teams.set(name, { parent, manager });
    else {
      t.parent ??= parent;
      t.manager ??= manager;
    }
  };
  const offices = new Set<string>();
  const teamOf = new Map<string, string | null>();
  for (const { row } of rows) {
    const office = row.office ?? null;
    if (office) offices.add(office);
    let team: string | null = null;
    if (row.team) plan((team = row.team), office, null);
    else if (row.manager) plan((team = managersTeamName(row.manager)), office, row.manager);
    else if (managers.has(row.name)) plan((team = managersTeamName(row.name)), office, row.name);
    else team = office;
    teamOf.set(row.name, team);
  }
  for (const m of unlisted) plan(managersTeamName(m), null, m);

  // 1. Offices, then every person as a stub (so ids exist before teams point at them).
  await upsertRows(tx, { table: "teams", key: ["name"], columns: [{ name: "name", type: "text" }], touchUpdatedAt: false, insertOnly: true }, [...offices].map((o) => [o]));
  const stubs = await upsertRows(
    tx,
    {
      table: "users",
      key: ["name"],
      columns: [
        { name: "name", type: "text" },
        { name: "role", type: "text" },
      ],
      touchUpdatedAt: false,
      insertOnly: true,
    },
    [...rows.map((r) => [r.row.name, roleOf(r.row)]), ...unlisted.map((m) => [m, "manager"])],
    { returnKeys: true },
  );
  const created = new Set(stubs.changedKeys?.map((k) => k.key));
  const promote = [...managers].filter((m) => !explicitRole.has(m));
  if (promote.length) {
    await query(tx, sql`update users set role = 'manager', updated_at = now() where role = 'rep' and name = any(${arrayLiteral(promote)}::text::text[])`);
  }
  await reload(tx, refs);

  // 2. Teams: parent office and manager filled in when known, never cleared by a file that omits them.
  const teamColumns: UpsertColumn[] = [
    { name: "name", type: "text" },
    { name: "parent_id", type: "int4", keepWhenNull: true },
    { name: "manager_id", type: "int4", keepWhenNull: true },
  ];
  await upsertRows(
    tx,
    { table: "teams", key: ["name"], columns: teamColumns, touchUpdatedAt: true },
    [...teams].map(([name, t]) => [name, t.parent ? refs.teams.get(t.parent)! : null, t.manager ? refs.users.get(t.manager)! : null]),
  );
  await reload(tx, refs);
  // Unlisted managers belong to the team they manage (listed ones got it through teamOf).
  const homeless = unlisted.map((m) => [m, refs.teams.get(managersTeamName(m))!] as const);
  if (homeless.length) {
    await query(
      tx,
      sql`update users u set team_id = x.team_id, updated_at = now()
          from unnest(${arrayLiteral(homeless.map((h) => h[0]))}::text::text[], ${arrayLiteral(homeless.map((h) => h[1]))}::text::int4[]) as x(name, team_id)
          where u.name = x.name and u.team_id is null`,
    );
  }

  // 3. The rows themselves.
  const columns: (UpsertColumn & { value: (r: Rep) => Cell })[] = [{ name: "name", type: "text" as const, value: (r: Rep) => r.name }];
  const add = (field: string | string[], column: UpsertColumn, value: (r: Rep) => Cell) => {
    const fields = Array.isArray(field) ? field : [field];
    if (fields.some((f) => present.has(f))) columns.push({ ...column, value });
  };
  add("email", { name: "email", type: "text" }, (r) => r.email ?? null);
  add("role", { name: "role", type: "text" }, roleOf);
  add(["team", "manager", "office"], { name: "team_id", type: "int4" }, (r) => {
    const team = teamOf.get(r.name);
    return team ? refs.teams.get(team)! : null;
  });
  add("manager", { name: "manager_id", type: "int4" }, (r) => (r.manager ? refs.users.get(r.manager)! : null));
  for (const list of ["regions", "segments", "products", "languages"] as const) {
    add(list, { name: list, type: "text[]" }, (r) => r[list] ?? []);
  }
  add("capacity", { name: "capacity", type: "int4" }, (r) => r.capacity ?? null);
  add("outOfOfficeFrom", { name: "out_of_office_from", type: "timestamptz" }, (r) => r.outOfOfficeFrom ?? null);
  add("outOfOfficeTo", { name: "out_of_office_to", type: "timestamptz" }, (r) => r.outOfOfficeTo ?? null);
  const written = await upsertRows(
    tx,
    { table: "users", key: ["name"], columns, touchUpdatedAt: true },
    rows.map(({ row }) => columns.map((c) => c.value(row))),
    { returnKeys: true },
  );
  const changed = new Set(written.changedKeys?.map((k) => k.key));
  let createdRows = 0;
  let updated = 0;
  for (const { row } of rows) {
    if (created.has(row.name)) createdRows++;
    else if (changed.has(row.name)) updated++;
  }
  return { created: createdRows, updated, unchanged: rows.length - createdRows - updated, errors };
}

async function rejectEmailClashes(tx: Tx, input: { row: Rep; line: number }[], errors: ImportError[]) {
  const owners = new Map(
    (await query<{ email: string; name: string }>(tx, sql`select lower(email) as email, name from users where email is not null`)).map(
      (u) => [u.email, u.name],
    ),
  );
  const kept: typeof input = [];
  const inFile = new Map<string, string>();
  for (const item of input) {
    const email = item.row.email;
    if (email) {
      const owner = inFile.get(email) ?? owners.get(email);
      if (owner !== undefined && owner !== item.row.name) {
        errors.push({ line: item.line, field: "email", reason: `email ${email} already belongs to "${owner}"` });
        continue;
      }
      inFile.set(email, item.row.name);
    }
    kept.push(item);
  }
  return kept;
}

async function reload(tx: Tx, refs: Refs): Promise<void> {
  for (const [table, map] of [
    ["users", refs.users],
    ["teams", refs.teams],
  ] as const) {
    const rows = await query<{ name: string; id: number }>(tx, sql`select name, id from ${sql.identifier(table)}`);
    map.clear();
    for (const r of rows) map.set(r.name, Number(r.id));
  }
}
