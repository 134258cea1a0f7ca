/**
 * How each table-shaped entity lands in its table: one column spec per stored column, with the
 * canonical field that controls it. Reps, which also build teams and managers, live in reps.ts.
 */
import { sql } from "drizzle-orm";
import { query, type Db } from "../store/db.js";
import type { ImportRow } from "./fields.js";
import type { RefKind, Refs } from "./refs.js";
import { arrayLiteral } from "./upsert.js";
import { ref, type RowProblem, type TableConfig } from "./writer.js";

const nullable = <T>(v: T | null | undefined): T | null => v ?? null;

export const accountsTable: TableConfig<ImportRow<"accounts">> = {
  table: "accounts",
  key: ["name"],
  touchUpdatedAt: true,
  batchSize: 2000,
  columns: [
    { name: "name", type: "text", value: (r) => r.name },
    { name: "sector", type: "text", field: "sector", value: (r) => nullable(r.sector) },
    { name: "employees", type: "int4", field: "employees", value: (r) => nullable(r.employees) },
    { name: "revenue", type: "float8", field: "revenue", value: (r) => nullable(r.revenue) },
    { name: "location", type: "text", field: "location", value: (r) => nullable(r.location) },
    { name: "year_established", type: "int4", field: "yearEstablished", value: (r) => nullable(r.yearEstablished) },
    { name: "subsidiary_of", type: "text", field: "subsidiaryOf", value: (r) => nullable(r.subsidiaryOf) },
  ],
};

export const productsTable: TableConfig<ImportRow<"products">> = {
  table: "products",
  key: ["name"],
  touchUpdatedAt: true,
  batchSize: 2000,
  columns: [
    { name: "name", type: "text", value: (r) => r.name },
    { name: "series", type: "text", field: "series", value: (r) => nullable(r.series) },
    { name: "price_cents", type: "int8", field: "price", value: (r) => nullable(r.price) },
  ],
};

type Opportunity = ImportRow<"opportunities">;

/** The outcome a row states, else the one its stage closes with, else open. */
function outcomeOf(row: Opportunity, refs: Refs): "open" | "won" | "lost" {
  return row.outcome ?? refs.stages.get(row.stage.toLowerCase())?.closes ?? "open";
}

export const opportunitiesTable: TableConfig<Opportunity> = {
  table: "opportunities",
  key: ["external_id"],
  touchUpdatedAt: true,
  batchSize: 5000,
  columns: [
    { name: "external_id", type: "text", value: (r) => r.externalId },
    { name: "owner_id", type: "int4", value: (r, refs) => ref(refs.users, r.owner, "owner", "rep") },
    { name: "product_id", type: "int4", field: "product", value: (r, refs) => ref(refs.products, r.product, "product", "product") },
    { name: "account_id", type: "int4", field: "account", value: (r, refs) => ref(refs.accounts, r.account, "account", "account") },
    {
      name: "stage_id",
      type: "int4",
      value: (r, refs) =>
        refs.stages.get(r.stage.toLowerCase())?.id ?? {
          field: "stage",
          reason: `unknown stage "${r.stage}" (known stages: ${refs.stageNames.join(", ")})`,
        },
    },
    { name: "outcome", type: "text", value: outcomeOf },
    { name: "value_cents", type: "int8", field: "value", value: (r) => nullable(r.value) },
    { name: "cost_cents", type: "int8", field: "cost", value: (r) => nullable(r.cost) },
    { name: "discount_pct", type: "float8", field: "discountPct", value: (r) => nullable(r.discountPct) },
    { name: "created_on", type: "timestamptz", field: "createdOn", value: (r) => nullable(r.createdOn) },
    { name: "engaged_at", type: "timestamptz", field: "engagedAt", value: (r) => nullable(r.engagedAt) },
    { name: "closed_at", type: "timestamptz", field: "closedAt", value: (r) => nullable(r.closedAt) },
    { name: "next_step", type: "text", field: "nextStep", value: (r) => nullable(r.nextStep) },
    { name: "mutual_action_plan", type: "text", field: "mutualActionPlan", value: (r) => nullable(r.mutualActionPlan) },
  ],
  check(row, refs): RowProblem | undefined {
    const closes = refs.stages.get(row.stage.toLowerCase())?.closes;
    if (row.outcome && closes && row.outcome !== closes) {
      return { field: "outcome", reason: `outcome "${row.outcome}" contradicts stage "${row.stage}", which closes as ${closes}` };
    }
    if (outcomeOf(row, refs) === "open" && row.closedAt) {
      return { field: "closedAt", reason: "an open opportunity has no close date (set outcome won or lost, or a closing stage)" };
    }
    return undefined;
  },
  constraintFields: {
    opportunities_open_not_closed_check: { field: "closedAt", reason: "an open opportunity has no close date" },
  },
};

