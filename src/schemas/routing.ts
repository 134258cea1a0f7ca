/**
 * Lead routing over the API and the CLI: the decision JSON both print, the lead a client
 * posts, settings, preview, the team's lead feed and a rep's "what would win me the next one".
 */
import { z } from "zod";
import { intIdSchema } from "./ids.js";
import { instantInputSchema } from "../domain/periods.js";
import { ROUTING_POLICIES, routingParamsSchema } from "../domain/routing/types.js";

export const routingPolicySchema = z.enum(ROUTING_POLICIES);

const score = z.number().nullable();

/** One rep of the team as the decision saw them; numbers a policy does not use are null. */
export const decisionCandidateSchema = z.object({
  rep: z.string(),
  repId: z.number().int(),
  /** 1 = the assignee; null when excluded. */
  rank: z.number().int().nullable(),
  m: score,
  M: score,
  a: score,
  A: score,
  S: score,
  /** Null, or the constraint that excluded the rep, in words. */
  excluded: z.string().nullable(),
  /** The counts behind m and a (the lead feed fills them, so the page can say "won 8 of 12"). */
  counts: z
    .object({
      /** Won / closed among deals like the lead, and overall, in the merit window. */
      winsSimilar: z.number(),
      closedSimilar: z.number(),
      winsAll: z.number(),
      closedAll: z.number(),
      /** Rank of the rep's points among eligible reps (1 = most); null when excluded. */
      pointsRank: z.number().int().nullable(),
      /** Leads received in the recent-leads window (the first tie-break) and open leads at the time. */
      leadsRecent: z.number(),
      openLeads: z.number(),
    })
    .optional(),
});

export const DECISION_KINDS = ["initial", "sla-reroute"] as const;

export const decisionSchema = z.object({
  id: z.number().int(),
  /** The lead's external id. */
  lead: z.string(),
  leadId: z.number().int(),
  teamId: z.number().int().nullable(),
  kind: z.enum(DECISION_KINDS),
  previousDecisionId: z.number().int().nullable(),
  policy: routingPolicySchema,
  /** The rep's name, or null when nobody was eligible. */
  assignee: z.string().nullable(),
  assigneeId: z.number().int().nullable(),
  runnerUp: z.string().nullable(),
  margin: score,
  reason: z.string(),
  /** The activity target used (null when the policy ignores activity). */
  T: score,
  settingsVersion: z.number().int(),
  decidedAt: z.iso.datetime(),
  candidates: z.array(decisionCandidateSchema),
  /**
   * How many reps the decision weighed (the lead feed fills it). With the feed's
   * `candidates=summary`, `candidates` holds only the winner, the runner-up and the excluded reps.
   */
  candidateCount: z.number().int().optional(),
  /** The lead as stored (value in major units); the lead feed fills it for its cards. */
  leadInfo: z
    .object({
      product: z.string().nullable(),
      segment: z.string().nullable(),
      region: z.string().nullable(),
      language: z.string().nullable(),
      source: z.string().nullable(),
      value: z.number().nullable(),
      arrivedAt: z.iso.datetime(),
    })
    .optional(),
  /** What the numbers rest on (the lead feed fills it): windows, blend and where T came from. */
  basis: z
    .object({
      /** The words for "deals like this one", e.g. "GTX Pro". */
      similarity: z.string(),
      pTeam: score,
      targetSource: z.enum(["manager", "percentile"]).nullable(),
      eligibleCount: z.number().int(),
      meritWeight: z.number(),
      smoothingK: z.number(),
      meritWindowDays: z.number().int(),
      activityWindowDays: z.number().int(),
      recentLeadsWindowDays: z.number().int(),
    })
    .optional(),
  /** For an SLA re-route: who had the lead before (the lead feed fills it). */
  previousAssignee: z.string().nullable().optional(),
});
export type DecisionJson = z.infer<typeof decisionSchema>;

export const decisionListSchema = z.object({ decisions: z.array(decisionSchema) });

const optionalText = z.string().trim().min(1).max(200).nullish();

/** A lead to route. Names, not ids, for product and account; team by name or id (neither = organisation-wide). */
export const leadPostSchema = z
  .object({
    externalId: z.string().trim().min(1).max(200),
    arrivedAt: instantInputSchema.optional().describe("Default: now. The decision is made as of this time."),
    team: optionalText,
    teamId: intIdSchema.nullish(),
    product: optionalText,
    segment: optionalText,
    region: optionalText,
    language: optionalText,
    account: optionalText,
    source: optionalText,
    /** Deal value in major units (stored as cents). */
    value: z.number().nonnegative().max(1e13).nullish(),
  })
  .strict();
export type LeadPost = z.infer<typeof leadPostSchema>;

export const MAX_BULK_LEADS = 1000;
export const leadBulkSchema = z.array(leadPostSchema).min(1).max(MAX_BULK_LEADS);

export const routingSettingsResponseSchema = z.object({
  teamId: z.number().int(),
  policy: routingPolicySchema,
  version: z.number().int(),
  params: routingParamsSchema,
  createdAt: z.iso.datetime().nullable(),
});

export const routingSettingsPutSchema = z
  .object({ policy: routingPolicySchema, params: z.record(z.string(), z.unknown()).default({}) })
  .strict();

export const previewRequestSchema = z
  .object({
    policy: routingPolicySchema,
    params: z.record(z.string(), z.unknown()).optional(),
    lastN: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export const previewResponseSchema = z.object({
  policy: routingPolicySchema,
  leads: z.array(
    z.object({
      lead: z.string(),
      arrivedAt: z.iso.datetime(),
      actual: z.string().nullable(),
      preview: z.string().nullable(),
      changed: z.boolean(),
      reason: z.string(),
    }),
  ),
  summary: z.object({
    leads: z.number().int(),
    changedHands: z.number().int(),
    /** Leads per rep name under the actual decisions and under the preview. */
    actualPerRep: z.record(z.string(), z.number().int()),
    previewPerRep: z.record(z.string(), z.number().int()),
  }),
});
export type PreviewResponse = z.infer<typeof previewResponseSchema>;

export const FEED_CANDIDATES = ["all", "summary"] as const;

export const feedQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Decisions with an id below this one (paging). */
  before: z.coerce.number().int().positive().optional(),
  candidates: z
    .enum(FEED_CANDIDATES)
    .default("all")
    .describe("all: every rep each decision weighed; summary: the winner, the runner-up and the excluded reps (what a feed card shows)"),
});
export type FeedQuery = z.infer<typeof feedQuerySchema>;

export const nextLeadSchema = z.object({
  repId: z.number().int(),
  rep: z.string(),
  leads: z.array(
    z.object({
      decisionId: z.number().int(),
      lead: z.string(),
      decidedAt: z.iso.datetime(),
      assignee: z.string().nullable(),
      outcome: z.enum(["won", "points", "merit", "excluded", "not-applicable", "not-a-candidate"]),
      /** Extra proactive points in the activity window that would have won it (outcome "points"). */
      pointsNeeded: z.number().nullable(),
      message: z.string(),
      /** The lead's product, for context. */
      product: z.string().nullable().optional(),
      /** Why the rep could not win it on activity: the constraint (excluded) or the policy (not-applicable); else null. */
      reason: z.string().nullable().optional(),
    }),
  ),
  /** The activity weights and window of the newest decision (null without one), to put points in calls and meetings. */
  activityWeights: z.record(z.string(), z.number()).nullable().optional(),
  activityWindowDays: z.number().int().nullable().optional(),
});
export type NextLead = z.infer<typeof nextLeadSchema>;
