/** Lead routing in the store: decisions, SLA re-routes, settings, preview and the lead feed. */
export { routeLeadInStore, findLeadRecord, prepareRoutingSnapshots, type NewLead, type RouteOptions, type RouteResult } from "./route.js";
export { rerouteOverdueLeads } from "./sla.js";
export { currentRoutingSettings, saveRoutingSettings, routingSettingsHistory, type StoredSettings } from "./settings.js";
export { previewRouting } from "./preview.js";
export { teamLeadFeed, teamFeedDecision, nextLeadFor, NEXT_LEAD_DECISIONS } from "./feed.js";
export { decisionJson, initialDecisionOf } from "./decisions.js";
export { loadRoutingInputs, leadInput, type LeadRecord } from "./inputs.js";
export { accountSegment, valueDigits, digitRange } from "./keys.js";
export { resolveLeadRefs, LeadRefError } from "./refs.js";
