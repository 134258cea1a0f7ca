/** Typed calls for the activity-management endpoints (docs/ACTIVITY.md). */
import { apiRequest } from "./client.js";
import type {
  AccountOption,
  Activity,
  ActivityBody,
  CheckInBody,
  Kpis,
  Leadership,
  PacingAlert,
  Targets,
  TeamPacing,
  TeamScorecard,
  TierHistory,
  VisitStats,
} from "./activityTypes.js";

const withPeriod = (path: string, period: string | undefined) => (period ? `${path}?period=${encodeURIComponent(period)}` : path);

export const activityApi = {
  scorecard: (teamId: number, period: string | undefined, signal?: AbortSignal) =>
    apiRequest<TeamScorecard>(withPeriod(`/teams/${teamId}/scorecard`, period), { signal }),
  teamKpis: (teamId: number, period: string | undefined, signal?: AbortSignal) => apiRequest<Kpis>(withPeriod(`/teams/${teamId}/kpis`, period), { signal }),
  repKpis: (repId: number, period: string | undefined, signal?: AbortSignal) => apiRequest<Kpis>(withPeriod(`/reps/${repId}/kpis`, period), { signal }),
  visits: (teamId: number, period: string | undefined, signal?: AbortSignal) => apiRequest<VisitStats>(withPeriod(`/teams/${teamId}/visits`, period), { signal }),
  tiers: (teamId: number, to: string, months: number, signal?: AbortSignal) =>
    apiRequest<TierHistory>(`/teams/${teamId}/tiers?months=${months}${to ? `&to=${to}` : ""}`, { signal }),
  teamAlerts: (teamId: number, signal?: AbortSignal) =>
    apiRequest<{ alerts: PacingAlert[] }>(`/teams/${teamId}/alerts?resolved=true`, { signal }),
  repAlerts: (repId: number, signal?: AbortSignal) => apiRequest<{ alerts: PacingAlert[] }>(`/reps/${repId}/alerts?resolved=true`, { signal }),
  teamPacing: (teamId: number, period: string | undefined, signal?: AbortSignal) =>
    apiRequest<TeamPacing>(withPeriod(`/teams/${teamId}/pacing`, period), { signal }),
  targets: (repId: number, period: string | undefined, signal?: AbortSignal) => apiRequest<Targets>(withPeriod(`/reps/${repId}/targets`, period), { signal }),
  leadership: (period: string | undefined, signal?: AbortSignal) => apiRequest<Leadership>(withPeriod("/leadership", period), { signal }),
  activities: (repId: number, limit: number, signal?: AbortSignal) =>
    apiRequest<{ activities: Activity[] }>(`/reps/${repId}/activities?limit=${limit}`, { signal }),
  accounts: (text: string, signal?: AbortSignal) => apiRequest<AccountOption[]>(`/accounts?query=${encodeURIComponent(text)}`, { signal }),
  logActivity: (body: ActivityBody) => apiRequest<Activity>("/activities", { method: "POST", body }),
  checkIn: (body: CheckInBody) => apiRequest<Activity>("/visits/check-in", { method: "POST", body }),
  checkOut: (visitId: number, body: { outcome: string; latitude?: number; longitude?: number }) =>
    apiRequest<Activity>(`/visits/${visitId}/check-out`, { method: "POST", body }),
};

/** The team's live visit stream (server-sent events, same origin, the session cookie). */
export const visitStreamUrl = (teamId: number) => `/api/v1/teams/${teamId}/visits/stream`;
