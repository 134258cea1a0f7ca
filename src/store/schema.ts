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
  customType,
  date,
  doublePrecision,
  index,
  integer,
  json,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

/** Bytes: Buffer from node-postgres, Uint8Array from PGlite. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => "bytea" });
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
  (t) => [
    index("leads_assignee_idx").on(t.assigneeId, t.status),
    index("leads_team_arrived_idx").on(t.teamId, t.arrivedAt),
    // The SLA sweep: assigned leads nobody has touched yet, oldest assignment first.
    index("leads_sla_idx").on(t.assignedAt).where(sql`${t.status} = 'assigned' and ${t.firstTouchAt} is null`),
  ],
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

/**
 * The month rollup of activity_daily, one row per rep and month (its first day) with one count
 * per kind and flag (the custom migration 0008, whose triggers on `activities` keep every row the
 * sum of the month's activity_daily rows). Scorecards, KPIs and tiers read whole months here
 * (activity-counts.ts), which names every column: a new activity kind needs its two here.
 */
export const activityMonthly = pgTable(
  "activity_monthly",
  {
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id),
    month: date("month", { mode: "string" }).notNull(),
    callProactive: integer("call_proactive").notNull().default(0),
    callReactive: integer("call_reactive").notNull().default(0),
    emailProactive: integer("email_proactive").notNull().default(0),
    emailReactive: integer("email_reactive").notNull().default(0),
    meetingProactive: integer("meeting_proactive").notNull().default(0),
    meetingReactive: integer("meeting_reactive").notNull().default(0),
    visitProactive: integer("visit_proactive").notNull().default(0),
    visitReactive: integer("visit_reactive").notNull().default(0),
    proposalProactive: integer("proposal_proactive").notNull().default(0),
    proposalReactive: integer("proposal_reactive").notNull().default(0),
    followUpProactive: integer("follow_up_proactive").notNull().default(0),
    followUpReactive: integer("follow_up_reactive").notNull().default(0),
    nextStepProactive: integer("next_step_proactive").notNull().default(0),
    nextStepReactive: integer("next_step_reactive").notNull().default(0),
    opportunityCreatedProactive: integer("opportunity_created_proactive").notNull().default(0),
    opportunityCreatedReactive: integer("opportunity_created_reactive").notNull().default(0),
  },
  (t) => [primaryKey({ name: "activity_monthly_pk", columns: [t.repId, t.month] })],
);

/**
 * DEAL documents (D6.4), one row per `meeting` activity: how long until its first follow-up by
 * the same rep on the same account or opportunity within 24 hours (`delay_ms`, null when none),
 * by the rule of src/domain/scorecards/deal-documents.ts. The meeting's rep, time, account and
 * opportunity are copied so a new follow-up finds its meetings here. Maintained by
 * statement-level triggers on `activities` (the custom migration 0012) so the KPI reads this
 * aggregate, never the raw meetings and follow-ups.
 */
