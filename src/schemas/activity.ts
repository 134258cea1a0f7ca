/**
 * Logging activities and field visits (D7): what the activity form sends and what the API
 * answers. Times travel as ISO 8601 strings with an offset; they are stored in UTC.
 */
import { z } from "zod";
import { intIdSchema } from "./ids.js";
import { instantInputSchema } from "../domain/periods.js";
import { ACTIVITY_KIND_KEYS } from "./teams.js";

export const activityKindSchema = z.enum(ACTIVITY_KIND_KEYS);

const instant = instantInputSchema.transform((s) => new Date(s));
const id = intIdSchema;
const name = z.string().trim().min(1).max(300);

export const activityCreateSchema = z
  .object({
    /** Whose activity: yourself by default; a manager may log for a rep of their team. */
    repId: id.optional(),
    kind: activityKindSchema,
    /** Hunting work (D1). Not proactive unless said: the credit is earned, never assumed. */
    proactive: z.boolean().default(false),
    /** When it happened; default now. */
    at: instant.optional(),
    durationMinutes: z.number().int().min(0).max(24 * 60).nullable().optional(),
    /** The account by name, or by id. */
    account: name.optional(),
    accountId: id.optional(),
    /** The opportunity by its external id, or by id. */
    opportunity: name.optional(),
    opportunityId: z.number().int().positive().optional(),
    /** The lead by its external id. */
    lead: name.optional(),
    outcome: z.string().trim().max(2000).nullable().optional(),
    /** A key of your own so a retry does not log twice (unique). */
    externalId: name.optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.account !== undefined && body.accountId !== undefined)
      ctx.addIssue({ code: "custom", path: ["accountId"], message: "give account or accountId, not both" });
    if (body.opportunity !== undefined && body.opportunityId !== undefined)
      ctx.addIssue({ code: "custom", path: ["opportunityId"], message: "give opportunity or opportunityId, not both" });
  });
export type ActivityCreate = z.infer<typeof activityCreateSchema>;

export const activitySchema = z.object({
  id: z.number().int(),
  externalId: z.string().nullable(),
  repId: z.number().int(),
  repName: z.string(),
  kind: activityKindSchema,
  proactive: z.boolean(),
  at: z.iso.datetime(),
  durationMinutes: z.number().int().nullable(),
  accountId: z.number().int().nullable(),
  accountName: z.string().nullable(),
  opportunityId: z.number().int().nullable(),
  opportunityExternalId: z.string().nullable(),
  leadId: z.number().int().nullable(),
  outcome: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  /** Visits: when the rep checked out (null while on site). */
  checkOutAt: z.iso.datetime().nullable(),
});
export type Activity = z.infer<typeof activitySchema>;

export const activityListQuerySchema = z.object({
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const activityListSchema = z.object({ activities: z.array(activitySchema) });

export const latitudeSchema = z.number().min(-90).max(90);
export const longitudeSchema = z.number().min(-180).max(180);

export const checkInSchema = z
  .object({
    repId: id.optional(),
    account: name.optional(),
    accountId: id.optional(),
    latitude: latitudeSchema,
    longitude: longitudeSchema,
    at: instant.optional(),
    proactive: z.boolean().default(true),
    opportunity: name.optional(),
  })
  .strict()
  .refine((b) => (b.account === undefined) !== (b.accountId === undefined), {
    path: ["account"],
    message: "give the account visited (account or accountId)",
  });
export type CheckIn = z.infer<typeof checkInSchema>;

export const checkOutSchema = z
  .object({
    outcome: z.string().trim().min(1).max(2000),
    at: instant.optional(),
    latitude: latitudeSchema.optional(),
    longitude: longitudeSchema.optional(),
  })
  .strict();
export type CheckOut = z.infer<typeof checkOutSchema>;

export const visitParamsSchema = z.object({ id: z.coerce.number().int().positive() });

/** One server-sent event on /teams/:teamId/visits/stream. */
export const visitEventSchema = z.object({
  type: z.enum(["check-in", "check-out"]),
  teamId: z.number().int().nullable(),
  visit: activitySchema,
});
export type VisitEvent = z.infer<typeof visitEventSchema>;

export const visitStatsSchema = z.object({
  period: z.string(),
  from: z.iso.date(),
  /** Exclusive; the period so far when it is the current one. */
  to: z.iso.datetime(),
  reps: z.array(
    z.object({
      repId: z.number().int(),
      name: z.string(),
      visits: z.number().int(),
      visitsPerWeek: z.number(),
      /** Median minutes on site of the checked-out visits; null when none. */
      medianMinutesOnSite: z.number().nullable(),
      accountsVisited: z.number().int(),
    }),
  ),
  /** Checked in within the last 12 hours and not checked out. */
  onSite: z.array(activitySchema),
});
export type VisitStats = z.infer<typeof visitStatsSchema>;

/** What a bulk load answers: the import report (lines of the body, 1-based). */
export { importReportSchema as bulkReportSchema } from "../import/report.js";