export const activitiesTable: TableConfig<ImportRow<"activities">> = {
  table: "activities",
  key: ["external_id"],
  touchUpdatedAt: false,
  batchSize: 5000,
  columns: [
    { name: "external_id", type: "text", value: (r) => r.externalId },
    { name: "rep_id", type: "int4", value: (r, refs) => ref(refs.users, r.rep, "rep", "rep") },
    { name: "kind", type: "text", value: (r) => r.kind },
    // Not proactive unless the export says so: hunting credit must be earned, not assumed.
    { name: "proactive", type: "bool", value: (r) => r.proactive ?? false },
    { name: "at", type: "timestamptz", value: (r) => r.at },
    { name: "duration_minutes", type: "int4", field: "durationMinutes", value: (r) => nullable(r.durationMinutes) },
    { name: "account_id", type: "int4", field: "account", value: (r, refs) => ref(refs.accounts, r.account, "account", "account") },
    {
      name: "opportunity_id",
      type: "int8",
      field: "opportunity",
      value: (r, refs) => ref(refs.opportunities, r.opportunity, "opportunity", "opportunity"),
    },
    { name: "lead_id", type: "int8", field: "lead", value: (r, refs) => ref(refs.leads, r.lead, "lead", "lead") },
    { name: "outcome", type: "text", field: "outcome", value: (r) => nullable(r.outcome) },
  ],
};

export const leadsTable: TableConfig<ImportRow<"leads">> = {
  table: "leads",
  key: ["external_id"],
  touchUpdatedAt: true,
  batchSize: 5000,
  columns: [
    { name: "external_id", type: "text", value: (r) => r.externalId },
    { name: "arrived_at", type: "timestamptz", value: (r) => r.arrivedAt },
    { name: "team_id", type: "int4", field: "team", value: (r, refs) => ref(refs.teams, r.team, "team", "team") },
    { name: "product_id", type: "int4", field: "product", value: (r, refs) => ref(refs.products, r.product, "product", "product") },
    { name: "segment", type: "text", field: "segment", value: (r) => nullable(r.segment) },
    { name: "region", type: "text", field: "region", value: (r) => nullable(r.region) },
    { name: "language", type: "text", field: "language", value: (r) => nullable(r.language) },
    { name: "account_id", type: "int4", field: "account", value: (r, refs) => ref(refs.accounts, r.account, "account", "account") },
    { name: "source", type: "text", field: "source", value: (r) => nullable(r.source) },
    { name: "value_cents", type: "int8", field: "value", value: (r) => nullable(r.value) },
  ],
  // Teams named by leads are created, like teams named in a reps file.
  async beforeBatch(db: Db, rows, refs) {
    const missing = [...new Set(rows.map((r) => r.team).filter((t): t is string => !!t && !refs.teams.has(t)))];
    if (missing.length === 0) return;
    const names = arrayLiteral(missing);
    await query(db, sql`insert into teams (name) select unnest(${names}::text::text[]) on conflict (name) do nothing`);
    const rowsBack = await query<{ name: string; id: number }>(
      db,
      sql`select name, id from teams where name = any(${names}::text::text[])`,
    );
    for (const t of rowsBack) refs.teams.set(t.name, Number(t.id));
  },
};

export const quotasTable: TableConfig<ImportRow<"quotas">> = {
  table: "quotas",
  key: ["rep_id", "period"],
  touchUpdatedAt: true,
  batchSize: 5000,
  columns: [
    { name: "rep_id", type: "int4", value: (r, refs) => ref(refs.users, r.rep, "rep", "rep") },
    { name: "period", type: "text", value: (r) => r.period.period },
    { name: "period_start", type: "date", value: (r) => r.period.periodStart },
    { name: "period_end", type: "date", value: (r) => r.period.periodEnd },
    { name: "amount_cents", type: "int8", value: (r) => r.amount },
  ],
};

/** The reference maps each entity's rows resolve against. */
export const REFS_NEEDED = {
  reps: ["users", "teams"],
  accounts: [],
  products: [],
  opportunities: ["users", "products", "accounts", "stages"],
  activities: ["users", "accounts", "opportunities", "leads"],
  leads: ["teams", "products", "accounts"],
  quotas: ["users"],
  updates: ["users", "accounts", "opportunities"],
  requests: ["users", "accounts", "opportunities"],
} as const satisfies Record<string, readonly RefKind[]>;