export const meetingFollowUps = pgTable(
  "meeting_follow_ups",
  {
    activityId: bigint("activity_id", { mode: "number" })
      .primaryKey()
      .references(() => activities.id, { onDelete: "cascade" }),
    repId: integer("rep_id").notNull(),
    at: tz("at").notNull(),
    accountId: integer("account_id"),
    opportunityId: bigint("opportunity_id", { mode: "number" }),
    delayMs: bigint("delay_ms", { mode: "number" }),
  },
  (t) => [index("meeting_follow_ups_rep_at_idx").on(t.repId, t.at)],
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
    /**
     * The explanation in its stored form (src/domain/routing/stored.ts), read only through
     * `decodeExplanation`; exactly one of `explanation` and `explanationPacked` is set.
     * Decisions store it in `explanationPacked`: format 4, columnar (each candidate one array of
     * values in the order of `columns`, its five doubles derived when read; winner and runner-up
     * as indexes), or format 3 when the doubles do not follow from the rest (stored as bytes), in
     * MessagePack (~30 KB at 1,000 reps). Rows written before it hold JSON here: format 4
     * (~50 KB), 3 (~100 KB), 2 (the doubles among the values, ~140 KB) or 1, the explanation
     * object itself (~300 KB). `json`, not `jsonb`, and `bytea`: written once and always read
     * whole; parsing into jsonb cost more than the rest of the decision. Compressed with lz4 on
     * PostgreSQL, stored uncompressed on PGlite (no lz4 there, and pglz made the write 1.5–2.5×
     * slower).
     */
    explanation: json("explanation"),
    explanationPacked: bytea("explanation_packed"),
    /** `initial`, or `sla-reroute` linked to the decision it replaces. */
    kind: text("kind").notNull().default("initial"),
    previousDecisionId: bigint("previous_decision_id", { mode: "number" }).references(
      (): AnyPgColumn => routingDecisions.id,
    ),
    decidedAt: tz("decided_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("routing_decisions_team_idx").on(t.teamId, t.decidedAt),
    index("routing_decisions_lead_idx").on(t.leadId),
    // One initial decision per lead, whatever races happen.
    uniqueIndex("routing_decisions_initial_idx").on(t.leadId).where(sql`${t.kind} = 'initial'`),
    index("routing_decisions_assignee_idx").on(t.assigneeId, t.decidedAt),
    check("routing_decisions_one_explanation", sql`(${t.explanation} is null) <> (${t.explanationPacked} is null)`),
  ],
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
    /** When `pacing.escalated` went to the outbox (once per alert; the outbox row itself may be pruned). */
    escalatedAt: tz("escalated_at"),
  },
  (t) => [uniqueIndex("pacing_alerts_rep_period_day_idx").on(t.repId, t.period, t.status, t.day), index("pacing_alerts_rep_idx").on(t.repId)],
);

/**
 * Routing state per team (team_key = team id, 0 for organisation-wide leads). A decision
 * locks its team's row (`SELECT … FOR UPDATE`) so concurrent decisions of one team serialize.
 */
export const routingState = pgTable("routing_state", {
  teamKey: integer("team_key").primaryKey(),
  lastRotationAssigneeId: integer("last_rotation_assignee_id").references(() => users.id, { onDelete: "set null" }),
  updatedAt: updatedAt(),
});

/**
 * Closed opportunities per owner, UTC close day and similarity keys, maintained by triggers
 * on `opportunities` (custom migration), so merit over a window is a small SUM. Keys use
 * sentinels instead of NULL (primary key): product 0, segment/region '', value_digits -1.
 * segment = the account's size segment (by employees), region = the owner's team region,
 * value_digits = number of decimal digits of value_cents (power-of-ten size bands).
 */
