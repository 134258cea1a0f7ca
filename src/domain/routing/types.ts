/**
 * Inputs and outputs of the pure lead-routing core (D1). Everything here is plain data: the
 * store fills the inputs from its maintained aggregates, `routeLead` returns a decision whose
 * `explanation` is JSON-serialisable and stored forever.
 *
 * The domain keeps its own copy of the activity kinds (it imports nothing from the store);
 * a test checks it equals the store's list.
 */
import { z } from "zod";

export const ROUTING_POLICIES = ["equilibrium", "milk-round", "top-performer"] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

export const ROUTING_ACTIVITY_KINDS = [
  "call",
  "email",
  "meeting",
  "visit",
  "proposal",
  "follow-up",
  "next-step",
  "opportunity-created",
] as const;
export type RoutingActivityKind = (typeof ROUTING_ACTIVITY_KINDS)[number];

/** Lead attributes that can define "similar" closed opportunities. */
export const SIMILARITY_KEYS = ["product", "segment", "region", "sizeBand"] as const;
export type SimilarityKey = (typeof SIMILARITY_KEYS)[number];

/** Per-kind points of a proactive activity. Reactive activities always count 0. */
export const DEFAULT_ACTIVITY_WEIGHTS: Record<RoutingActivityKind, number> = {
  call: 1,
  email: 0.5,
  meeting: 3,
  visit: 3,
  proposal: 2,
  "follow-up": 0,
  "next-step": 0,
  "opportunity-created": 5,
};

/** Points are kept in hundredths internally so sums are exact; weights must be multiples of 0.01. */
const weight = (fallback: number) =>
  z
    .number()
    .min(0)
    .refine((w) => Math.abs(Math.round(w * 100) - w * 100) < 1e-6, "weights are in hundredths of a point")
    .default(fallback);

const activityWeightsSchema = z.object({
  call: weight(DEFAULT_ACTIVITY_WEIGHTS.call),
  email: weight(DEFAULT_ACTIVITY_WEIGHTS.email),
  meeting: weight(DEFAULT_ACTIVITY_WEIGHTS.meeting),
  visit: weight(DEFAULT_ACTIVITY_WEIGHTS.visit),
  proposal: weight(DEFAULT_ACTIVITY_WEIGHTS.proposal),
  "follow-up": weight(DEFAULT_ACTIVITY_WEIGHTS["follow-up"]),
  "next-step": weight(DEFAULT_ACTIVITY_WEIGHTS["next-step"]),
  "opportunity-created": weight(DEFAULT_ACTIVITY_WEIGHTS["opportunity-created"]),
});

const days = (fallback: number) => z.number().int().positive().max(3660).default(fallback);

/**
 * Per-team routing parameters (stored versioned in `routing_settings.params`). Parsing `{}`
 * yields every default; unknown keys are dropped.
 */
export const routingParamsSchema = z.object({
  /** Lead attributes a closed opportunity must share to count as "similar". */
  similarityKeys: z
    .array(z.enum(SIMILARITY_KEYS))
    .min(1)
    .refine((keys) => new Set(keys).size === keys.length, "similarity keys must be unique")
    .default(["product"]),
  /** Window for closed opportunities (merit), by close date. */
  meritWindowDays: days(365),
  /** Window for proactive activity points. */
  activityWindowDays: days(14),
  /** Window for "leads received", the first tie-break. */
  recentLeadsWindowDays: days(30),
  /** Smoothing strength k: how many closed deals' worth of prior each estimate starts with. */
  smoothingK: z.number().positive().max(1000).default(5),
  activityWeights: activityWeightsSchema.default(() => ({ ...DEFAULT_ACTIVITY_WEIGHTS })),
  /** The manager's target T of proactive points per activity window; null = 75th percentile. */
  activityTarget: z.number().min(0).nullable().default(null),
  /** w in S = M^w · A^(1−w): the merit share of the blend. */
  meritWeight: z.number().gt(0).lt(1).default(0.5),
  /** Open-lead cap for reps who have no capacity of their own; null = no cap. */
  defaultCapacity: z.number().int().min(0).nullable().default(null),
  /** Hours an assigned lead may wait for its first touch before it is re-routed (SLA). */
  slaHours: z.number().positive().max(8760).default(24),
  /** Upper edges (cents, ascending) of the deal size bands used by the `sizeBand` key. */
  sizeBandEdgesCents: z
    .array(z.number().int().positive())
    .refine((e) => e.every((v, i) => i === 0 || v > e[i - 1]!), "size band edges must ascend")
    .default([1_000_000, 10_000_000, 100_000_000]),
});
export type RoutingParams = z.infer<typeof routingParamsSchema>;
export type RoutingParamsInput = z.input<typeof routingParamsSchema>;

export const DEFAULT_ROUTING_PARAMS: RoutingParams = routingParamsSchema.parse({});

export const routingSettingsSchema = z.object({
  policy: z.enum(ROUTING_POLICIES).default("equilibrium"),
  /** The `routing_settings.version` these came from; recorded in every decision. */
  version: z.number().int().min(0),
  params: routingParamsSchema.default(() => routingParamsSchema.parse({})),
});
export type RoutingSettings = z.infer<typeof routingSettingsSchema>;

