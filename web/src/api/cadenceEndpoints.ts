/** Typed calls for the cadence endpoints: updates, requests, promises, 1:1s (docs/CADENCE.md). */
import { apiRequest } from "./client.js";
import type {
  CadencePromise,
  CoachingQueue,
  HoldInput,
  OneOnOneView,
  RequestBody,
  RequestView,
  ScheduleInput,
  ScheduleView,
  TeamCadence,
  UpdateBody,
  UpdateView,
  Week,
} from "./cadenceTypes.js";

export const cadenceApi = {
  week: (repId: number, signal?: AbortSignal) => apiRequest<Week>(`/reps/${repId}/week`, { signal }),
  postUpdate: (body: UpdateBody) => apiRequest<UpdateView>("/updates", { method: "POST", body }),
  postRequest: (body: RequestBody) => apiRequest<RequestView>("/requests", { method: "POST", body }),
  markPromise: (promiseId: number, mark: "kept" | "broken") => apiRequest<CadencePromise>(`/promises/${promiseId}/${mark}`, { method: "POST", body: {} }),
  teamCadence: (teamId: number, period: string | undefined, signal?: AbortSignal) =>
    apiRequest<TeamCadence>(`/teams/${teamId}/cadence${period ? `?period=${encodeURIComponent(period)}` : ""}`, { signal }),
  schedule: (repId: number, signal?: AbortSignal) => apiRequest<ScheduleView | null>(`/reps/${repId}/one-on-one-schedule`, { signal }),
  putSchedule: (repId: number, body: ScheduleInput) => apiRequest<ScheduleView>(`/reps/${repId}/one-on-one-schedule`, { method: "PUT", body }),
  coachingQueue: (managerId: number, signal?: AbortSignal) => apiRequest<CoachingQueue>(`/managers/${managerId}/coaching-queue?days=14`, { signal }),
  oneOnOne: (id: number, signal?: AbortSignal) => apiRequest<OneOnOneView>(`/one-on-ones/${id}`, { signal }),
  repOneOnOnes: (repId: number, signal?: AbortSignal) => apiRequest<{ oneOnOnes: OneOnOneView[] }>(`/reps/${repId}/one-on-ones`, { signal }),
  hold: (id: number, body: HoldInput) => apiRequest<OneOnOneView>(`/one-on-ones/${id}/hold`, { method: "POST", body }),
};

/** The manager's 1:1s as a calendar feed: a plain GET with the session cookie, so a link works. */
export const icsUrl = (managerId: number) => `/api/v1/managers/${managerId}/cadence.ics`;
