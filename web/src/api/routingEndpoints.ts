/** Typed calls for the lead-routing endpoints (docs/ROUTING.md). */
import { apiRequest } from "./client.js";
import type { Decision, NextLead, PreviewResponse, RoutingPolicy, RoutingSettings, RoutingSettingsBody } from "./routingTypes.js";

export const routingApi = {
  /** A page of the feed with the candidates its cards show (`feedDecision` has every rep's numbers). */
  leadFeed: (teamId: number, options: { limit: number; before?: number }, signal?: AbortSignal) =>
    apiRequest<{ decisions: Decision[] }>(
      `/teams/${teamId}/lead-feed?candidates=summary&limit=${options.limit}${options.before === undefined ? "" : `&before=${options.before}`}`,
      { signal },
    ),
  feedDecision: (teamId: number, decisionId: number, signal?: AbortSignal) =>
    apiRequest<Decision>(`/teams/${teamId}/lead-feed/${decisionId}`, { signal }),
  nextLead: (repId: number, signal?: AbortSignal) => apiRequest<NextLead>(`/reps/${repId}/next-lead`, { signal }),
  settings: (teamId: number, signal?: AbortSignal) => apiRequest<RoutingSettings>(`/teams/${teamId}/routing-settings`, { signal }),
  saveSettings: (teamId: number, body: RoutingSettingsBody) =>
    apiRequest<RoutingSettings>(`/teams/${teamId}/routing-settings`, { method: "PUT", body }),
  preview: (teamId: number, body: { policy: RoutingPolicy; params: Record<string, unknown>; lastN: number }) =>
    apiRequest<PreviewResponse>(`/teams/${teamId}/routing-preview`, { method: "POST", body }),
};
