/**
 * The proactive cadence over the API and the CLI's --json (D3, D5; docs/CADENCE.md): updates,
 * requests, promises, "My week", the team's cadence report, stale deals, 1:1 schedules, the
 * coaching queue, held 1:1s and webhook endpoints. The rules are the domain's
 * (src/domain/cadence); these schemas only describe what goes in and out.
 */
import { z } from "zod";
import { bigIdParam, intIdParam, intIdSchema } from "./ids.js";
import { agendaItemSchema, isoDaySchema, performativeSchema, subjectSchema, timeZoneSchema } from "../domain/cadence/schemas.js";
import { instantInputSchema, periodLabelSchema } from "../domain/periods.js";

const int = z.number().int();
const iso = z.iso.datetime();
const ratio = z.number().nullable();

export const postUpdateBodySchema = z
  .object({
    /** An opportunity's external id, `account:<name>`, or `rep` for the rep's own week. */
    subject: subjectSchema,
    text: z.string().max(20_000).default(""),
    performatives: z.array(performativeSchema).min(1, "an update carries at least one performative"),
    /** The promise's due day, exactly when the performatives include promise. */
    promiseDue: isoDaySchema.optional(),
  })
  .refine((b) => b.performatives.includes("promise") === (b.promiseDue !== undefined), {
    message: "promiseDue is required exactly when the performatives include promise",
    path: ["promiseDue"],
  });
export type PostUpdateBody = z.infer<typeof postUpdateBodySchema>;

export const PROMISE_STATES = ["open", "kept", "broken"] as const;

export const promiseSchema = z.object({
  id: int,
  repId: int,
  subject: z.string(),
  text: z.string(),
  due: isoDaySchema,
  /** The update that made it, or the 1:1 where it was committed. */
  updateId: int.nullable(),
  oneOnOneId: int.nullable(),
  state: z.enum(PROMISE_STATES),
  /** The rep's mark (null: not marked). */
  kept: z.boolean().nullable(),
  markedAt: iso.nullable(),
  /** When a broken promise broke. */
  brokeAt: iso.nullable(),
});
export type CadencePromiseView = z.infer<typeof promiseSchema>;

export const updateViewSchema = z.object({
  id: int,
  externalId: z.string().nullable(),
  repId: int,
  subject: z.string(),
  at: iso,
  text: z.string(),
  performatives: z.array(performativeSchema),
  /** As stored at write time: no request on the subject was open when it was posted. */
  preemptive: z.boolean(),
  /** The requests it answered. */
  answered: z.array(int),
  promise: promiseSchema.nullable(),
});
export type UpdateView = z.infer<typeof updateViewSchema>;

export const postRequestBodySchema = z.object({
  /** The rep asked (a user id). */
  rep: intIdSchema,
  subject: subjectSchema,
  text: z.string().max(20_000).default(""),
});
export type PostRequestBody = z.infer<typeof postRequestBodySchema>;

export const requestViewSchema = z.object({
  id: int,
  externalId: z.string().nullable(),
  managerId: int,
  managerName: z.string(),
  repId: int,
  subject: z.string(),
  at: iso,
  text: z.string(),
  answeredAt: iso.nullable(),
  answeredByUpdate: int.nullable(),
});
export type RequestView = z.infer<typeof requestViewSchema>;

export const ratioSchema = z.object({ updates: int, preemptive: int, ratio });

export const staleNudgeSchema = z.object({
  id: int,
  opportunityId: int,
  externalId: z.string(),
  stage: z.string(),
  repId: int,
  repName: z.string(),
  thresholdDays: z.number(),
  lastTouchAt: iso.nullable(),
  staleSince: iso,
  /** When the rep was first told (the first refresh that saw it stale). */
  nudgedRepAt: iso,
  /** When the grace period ends and the manager sees it. */
  escalateDueAt: iso,
  /** When it reached the manager's view (null: the rep alone knows). */
  escalatedAt: iso.nullable(),
  resolvedAt: iso.nullable(),
});
export const staleListSchema = z.object({ nudges: z.array(staleNudgeSchema) });
export type StaleNudgeView = z.infer<typeof staleNudgeSchema>;

export const staleRunSchema = z.object({
  at: iso,
  stale: int,
  nudged: int,
  escalated: int,
  resolved: int,
});
export type StaleRun = z.infer<typeof staleRunSchema>;

/** One of the rep's open deals: what an update or a request can be about. Value in major units. */
export const openDealSchema = z.object({
  id: int,
  externalId: z.string(),
  accountName: z.string().nullable(),
  stage: z.string(),
  phase: z.enum(["early", "late"]),
  value: z.number().nullable(),
});
export type OpenDeal = z.infer<typeof openDealSchema>;

export const weekQuerySchema = z.object({ week: isoDaySchema.optional().describe("Any day of the ISO week (default: this week)") });

