/**
 * Teams and the per-rep summary a manager's team page shows. Money is in major units
 * (cents / 100); activity counts come from the activity_daily aggregate.
 */
import { z } from "zod";
import { bigIdParam, intIdParam } from "./ids.js";
import { roleSchema } from "./auth.js";

export const ACTIVITY_KIND_KEYS = [
  "call",
  "email",
  "meeting",
  "visit",
  "proposal",
  "follow-up",
  "next-step",
  "opportunity-created",
] as const;

export const teamSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  parentId: z.number().int().nullable(),
  parentName: z.string().nullable(),
  managerId: z.number().int().nullable(),
  managerName: z.string().nullable(),
  /** Active members whose role is rep. */
  repCount: z.number().int(),
});
export type Team = z.infer<typeof teamSchema>;

export const teamListSchema = z.array(teamSchema);

const count = z.number().int().nonnegative();

export const byKindSchema = z.object(
  Object.fromEntries(ACTIVITY_KIND_KEYS.map((k) => [k, count])) as Record<(typeof ACTIVITY_KIND_KEYS)[number], typeof count>,
);
export type ActivityByKind = z.infer<typeof byKindSchema>;

export const weeklyActivitySchema = z.object({
  /** Monday of the ISO week, YYYY-MM-DD. */
  weekStart: z.iso.date(),
  proactive: count,
  reactive: count,
});
export type WeeklyActivity = z.infer<typeof weeklyActivitySchema>;

export const repSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  outOfOffice: z.boolean(),
  openPipeline: z.object({ count, value: z.number() }),
  activity30d: z.object({ total: count, proactive: count, reactive: count, byKind: byKindSchema }),
  /** The last 12 ISO weeks, oldest first, the current (partial) week last. */
  weekly: z.array(weeklyActivitySchema),
});
export type RepSummary = z.infer<typeof repSummarySchema>;

export const teamParamsSchema = z.object({ teamId: intIdParam });
export const repParamsSchema = z.object({ repId: intIdParam });
export const teamDecisionParamsSchema = z.object({ teamId: intIdParam, decisionId: bigIdParam });

export const teamDetailSchema = z.object({
  team: teamSchema,
  reps: z.array(repSummarySchema),
});
export type TeamDetail = z.infer<typeof teamDetailSchema>;

export const repDetailSchema = z.object({
  rep: repSummarySchema.extend({
    teamId: z.number().int().nullable(),
    teamName: z.string().nullable(),
    managerName: z.string().nullable(),
  }),
});
export type RepDetail = z.infer<typeof repDetailSchema>;
