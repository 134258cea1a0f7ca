/**
 * The shapes the web app reads from the JSON API (money in major units): the server's shared
 * zod schemas, imported as types only so zod itself stays out of the bundle.
 */
import type { ActivityByKind, Me, RepDetail, RepSummary, Team, TeamDetail, WeeklyActivity } from "../../../src/schemas/index.js";

export type { ErrorResponse as ApiErrorBody } from "../../../src/schemas/index.js";
export type { Me, RepDetail, RepSummary, TeamDetail };
export type TeamListItem = Team;
export type WeekActivity = WeeklyActivity;
export type Role = Me["role"];
export type ActivityKind = keyof ActivityByKind;

/** The order the activity kinds are shown in (the schema's key order). */
export const ACTIVITY_KINDS: readonly ActivityKind[] = [
  "call",
  "email",
  "meeting",
  "visit",
  "proposal",
  "follow-up",
  "next-step",
  "opportunity-created",
];
