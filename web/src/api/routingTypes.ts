/**
 * The lead-routing shapes the web app reads: the server's shared zod schemas and the domain's
 * parameter schema, imported as types only so zod stays out of the bundle.
 */
import type { RoutingParams, RoutingPolicy } from "../../../src/domain/routing/types.js";
import type { DecisionJson, NextLead, PreviewResponse } from "../../../src/schemas/routing.js";

export type { NextLead, PreviewResponse, RoutingParams, RoutingPolicy };
export type Decision = DecisionJson;
export type DecisionCandidate = Decision["candidates"][number];
export type NextLeadItem = NextLead["leads"][number];
export type NextLeadOutcome = NextLeadItem["outcome"];
export type PreviewLead = PreviewResponse["leads"][number];

export interface RoutingSettings {
  teamId: number;
  policy: RoutingPolicy;
  /** 0 = never saved: the defaults. */
  version: number;
  params: RoutingParams;
  createdAt: string | null;
}

/** What the settings form sends: params as typed, so the API names any bad field. */
export interface RoutingSettingsBody {
  policy: RoutingPolicy;
  params: Record<string, unknown>;
}