/** The lead being routed. Attribute values are names (product name, region code, …). */
export interface LeadInput {
  id: number;
  /** Human reference shown in reasons, e.g. the external id "L-123". */
  ref: string;
  product: string | null;
  segment: string | null;
  region: string | null;
  language: string | null;
  /** Band label from `sizeBandOf(value, params.sizeBandEdgesCents)`, when the value is known. */
  sizeBand: string | null;
}

/** Closed-opportunity counts in the merit window `[t − meritWindowDays, t)`, by close date. */
export interface HistoryCounts {
  /** Won / closed among opportunities similar to the lead (same values on every similarity key). */
  winsSimilar: number;
  closedSimilar: number;
  /** Won / closed among all the rep's opportunities. */
  winsAll: number;
  closedAll: number;
}

/**
 * One user of the lead's team as the store knows them at t. Pass every member: non-reps are
 * dropped (only reps take leads), constraint failures are reported in the explanation.
 */
export interface CandidateInput {
  id: number;
  name: string;
  role: "rep" | "manager" | "admin";
  active: boolean;
  /** Out of office over `[from, to)`; either end may be open. Both null = available. */
  outOfOfficeFrom: Date | null;
  outOfOfficeTo: Date | null;
  /** Routing attributes; an empty list means "no restriction". */
  regions: readonly string[];
  segments: readonly string[];
  products: readonly string[];
  languages: readonly string[];
  /** Open-lead cap of this rep; null falls back to `params.defaultCapacity`. */
  capacity: number | null;
  /** Leads currently assigned to the rep and still open. */
  openLeads: number;
  /** Leads the rep received in `[t − recentLeadsWindowDays, t)` (first tie-break). */
  leadsLast30Days: number;
  history: HistoryCounts;
  /** Counts of *proactive* activities per kind in `[t − activityWindowDays, t)`. Integers. */
  proactiveActivity: Partial<Record<RoutingActivityKind, number>>;
  /** A caller's reason that excludes the rep before any other check (an SLA re-route's previous assignee). */
  exclusion?: string | null;
}

/** What the store knows besides the candidates. */
export interface RoutingState {
  /** The decision time t (the lead's arrival, or the moment of an SLA re-route). */
  now: Date;
  /** Won / closed over all the team's opportunities in the merit window (for p_team). */
  teamHistory: { wins: number; closed: number };
  /** Milk-round: the last rep who received a lead from this rotation, if any. */
  lastRotationAssigneeId: number | null;
}

const score = z.number().nullable();

/** One team rep as the decision saw them. Numbers a policy does not use are null. */
export const candidateExplanationSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  /** 1 = winner among eligible reps; null when excluded. */
  rank: z.number().int().nullable(),
  /** Null, or the first constraint the rep failed, in words. */
  excluded: z.string().nullable(),
  /** Smoothed overall win rate p_r and smoothed similar win rate m. */
  pR: score,
  m: score,
  /** Relative merit M = m / max m (eligible reps only). */
  M: score,
  /** Proactive points a and activity A = min(1, a / T). */
  a: score,
  A: score,
  S: score,
  /** Competition rank of a among eligible reps (1 = most points). */
  pointsRank: z.number().int().nullable(),
  winsSimilar: z.number(),
  closedSimilar: z.number(),
  winsAll: z.number(),
  closedAll: z.number(),
  leadsLast30Days: z.number(),
  openLeads: z.number(),
});
export type CandidateExplanation = z.infer<typeof candidateExplanationSchema>;

/** The stored, self-contained account of one decision (read back by `pointsNeededToWin`). */
export const decisionExplanationSchema = z.object({
  format: z.literal(1),
  policy: z.enum(ROUTING_POLICIES),
  settingsVersion: z.number().int(),
  decidedAt: z.string(),
  lead: z.object({
    id: z.number().int(),
    ref: z.string(),
    product: z.string().nullable(),
    segment: z.string().nullable(),
    region: z.string().nullable(),
    language: z.string().nullable(),
    sizeBand: z.string().nullable(),
  }),
  params: routingParamsSchema,
  /** The similarity keys the lead had values for, and their words ("GTX Pro"). */
  similarity: z.object({ keys: z.array(z.enum(SIMILARITY_KEYS)), label: z.string() }),
  team: z.object({ wins: z.number(), closed: z.number(), pTeam: score }),
  /** The activity target used (null when the policy ignores activity or nobody was eligible). */
  T: score,
  targetSource: z.enum(["manager", "percentile"]).nullable(),
  eligibleCount: z.number().int(),
  winner: candidateExplanationSchema.nullable(),
  runnerUp: candidateExplanationSchema.nullable(),
  /** S_winner − S_runnerUp (equilibrium), m_winner − m_runnerUp (top-performer), else null. */
  margin: score,
  previousRotationAssigneeId: z.number().int().nullable(),
  /** Eligible reps in rank order, then excluded reps by id. */
  candidates: z.array(candidateExplanationSchema),
});
export type DecisionExplanation = z.infer<typeof decisionExplanationSchema>;

/** What `routeLead` returns: the columns of `routing_decisions`, ready to insert. */
export interface RoutingDecision {
  leadId: number;
  policy: RoutingPolicy;
  settingsVersion: number;
  decidedAt: Date;
  assigneeId: number | null;
  runnerUpId: number | null;
  margin: number | null;
  reason: string;
  explanation: DecisionExplanation;
}