export const opportunityCloseDaily = pgTable(
  "opportunity_close_daily",
  {
    repId: integer("rep_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    productId: integer("product_id").notNull(),
    segment: text("segment").notNull(),
    region: text("region").notNull(),
    valueDigits: integer("value_digits").notNull(),
    wins: integer("wins").notNull(),
    closed: integer("closed").notNull(),
  },
  (t) => [primaryKey({ columns: [t.repId, t.day, t.productId, t.segment, t.region, t.valueDigits] })],
);

/** Leads each rep received per UTC day (by assigned_at), maintained by a trigger on `leads`. */
export const leadReceivedDaily = pgTable(
  "lead_received_daily",
  {
    repId: integer("rep_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    received: integer("received").notNull(),
  },
  (t) => [primaryKey({ columns: [t.repId, t.day] })],
);

/** Open (status assigned) leads per rep, maintained by a trigger on `leads`. */
export const repLeadLoad = pgTable("rep_lead_load", {
  repId: integer("rep_id").primaryKey(),
  openLeads: integer("open_leads").notNull(),
});

/**
 * Routing snapshots: per team key (team id, 0 = organisation-wide), UTC day and rep, each
 * count *before midnight* of the day (a prefix sum from the beginning of history: `*_cp`) and
 * the times of that day's events in milliseconds after midnight, sorted (`*_ms`, null = none), so
 * the count before any instant of the day is `cp + width_bucket(ms − 1, times)` and a window is the
 * difference of two such reads. Built lazily by the first decision that needs a day (from the
 * daily aggregates and that day's raw rows), then kept exact by triggers (custom migration;
 * docs/ROUTING.md, "Where the numbers come from").
 */
/** Sorted times (ms after midnight); null when there are none (width_bucket is then skipped). */
const snapshotTimes = (name: string) => integer(name).array();
export const routingRepSnapshot = pgTable(
  "routing_rep_snapshot",
  {
    teamKey: integer("team_key").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    repId: integer("rep_id").notNull(),
    /** Proactive activities per kind before midnight, and their times on the day. */
    callCp: integer("call_cp").notNull(),
    emailCp: integer("email_cp").notNull(),
    meetingCp: integer("meeting_cp").notNull(),
    visitCp: integer("visit_cp").notNull(),
    proposalCp: integer("proposal_cp").notNull(),
    followUpCp: integer("follow_up_cp").notNull(),
    nextStepCp: integer("next_step_cp").notNull(),
    opportunityCreatedCp: integer("opportunity_created_cp").notNull(),
    callMs: snapshotTimes("call_ms"),
    emailMs: snapshotTimes("email_ms"),
    meetingMs: snapshotTimes("meeting_ms"),
    visitMs: snapshotTimes("visit_ms"),
    proposalMs: snapshotTimes("proposal_ms"),
    followUpMs: snapshotTimes("follow_up_ms"),
    nextStepMs: snapshotTimes("next_step_ms"),
    opportunityCreatedMs: snapshotTimes("opportunity_created_ms"),
    /** Leads received (decisions that assigned the rep). */
    receivedCp: integer("received_cp").notNull(),
    receivedMs: snapshotTimes("received_ms"),
  },
  (t) => [primaryKey({ columns: [t.teamKey, t.day, t.repId] }), index("routing_rep_snapshot_rep_idx").on(t.repId, t.day)],
);

/**
 * Versions of what a routing decision caches between decisions (src/store/routing/cache.ts):
 * `members` is bumped by a statement trigger on `users` (custom migration), so a server process
 * can keep a team's member list and check it is current in the same query that reads the counts.
 */
export const routingCacheVersion = pgTable("routing_cache_version", {
  name: text("name").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull(),
});

/**
 * Merit snapshots: like routing_rep_snapshot, for closed opportunities, per similarity filter
 * `sig` (the lead's effective keys and values, e.g. `["product=3"]`; `f_*` hold the same filter for
 * the triggers, null = any): wins and closed overall and among the similar ones.
 */
export const routingMeritSnapshot = pgTable(
  "routing_merit_snapshot",
  {
    teamKey: integer("team_key").notNull(),
    sig: text("sig").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    repId: integer("rep_id").notNull(),
    fProduct: integer("f_product"),
    fSegment: text("f_segment"),
    fRegion: text("f_region"),
    fDigitsMin: integer("f_digits_min"),
    fDigitsMax: integer("f_digits_max"),
    winsAll: integer("wins_all").notNull(),
    closedAll: integer("closed_all").notNull(),
    winsSimilar: integer("wins_similar").notNull(),
    closedSimilar: integer("closed_similar").notNull(),
    wonAllMs: snapshotTimes("won_all_ms"),
    closedAllMs: snapshotTimes("closed_all_ms"),
    wonSimilarMs: snapshotTimes("won_similar_ms"),
    closedSimilarMs: snapshotTimes("closed_similar_ms"),
  },
  (t) => [primaryKey({ columns: [t.teamKey, t.sig, t.day, t.repId] }), index("routing_merit_snapshot_rep_idx").on(t.repId, t.day)],
);

/** PostgreSQL's 64-bit transaction id (`xid8`), as text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/**
 * The routing change log (drizzle/0013_routing_changes.sql): one row per rep whose routing
 * snapshot or open-lead rows a statement changed, with the writing transaction's id. A server
 * process keeps a team's snapshot rows in memory between decisions (src/store/routing/
 * counts-cache.ts) and re-reads only the reps whose changes it had not seen: those whose `xid`
 * is not visible in the database snapshot of its last read.
 */
export const routingChanges = pgTable(
  "routing_changes",
  {
    xid: xid8("xid").notNull().default(sql`pg_current_xact_id()`),
    repId: integer("rep_id").notNull(),
    loggedAt: tz("logged_at").notNull().defaultNow(),
  },
  (t) => [index("routing_changes_xid_idx").on(t.xid), index("routing_changes_logged_at_idx").on(t.loggedAt)],
);

/** The newest transaction id pruned from routing_changes (one row): a cache read before it starts over. */
export const routingChangesHorizon = pgTable("routing_changes_horizon", {
  id: integer("id").primaryKey().default(1),
  xid: xid8("xid").notNull(),
});

/**
 * Idempotency keys of POST requests (src/server/idempotency.ts), per user, kept 24 hours:
 * the request's hash, and once it finished, the answer to replay.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    /** Null while the first request runs. */
    responseStatus: integer("response_status"),
    responseType: text("response_type"),
    responseBody: text("response_body"),
    createdAt: tz("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index("idempotency_keys_created_idx").on(t.createdAt)],
);

/**
 * The proactive cadence (D3, D5; docs/CADENCE.md). An update is a rep's word on a subject: an
 * opportunity's external id, `account:<name>`, or `rep` (their week). `preemptive` is the
 * classification stored at write time (no request on the subject open then); the domain's
 * `classifyUpdates` recomputes it from the whole history (imports do).
 */
export const updates = pgTable(
  "updates",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The import key; null for updates posted through the API. */
    externalId: text("external_id").unique(),
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    subject: text("subject").notNull(),
    opportunityId: bigint("opportunity_id", { mode: "number" }).references(() => opportunities.id, { onDelete: "set null" }),
    at: tz("at").notNull(),
    text: text("text").notNull().default(""),
    performatives: text("performatives").array().notNull(),
    preemptive: boolean("preemptive").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("updates_rep_subject_idx").on(t.repId, t.subject, t.at), index("updates_opportunity_idx").on(t.opportunityId, t.at)],
);

/** A manager's request for information, open until the rep's first update on its subject after it. */
export const infoRequests = pgTable(
  "info_requests",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    externalId: text("external_id").unique(),
    managerId: integer("manager_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    subject: text("subject").notNull(),
    at: tz("at").notNull(),
    text: text("text").notNull().default(""),
    answeredAt: tz("answered_at"),
    answeredByUpdate: bigint("answered_by_update", { mode: "number" }).references((): AnyPgColumn => updates.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("info_requests_rep_subject_idx").on(t.repId, t.subject, t.at)],
);

/** A recurring 1:1 per rep (one series per rep), set by their manager. */
export const oneOnOneSchedules = pgTable(
  "one_on_one_schedules",
  {
    id: serial("id").primaryKey(),
    managerId: integer("manager_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    repId: integer("rep_id")
      .notNull()
      .unique()
      .references(() => users.id, { onDelete: "cascade" }),
    weekday: integer("weekday").notNull(),
    time: text("time").notNull(),
    timeZone: text("time_zone").notNull().default("UTC"),
    durationMinutes: integer("duration_minutes").notNull().default(30),
    intervalWeeks: integer("interval_weeks").notNull().default(1),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("one_on_one_schedules_manager_idx").on(t.managerId),
    check("one_on_one_schedules_weekday_check", sql`${t.weekday} between 1 and 7`),
    check("one_on_one_schedules_interval_check", sql`${t.intervalWeeks} between 1 and 4`),
  ],
);

/**
 * One 1:1: a scheduled occurrence (made concrete when it enters the coaching queue) or an
 * unscheduled one. Notes are private to the rep, their manager and admins.
 */
export const oneOnOnes = pgTable(
  "one_on_ones",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    managerId: integer("manager_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    scheduledFor: tz("scheduled_for").notNull(),
    heldAt: tz("held_at"),
    notes: text("notes"),
    decisions: text("decisions"),
    /** The agenda as it was when the 1:1 was held. */
    agenda: jsonb("agenda"),
    /** When the 24 h reminder went to the outbox. */
    reminderQueuedAt: tz("reminder_queued_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("one_on_ones_occurrence_idx").on(t.managerId, t.repId, t.scheduledFor),
    index("one_on_ones_rep_idx").on(t.repId, t.scheduledFor),
  ],
);

/**
 * Promises: made in an update (`update_id`) or as a 1:1 commitment (`one_on_one_id`). Due at
 * the end of the due day (UTC); kept or broken when the rep marks it, broken when the day
 * passes unmarked (computed by the domain, never stored as a guess).
 */
export const promises = pgTable(
  "promises",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    updateId: bigint("update_id", { mode: "number" })
      .unique()
      .references(() => updates.id, { onDelete: "cascade" }),
    oneOnOneId: bigint("one_on_one_id", { mode: "number" }).references(() => oneOnOnes.id, { onDelete: "cascade" }),
    subject: text("subject").notNull(),
    text: text("text").notNull().default(""),
    due: date("due", { mode: "string" }).notNull(),
    kept: boolean("kept"),
    markedAt: tz("marked_at"),
    createdAt: createdAt(),
  },
  (t) => [index("promises_rep_due_idx").on(t.repId, t.due), index("promises_one_on_one_idx").on(t.oneOnOneId)],
);

/** A stale deal's nudge: the rep hears first (`nudged_rep_at`), the manager after the grace (`escalated_at`). */
export const staleNudges = pgTable(
  "stale_nudges",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    opportunityId: bigint("opportunity_id", { mode: "number" })
      .notNull()
      .references(() => opportunities.id, { onDelete: "cascade" }),
    repId: integer("rep_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    staleSince: tz("stale_since").notNull(),
    thresholdDays: doublePrecision("threshold_days").notNull(),
    lastTouchAt: tz("last_touch_at"),
    escalateDueAt: tz("escalate_due_at").notNull(),
    nudgedRepAt: tz("nudged_rep_at").notNull(),
    escalatedAt: tz("escalated_at"),
    /** Set when the deal is touched (or closes): the episode is over. */
    resolvedAt: tz("resolved_at"),
  },
  (t) => [
    uniqueIndex("stale_nudges_episode_idx").on(t.opportunityId, t.staleSince),
    // At most one open episode per deal.
    uniqueIndex("stale_nudges_open_idx").on(t.opportunityId).where(sql`${t.resolvedAt} is null`),
    index("stale_nudges_rep_idx").on(t.repId),
  ],
);

/**
 * Notifications, stored in the same transaction as the change that caused them, then delivered
 * by the dispatcher (src/notify). `available_at` is when the next attempt may start: a claim
 * pushes it forward (a lease), a failure sets the backoff.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: createdAt(),
    availableAt: tz("available_at").notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    deliveredAt: tz("delivered_at"),
    /** Given up after the last attempt. */
    failedAt: tz("failed_at"),
  },
  (t) => [
    index("outbox_due_idx").on(t.availableAt).where(sql`${t.deliveredAt} is null and ${t.failedAt} is null`),
    // Pruning finds delivered items by age (src/notify/outbox.ts).
    index("outbox_delivered_idx").on(t.deliveredAt).where(sql`${t.deliveredAt} is not null`),
  ],
);

/** Every delivery attempt of an outbox row to one target (a webhook or an email address). */
export const deliveries = pgTable(
  "deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    outboxId: bigint("outbox_id", { mode: "number" })
      .notNull()
      .references(() => outbox.id, { onDelete: "cascade" }),
    target: text("target").notNull(),
    attempt: integer("attempt").notNull(),
    status: text("status", { enum: ["delivered", "failed"] }).notNull(),
    responseCode: integer("response_code"),
    error: text("error"),
    /** How long the attempt took, from sending to the answer (or the error). */
    durationMs: integer("duration_ms"),
    at: tz("at").notNull(),
  },
  (t) => [index("deliveries_outbox_idx").on(t.outboxId, t.target)],
);

/** Where notifications are POSTed, signed with the endpoint's secret; a null team means every team. */
export const webhookEndpoints = pgTable("webhook_endpoints", {
  id: serial("id").primaryKey(),
  url: text("url").notNull(),
  secret: text("secret").notNull(),
  active: boolean("active").notNull().default(true),
  teamId: integer("team_id").references(() => teams.id, { onDelete: "cascade" }),
  createdBy: integer("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: createdAt(),
});
