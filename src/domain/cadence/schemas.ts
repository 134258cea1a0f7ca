/**
 * The cadence's shared shapes (D3, D5), as zod schemas for the API and CLI. Ids are the
 * store's (numbers) or an import's external ids (strings): the domain only echoes them.
 * Instants accept ISO strings or Dates; days are `YYYY-MM-DD` and mean UTC days.
 */
import { z } from "zod";
import { dayInputSchema } from "../periods.js";
import { PACING_STATUSES } from "../targets/pacing-rule.js";
import { parseIsoInstant } from "./time.js";

export const PERFORMATIVES = ["promise", "request", "apology", "demand", "declaration", "assertion"] as const;
export const performativeSchema = z.enum(PERFORMATIVES);
export type Performative = z.infer<typeof performativeSchema>;

export const entityIdSchema = z.union([z.number().int(), z.string().trim().min(1)]);
export type EntityId = z.infer<typeof entityIdSchema>;

/** A Date, or an ISO 8601 string read as UTC when it has no offset (never the host's zone). */
const instant = z.union([
  z.date(),
  z.string().transform((text, ctx) => {
    const parsed = parseIsoInstant(text.trim());
    if (typeof parsed !== "string") return parsed;
    ctx.issues.push({ code: "custom", message: parsed, input: text });
    return z.NEVER;
  }),
]);
export const isoDaySchema = dayInputSchema;

/**
 * What an update or request is about: an opportunity's external id, `account:<name>` for an
 * account, or `rep` for the rep's own week. Normalised: trimmed, `rep` and `account:` in lower case.
 */
export const subjectSchema = z
  .string()
  .trim()
  .min(1, "subject is required")
  .transform((s) => {
    if (s.toLowerCase() === "rep") return "rep";
    const account = /^account:\s*(.+)$/i.exec(s);
    return account ? `account:${account[1]!.trim()}` : s;
  });
export type Subject = z.infer<typeof subjectSchema>;

export function subjectKind(subject: string): "rep" | "account" | "opportunity" {
  if (subject === "rep") return "rep";
  return subject.startsWith("account:") ? "account" : "opportunity";
}

/** A promise made in an update: due at the end of its due day (UTC), kept or broken. */
export const promiseSchema = z.object({
  due: isoDaySchema,
  /** The rep's mark: true kept, false broken, null not marked yet. */
  kept: z.boolean().nullable().default(null),
  /** When the rep marked it (unknown for imported marks). */
  markedAt: instant.nullable().default(null),
});
export type CadencePromise = z.infer<typeof promiseSchema>;
export type CadencePromiseInput = z.input<typeof promiseSchema>;

export const updateSchema = z
  .object({
    id: entityIdSchema,
    repId: z.number().int(),
    subject: subjectSchema,
    at: instant,
    text: z.string().default(""),
    performatives: z.array(performativeSchema).min(1, "an update carries at least one performative"),
    promise: promiseSchema.nullable().default(null),
  })
  .refine((u) => u.performatives.includes("promise") === (u.promise !== null), {
    message: "an update carries a promise (with its due day) exactly when its performatives include promise",
    path: ["promise"],
  });
export type CadenceUpdate = z.infer<typeof updateSchema>;
export type CadenceUpdateInput = z.input<typeof updateSchema>;

/** A manager's request for information on a deal, an account or the rep's week. */
export const requestSchema = z.object({
  id: entityIdSchema,
  managerId: z.number().int(),
  repId: z.number().int(),
  subject: subjectSchema,
  at: instant,
  text: z.string().default(""),
});
export type CadenceRequest = z.infer<typeof requestSchema>;
export type CadenceRequestInput = z.input<typeof requestSchema>;

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;

/** A `±HH:MM` offset, or an IANA name the runtime's Intl knows (e.g. Europe/Paris). */
export const timeZoneSchema = z
  .string()
  .trim()
  .refine((tz) => tz === "UTC" || OFFSET.test(tz) || isIanaZone(tz), {
    message: 'a time zone is an offset like "+02:00" or an IANA name like "Europe/Paris"',
  });

function isIanaZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A recurring 1:1: weekly by default, on an ISO weekday (1 Monday … 7 Sunday) at a local time. */
export const scheduleSchema = z
  .object({
    managerId: z.number().int(),
    repId: z.number().int(),
    weekday: z.number().int().min(1).max(7),
    time: z.string().regex(HH_MM, 'a time of day is "HH:MM" (24 h)'),
    timeZone: timeZoneSchema.default("UTC"),
    durationMinutes: z.number().int().min(5).max(480).default(30),
    intervalWeeks: z.number().int().min(1).max(4).default(1),
    /** The first day the series may meet (its first occurrence is on or after it). */
    startsOn: isoDaySchema,
    /** The last day the series may meet, inclusive; null for no end. */
    endsOn: isoDaySchema.nullable().default(null),
  })
  .refine((s) => s.endsOn === null || s.endsOn >= s.startsOn, { message: "endsOn must not be before startsOn", path: ["endsOn"] });
export type Schedule = z.infer<typeof scheduleSchema>;
export type ScheduleInput = z.input<typeof scheduleSchema>;

export const AGENDA_ITEM_KINDS = [
  "pacing",
  "premature-presentation",
  "off-profile",
  "maverick-discount",
  "large-without-strategy",
  "stalled",
  "no-next-step",
  "no-mutual-action-plan",
  "open-promise",
] as const;
export const agendaItemKindSchema = z.enum(AGENDA_ITEM_KINDS);
export type AgendaItemKind = z.infer<typeof agendaItemKindSchema>;

export const agendaItemSchema = z.object({
  /** Stable per (kind, deal or promise): lets a UI keep notes against an item. */
  key: z.string(),
  kind: agendaItemKindSchema,
  opportunity: z
    .object({ id: entityIdSchema, externalId: z.string(), name: z.string().nullable(), stage: z.string(), value: z.number().nullable() })
    .optional(),
  title: z.string(),
  detail: z.string(),
  /** 1 is discussed first; the rank of the kind (see AGENDA_ITEM_KINDS order). */
  priority: z.number().int().min(1),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

export const pacingStatusSchema = z.enum(PACING_STATUSES);

const days = z.number().min(0).max(365);

/** Team settings of the cadence, merged over the documented defaults (docs/CADENCE.md). */
export const cadenceConfigSchema = z
  .object({
    stale: z
      .object({
        /** Days without an update or activity before an open deal is stale, by phase… */
        earlyDays: days.default(14),
        lateDays: days.default(7),
        /** …or by stage name, which wins over the phase. */
        byStage: z.record(z.string(), days).default({}),
        /** Days the rep alone sees a stale deal before it reaches the manager's view. */
        graceDays: days.default(3),
      })
      .default({ earlyDays: 14, lateDays: 7, byStage: {}, graceDays: 3 }),
    adherence: z
      .object({
        /** A 1:1 held within ± this many days of its scheduled instant is on time. */
        toleranceDays: z.number().min(0).max(3).default(1),
        windowWeeks: z.number().int().min(1).max(13).default(4),
        /** Flag when adherence over the last window is below this percentage… */
        thresholdPct: z.number().min(0).max(100).default(75),
        /** …or fell by at least this many points against the window before. */
        dropPoints: z.number().min(0).max(100).default(20),
      })
      .default({ toleranceDays: 1, windowWeeks: 4, thresholdPct: 75, dropPoints: 20 }),
    /** Discounts above this percentage are maverick (D3). */
    discountThresholdPct: z.number().min(0).max(100).default(15),
    /** The stage whose completion is "discovery done": proposals before leaving it are premature. */
    discoveryStage: z.string().trim().min(1).default("Discovery"),
  })
  .default(() => ({
    stale: { earlyDays: 14, lateDays: 7, byStage: {}, graceDays: 3 },
    adherence: { toleranceDays: 1, windowWeeks: 4, thresholdPct: 75, dropPoints: 20 },
    discountThresholdPct: 15,
    discoveryStage: "Discovery",
  }));
export type CadenceConfig = z.infer<typeof cadenceConfigSchema>;
export type CadenceConfigInput = z.input<typeof cadenceConfigSchema>;
