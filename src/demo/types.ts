/**
 * What the demo generator produces: plain records that refer to each other by natural keys
 * (names, external ids), never by database ids, so the data can be checked without a store
 * and loaded into any store.
 */
import type { ActivityKind, Role } from "../store/schema.js";
import type { Archetype } from "./archetypes.js";
import type { Segment } from "./catalog.js";

export const STAGE_NAMES = ["Prospecting", "Qualification", "Discovery", "Engaging", "Proposal", "Negotiation", "Won", "Lost"] as const;
export type StageName = (typeof STAGE_NAMES)[number];
export const OPEN_STAGES = STAGE_NAMES.slice(0, 6) as readonly StageName[];

export interface DemoOptions {
  seed: number;
  reps: number;
  months: number;
  /** The end of the history; the generator never reads the clock. */
  now: Date;
  /** Sales teams (default max(3, ceil(reps / 6))). */
  teams?: number;
}

export interface DemoTeam {
  name: string;
  kind: "company" | "office" | "team";
  parent: string | null;
  region: string | null;
  manager: string | null;
}

export interface DemoUser {
  name: string;
  email: string;
  role: Role;
  team: string | null;
  manager: string | null;
  /** Reps only. */
  archetype: Archetype | null;
  regions: string[];
  segments: string[];
  products: string[];
  languages: string[];
  capacity: number | null;
  outOfOfficeFrom: Date | null;
  outOfOfficeTo: Date | null;
}

export interface DemoAccount {
  name: string;
  sector: string;
  employees: number;
  /** USD millions, like the CRM sample. */
  revenue: number;
  location: string;
  yearEstablished: number;
  /** Not stored (accounts have no region column): where the account's reps sit. */
  region: string;
  segment: Segment;
  latitude: number;
  longitude: number;
}

export interface DemoProduct {
  name: string;
  series: string;
  priceCents: number;
}

export interface DemoOpportunity {
  externalId: string;
  owner: string;
  account: string;
  product: string;
  stage: StageName;
  outcome: "open" | "won" | "lost";
  valueCents: number;
  costCents: number;
  discountPct: number | null;
  createdOn: Date;
  engagedAt: Date | null;
  closedAt: Date | null;
  stageChangedAt: Date;
  nextStep: string | null;
  nextStepDue: Date | null;
  mutualActionPlan: string | null;
  strategy: string | null;
}

export interface DemoActivity {
  rep: string;
  kind: ActivityKind;
  proactive: boolean;
  at: Date;
  durationMinutes: number | null;
  account: string | null;
  opportunity: string | null;
  outcome: string | null;
  latitude: number | null;
  longitude: number | null;
  checkOutAt: Date | null;
}

export interface DemoLead {
  externalId: string;
  team: string;
  arrivedAt: Date;
  product: string;
  segment: Segment;
  region: string;
  language: string;
  account: string | null;
  source: string;
  valueCents: number;
  status: "new";
}

/** A rep's update on their week (`rep`) or a deal (its external id), with its promise if it made one (D5). */
export interface DemoUpdate {
  rep: string;
  subject: string;
  at: Date;
  text: string;
  performatives: ("assertion" | "promise")[];
  /** kept null: not marked (broken once its day has ended). */
  promise: { due: string; kept: boolean | null; markedAt: Date | null } | null;
}

/** A manager's request for information; which update answers it is worked out on load. */
export interface DemoRequest {
  manager: string;
  rep: string;
  subject: string;
  at: Date;
  text: string;
}

/** A rep's recurring 1:1 with their manager. */
export interface DemoSchedule {
  manager: string;
  rep: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Local "HH:MM" in `timeZone`. */
  time: string;
  timeZone: string;
  startsOn: string;
}

/** A 1:1 of a schedule that was held. */
export interface DemoOneOnOne {
  manager: string;
  rep: string;
  scheduledFor: Date;
  heldAt: Date;
  notes: string;
  decisions: string;
}

export interface DemoQuota {
  rep: string;
  /** `2026-11` */
  period: string;
  periodStart: string;
  periodEnd: string;
  amountCents: number;
}

export interface DemoData {
  options: Required<DemoOptions>;
  windowStart: Date;
  teams: DemoTeam[];
  users: DemoUser[];
  accounts: DemoAccount[];
  products: DemoProduct[];
  opportunities: DemoOpportunity[];
  leads: DemoLead[];
  quotas: DemoQuota[];
  /** The last weeks' updates and requests, oldest first. */
  updates: DemoUpdate[];
  requests: DemoRequest[];
  /** Every rep's weekly 1:1 and the ones held in the last weeks. */
  schedules: DemoSchedule[];
  oneOnOnes: DemoOneOnOne[];
  /** The activity count the generator aims for: 100,000 × reps/18 × months/12. */
  targetActivities: number;
  /**
   * Activities are streamed, one rep after another, each rep from its own seeded stream:
   * a 1,000-rep demo never holds its millions of activities in memory. Every call restarts
   * the stream and yields the same records.
   */
  activities(): Generator<DemoActivity>;
  activitiesOf(rep: string): Generator<DemoActivity>;
}
