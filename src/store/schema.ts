/**
 * The one schema for both stores (PGlite and PostgreSQL). Migrations in `drizzle/` are
 * generated from this file with `npm run db:generate`; hand-written SQL (triggers) lives in
 * custom migrations beside them.
 *
 * Conventions: money is integer minor units (`*_cents`, bigint), never float; times are
 * `timestamptz`; every importable entity has a natural key (`name` or `external_id`) so a
 * re-run import updates instead of duplicating.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
const money = (name: string) => bigint(name, { mode: "number" });
const createdAt = () => tz("created_at").notNull().defaultNow();
const updatedAt = () => tz("updated_at").notNull().defaultNow();

export const ROLES = ["rep", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ACTIVITY_KINDS = [
  "call",
  "email",
  "meeting",
  "visit",
  "proposal",
  "follow-up",
  "next-step",
  "opportunity-created",
] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const OUTCOMES = ["open", "won", "lost"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A sales team. `parentId` builds the organisation (regional office → company). */
export const teams = pgTable("teams", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  managerId: integer("manager_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
  parentId: integer("parent_id").references((): AnyPgColumn => teams.id, { onDelete: "set null" }),
  region: text("region"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Reps, managers and admins. `name` is the import key (CRM exports name people, not ids). */
export const users = pgTable(
  "users",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull().unique(),
    email: text("email").unique(),
    role: text("role", { enum: ROLES }).notNull().default("rep"),
    teamId: integer("team_id").references((): AnyPgColumn => teams.id, { onDelete: "set null" }),
    managerId: integer("manager_id").references((): AnyPgColumn => users.id, { onDelete: "set null" }),
    active: boolean("active").notNull().default(true),
    outOfOfficeFrom: tz("out_of_office_from"),
    outOfOfficeTo: tz("out_of_office_to"),
    regions: text("regions").array().notNull().default(sql`'{}'::text[]`),
    segments: text("segments").array().notNull().default(sql`'{}'::text[]`),
    products: text("products").array().notNull().default(sql`'{}'::text[]`),
    languages: text("languages").array().notNull().default(sql`'{}'::text[]`),
    capacity: integer("capacity"),
    passwordHash: text("password_hash"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("users_team_idx").on(t.teamId),
    index("users_manager_idx").on(t.managerId),
    check("users_role_check", sql`${t.role} in ('rep', 'manager', 'admin')`),
    check("users_capacity_check", sql`${t.capacity} is null or ${t.capacity} >= 0`),
  ],
);

/** Browser sessions; only a hash of the cookie value is stored. */
export const sessions = pgTable(
  "sessions",
  {
    id: serial("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: tz("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** API tokens for integrations: shown once, stored hashed, scoped and revocable. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: serial("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull().default("cli"),
    tokenHash: text("token_hash").notNull().unique(),
    scopes: text("scopes").array().notNull().default(sql`'{read,write}'::text[]`),
    createdAt: createdAt(),
    lastUsedAt: tz("last_used_at"),
    revokedAt: tz("revoked_at"),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

export const accounts = pgTable("accounts", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  sector: text("sector"),
  employees: integer("employees"),
  /** Annual revenue as the export states it (the sample uses USD millions). */
  revenue: doublePrecision("revenue"),
  location: text("location"),
  yearEstablished: integer("year_established"),
  subsidiaryOf: text("subsidiary_of"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const products = pgTable("products", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  series: text("series"),
  priceCents: money("price_cents"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Pipeline stages, ordered. `phase` says where a manager's time belongs (D3): early-stage
 * work (diagnosis, strategy, mutual action plans) or late-stage. Won and Lost are closing
 * stages (`closes` = the outcome they set).
 */
export const stages = pgTable("stages", {
  id: serial("id").primaryKey(),
  name: text("name").notNull().unique(),
  position: integer("position").notNull(),
  phase: text("phase", { enum: ["early", "late", "closed"] }).notNull(),
  closes: text("closes", { enum: ["won", "lost"] }),
});

export const opportunities = pgTable(
  "opportunities",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    externalId: text("external_id").notNull().unique(),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => users.id),
    accountId: integer("account_id").references(() => accounts.id),
    productId: integer("product_id").references(() => products.id),
    stageId: integer("stage_id")
      .notNull()
      .references(() => stages.id),
    outcome: text("outcome", { enum: OUTCOMES }).notNull().default("open"),
    /** Null when the export does not say (the sample's open deals carry no value). */
    valueCents: money("value_cents"),
    costCents: money("cost_cents"),
    /** Discount granted, percent of list price (maverick discounting, D3). */
    discountPct: doublePrecision("discount_pct"),
    /** When the opportunity was created (prospecting began); engage = first real engagement. */
    createdOn: tz("created_on"),
    engagedAt: tz("engaged_at"),
    closedAt: tz("closed_at"),
    stageChangedAt: tz("stage_changed_at"),
    nextStep: text("next_step"),
    nextStepDue: tz("next_step_due"),
    mutualActionPlan: text("mutual_action_plan"),
    strategy: text("strategy"),
    leadId: bigint("lead_id", { mode: "number" }).references((): AnyPgColumn => leads.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("opportunities_owner_idx").on(t.ownerId, t.outcome),
    index("opportunities_closed_idx").on(t.ownerId, t.closedAt),
    check("opportunities_outcome_check", sql`${t.outcome} in ('open', 'won', 'lost')`),
    check("opportunities_open_not_closed_check", sql`${t.outcome} <> 'open' or ${t.closedAt} is null`),
  ],
);

export const leads = pgTable(
  "leads",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    externalId: text("external_id").notNull().unique(),
    teamId: integer("team_id").references(() => teams.id),
    arrivedAt: tz("arrived_at").notNull(),
    productId: integer("product_id").references(() => products.id),
    segment: text("segment"),
    region: text("region"),
    language: text("language"),
    accountId: integer("account_id").references(() => accounts.id),
    source: text("source"),
    valueCents: money("value_cents"),
    status: text("status", { enum: ["new", "assigned", "unassigned", "converted", "closed"] })
      .notNull()
      .default("new"),
    assigneeId: integer("assignee_id").references(() => users.id),
    assignedAt: tz("assigned_at"),
    firstTouchAt: tz("first_touch_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("leads_assignee_idx").on(t.assigneeId, t.status), index("leads_team_arrived_idx").on(t.teamId, t.arrivedAt)],
);

export const activities = pgTable(
  "activities",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    externalId: text("external_id").unique(),
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: ACTIVITY_KINDS }).notNull(),
    proactive: boolean("proactive").notNull(),
    at: tz("at").notNull(),
    durationMinutes: integer("duration_minutes"),
    accountId: integer("account_id").references(() => accounts.id),
    opportunityId: bigint("opportunity_id", { mode: "number" }).references(() => opportunities.id),
    leadId: bigint("lead_id", { mode: "number" }).references(() => leads.id),
    outcome: text("outcome"),
    /** Field visits (D7): where, and when the rep checked out. */
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    checkOutAt: tz("check_out_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("activities_rep_at_idx").on(t.repId, t.at),
    index("activities_lead_idx").on(t.leadId),
    check(
      "activities_kind_check",
      sql`${t.kind} in ('call','email','meeting','visit','proposal','follow-up','next-step','opportunity-created')`,
    ),
  ],
);

/**
 * Activity counts per rep, UTC day, kind and proactive flag, maintained by statement-level
 * triggers on `activities` (see the custom migration) so scorecards and routing read
 * aggregates instead of scanning raw rows.
 */
export const activityDaily = pgTable(
  "activity_daily",
  {
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id),
    day: date("day", { mode: "string" }).notNull(),
    kind: text("kind", { enum: ACTIVITY_KINDS }).notNull(),
    proactive: boolean("proactive").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.repId, t.day, t.kind, t.proactive] })],
);

/** Revenue requirement per rep and period (`2017-Q3` or `2017-08`). */
export const quotas = pgTable(
  "quotas",
  {
    id: serial("id").primaryKey(),
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    periodStart: date("period_start", { mode: "string" }).notNull(),
    periodEnd: date("period_end", { mode: "string" }).notNull(),
    amountCents: money("amount_cents").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("quotas_rep_period_idx").on(t.repId, t.period)],
);

/** Routing parameters per team, versioned: a change is a new row, never an update. */
export const routingSettings = pgTable(
  "routing_settings",
  {
    id: serial("id").primaryKey(),
    teamId: integer("team_id").references(() => teams.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    policy: text("policy", { enum: ["equilibrium", "milk-round", "top-performer"] }).notNull(),
    params: jsonb("params").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("routing_settings_team_version_idx").on(t.teamId, t.version)],
);

/** Each lead decision with its explanation, stored as decided and never recomputed. */
export const routingDecisions = pgTable(
  "routing_decisions",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    leadId: bigint("lead_id", { mode: "number" })
      .notNull()
      .references(() => leads.id),
    teamId: integer("team_id").references(() => teams.id),
    policy: text("policy").notNull(),
    settingsVersion: integer("settings_version"),
    assigneeId: integer("assignee_id").references(() => users.id),
    runnerUpId: integer("runner_up_id").references(() => users.id),
    margin: doublePrecision("margin"),
    reason: text("reason").notNull(),
    explanation: jsonb("explanation").notNull(),
    /** `initial`, or `sla-reroute` linked to the decision it replaces. */
    kind: text("kind").notNull().default("initial"),
    previousDecisionId: bigint("previous_decision_id", { mode: "number" }).references(
      (): AnyPgColumn => routingDecisions.id,
    ),
    decidedAt: tz("decided_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("routing_decisions_team_idx").on(t.teamId, t.decidedAt), index("routing_decisions_lead_idx").on(t.leadId)],
);

/** Append-only: a trigger rejects UPDATE and DELETE (custom migration). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: tz("at").notNull().defaultNow(),
    actorId: integer("actor_id"),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [index("audit_log_entity_idx").on(t.entity, t.entityId), index("audit_log_at_idx").on(t.at)],
);

/** Key/value facts about the store itself (demo seed loaded, schema notes). */
export const meta = pgTable("meta", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
});

/**
 * Per-team settings that are not routing: stage win probabilities, scorecard weights and
 * targets, the ideal customer profile, pacing thresholds. One row per (team, key); a null
 * team is the organisation default.
 */
export const teamSettings = pgTable(
  "team_settings",
  {
    id: serial("id").primaryKey(),
    teamId: integer("team_id").references(() => teams.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    value: jsonb("value").notNull(),
    updatedBy: integer("updated_by").references(() => users.id),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("team_settings_team_key_idx").on(sql`coalesce(${t.teamId}, 0)`, t.key)],
);

/**
 * Pacing alerts (D4): raised the first day a rep falls behind, shown to the rep at once and
 * to the manager after the team's grace period (`visibleToManagerAt`).
 */
export const pacingAlerts = pgTable(
  "pacing_alerts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    period: text("period").notNull(),
    status: text("status", { enum: ["behind", "at-risk"] }).notNull(),
    /** The day the status was first seen (UTC date). */
    day: date("day", { mode: "string" }).notNull(),
    reason: text("reason").notNull(),
    details: jsonb("details"),
    raisedAt: tz("raised_at").notNull(),
    visibleToManagerAt: tz("visible_to_manager_at").notNull(),
    resolvedAt: tz("resolved_at"),
  },
  (t) => [uniqueIndex("pacing_alerts_rep_period_day_idx").on(t.repId, t.period, t.status, t.day), index("pacing_alerts_rep_idx").on(t.repId)],
);
