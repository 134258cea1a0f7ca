/**
 * The cadence shapes the web app reads and sends (docs/CADENCE.md): the server's shared zod
 * schemas, imported as types only so zod stays out of the bundle.
 */
import type { AgendaItem, AgendaItemKind, Performative } from "../../../src/domain/cadence/schemas.js";
import type {
  CadencePromiseView,
  CoachingQueue,
  HoldBody,
  OneOnOneView,
  OpenDeal,
  PostUpdateBody,
  RequestView,
  ScheduleBody,
  ScheduleView,
  StaleNudgeView,
  TeamCadence,
  UpdateView,
  Week,
} from "../../../src/schemas/cadence.js";

export type { AgendaItem, AgendaItemKind, CoachingQueue, OneOnOneView, OpenDeal, Performative, RequestView, ScheduleView, StaleNudgeView, TeamCadence, UpdateView, Week };
export type CadencePromise = CadencePromiseView;
export type Agenda = NonNullable<OneOnOneView["agenda"]>;
export type QueuedMeeting = CoachingQueue["meetings"][number];
export type RepRatio = TeamCadence["preemptive"]["reps"][number];
export type WeekRatio = TeamCadence["preemptive"]["trend"][number];
export type ManagerAdherence = TeamCadence["adherence"][number];

/** What the forms send: the schemas' inputs (defaults optional). */
export type UpdateBody = PostUpdateBody;
export type RequestBody = { rep: number; subject: string; text?: string };
export type ScheduleInput = Pick<ScheduleBody, "weekday" | "time" | "timeZone" | "intervalWeeks"> & Partial<Pick<ScheduleBody, "durationMinutes" | "startsOn">>;
export type HoldInput = Pick<HoldBody, "notes" | "decisions" | "commitments">;