export const weekSchema = z.object({
  repId: int,
  repName: z.string(),
  weekStart: isoDaySchema,
  /** Exclusive. */
  weekEnd: isoDaySchema,
  updates: z.array(updateViewSchema),
  openRequests: z.array(requestViewSchema),
  promises: z.object({ open: z.array(promiseSchema), kept: z.array(promiseSchema), broken: z.array(promiseSchema) }),
  staleNudges: z.array(staleNudgeSchema),
  preemptive: ratioSchema,
  /** The rep's open deals, early-stage first, then by value (largest first). */
  openDeals: z.array(openDealSchema),
});
export type Week = z.infer<typeof weekSchema>;

export const cadenceQuerySchema = z.object({ period: periodLabelSchema.optional() });

export const teamCadenceSchema = z.object({
  teamId: int,
  period: z.string(),
  from: isoDaySchema,
  /** Exclusive. */
  to: isoDaySchema,
  preemptive: z.object({
    team: ratioSchema,
    reps: z.array(ratioSchema.extend({ repId: int, name: z.string() })),
    trend: z.array(ratioSchema.extend({ weekStart: isoDaySchema })),
  }),
  promiseKeeping: z.array(z.object({ repId: int, name: z.string(), kept: int, broken: int, open: int, rate: ratio })),
  adherence: z.array(
    z.object({
      managerId: int,
      name: z.string(),
      scheduled: int,
      onTime: int,
      rate: ratio,
      currentStreak: int,
      longestStreak: int,
      flagged: z.boolean(),
      reason: z.string(),
    }),
  ),
  flaggedManagers: z.array(z.object({ managerId: int, name: z.string(), reason: z.string() })),
});
export type TeamCadence = z.infer<typeof teamCadenceSchema>;

export const scheduleBodySchema = z.object({
  weekday: z.number().int().min(1).max(7),
  time: z.string().regex(/^([01]\d|2[0-3]):([0-5]\d)$/, 'a time of day is "HH:MM" (24 h)'),
  timeZone: timeZoneSchema.default("UTC"),
  intervalWeeks: z.number().int().min(1).max(4).default(1),
  durationMinutes: z.number().int().min(5).max(480).default(30),
  /** Default: today. */
  startsOn: isoDaySchema.optional(),
  endsOn: isoDaySchema.nullable().default(null),
  active: z.boolean().default(true),
});
export type ScheduleBody = z.infer<typeof scheduleBodySchema>;

export const scheduleViewSchema = z.object({
  id: int,
  managerId: int,
  repId: int,
  weekday: int,
  time: z.string(),
  timeZone: z.string(),
  intervalWeeks: int,
  durationMinutes: int,
  startsOn: isoDaySchema,
  endsOn: isoDaySchema.nullable(),
  active: z.boolean(),
});
export type ScheduleView = z.infer<typeof scheduleViewSchema>;

export const agendaSchema = z.object({
  repId: int,
  generatedAt: iso,
  items: z.array(agendaItemSchema),
  earlyStageDeals: int,
  lateStageDeals: int,
  lateStageNote: z.string().nullable(),
});

export const coachingQueueQuerySchema = z.object({ days: z.coerce.number().int().min(1).max(60).default(14) });

export const coachingQueueSchema = z.object({
  managerId: int,
  from: iso,
  to: iso,
  meetings: z.array(z.object({ id: int, repId: int, repName: z.string(), scheduledFor: iso, agenda: agendaSchema })),
});
export type CoachingQueue = z.infer<typeof coachingQueueSchema>;

export const holdBodySchema = z.object({
  notes: z.string().max(50_000).default(""),
  decisions: z.string().max(50_000).default(""),
  commitments: z.array(z.object({ text: z.string().trim().min(1).max(5_000), due: isoDaySchema })).max(50).default([]),
  /** When it was held (default: now); never in the future. */
  heldAt: instantInputSchema.optional(),
});
export type HoldBody = z.infer<typeof holdBodySchema>;

export const oneOnOneSchema = z.object({
  id: int,
  managerId: int,
  repId: int,
  scheduledFor: iso,
  heldAt: iso.nullable(),
  notes: z.string().nullable(),
  decisions: z.string().nullable(),
  /** As it stood when held; before that, as it stands now (to run the 1:1 from). */
  agenda: agendaSchema.nullable(),
  commitments: z.array(promiseSchema),
});
export type OneOnOneView = z.infer<typeof oneOnOneSchema>;

export const webhookBodySchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  /** The signing secret (default: generated and shown once). */
  secret: z.string().min(16).max(200).optional(),
  /** Only this team's notifications (default: every team). */
  teamId: intIdSchema.nullable().default(null),
});

export const webhookViewSchema = z.object({
  id: int,
  url: z.string(),
  active: z.boolean(),
  teamId: int.nullable(),
  createdAt: iso,
  /** Only in the answer to its creation. */
  secret: z.string().optional(),
});
export type WebhookView = z.infer<typeof webhookViewSchema>;

export const idParamsSchema = z.object({ id: bigIdParam });
export const webhookParamsSchema = z.object({ id: intIdParam });
export const managerParamsSchema = z.object({ managerId: intIdParam });
