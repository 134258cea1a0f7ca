/**
 * The activity-management shapes the web app reads (money in major units): the server's
 * shared zod schemas, imported as types only so zod stays out of the bundle.
 */
import type { AccountOption } from "../../../src/schemas/accounts.js";
import type {
  Activity,
  ActivityCreate,
  CheckIn,
  Kpis,
  Leadership,
  PacingAlert,
  TargetsResponse,
  TeamPacing,
  TeamScorecard,
  TierHistoryResponse,
  VisitEvent,
  VisitStats,
} from "../../../src/schemas/index.js";

export type { AccountOption, Activity, Kpis, Leadership, PacingAlert, TeamPacing, TeamScorecard, VisitEvent, VisitStats };
export type Targets = TargetsResponse;
export type TierHistory = TierHistoryResponse;
export type PacingStatus = Targets["status"];
export type Tier = "A" | "B" | "C";
export type ScorecardLine = TeamScorecard["team"]["lines"][number];
export type ScorecardMetric = ScorecardLine["metric"];
export type RepScorecard = TeamScorecard["reps"][number];

/** What the activity form sends: the schema's input, with times as ISO strings. */
export type ActivityBody = Omit<ActivityCreate, "at" | "proactive"> & { at?: string; proactive: boolean };
export type CheckInBody = Omit<CheckIn, "at" | "proactive"> & { at?: string; proactive?: boolean };
