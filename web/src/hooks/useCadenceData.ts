/** The cadence data each page needs, wired to the API. */
import { useRef } from "react";
import { api } from "../api/endpoints.js";
import { cadenceApi } from "../api/cadenceEndpoints.js";
import type { RepSummary } from "../api/types.js";
import { useResource, type Resource } from "./useResource.js";

/**
 * A resource that keeps showing its last answer while it reloads: pages reload after each
 * change (the server classifies updates), and a form on the page must not unmount meanwhile.
 */
function useSteadyResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Resource<T> & { reload: () => void } {
  const resource = useResource(key, load);
  const last = useRef<{ key: string; data: T } | null>(null);
  if (resource.status === "ready") last.current = { key, data: resource.data };
  if (resource.status === "loading" && last.current?.key === key) return { status: "ready", data: last.current.data, reload: resource.reload };
  return resource;
}

export const useWeek = (repId: number) => useSteadyResource(`week:${repId}`, (signal) => cadenceApi.week(repId, signal));
export const useTeamCadence = (teamId: number, period: string | undefined) =>
  useResource(`team-cadence:${teamId}:${period}`, (signal) => cadenceApi.teamCadence(teamId, period, signal));
export const useCoachingQueue = (managerId: number) => useSteadyResource(`coaching-queue:${managerId}`, (signal) => cadenceApi.coachingQueue(managerId, signal));
export const useOneOnOne = (id: number) => useSteadyResource(`one-on-one:${id}`, (signal) => cadenceApi.oneOnOne(id, signal));
export const useRepOneOnOnes = (repId: number) => useResource(`rep-one-on-ones:${repId}`, (signal) => cadenceApi.repOneOnOnes(repId, signal));
export const useSchedule = (repId: number) => useSteadyResource(`schedule:${repId}`, (signal) => cadenceApi.schedule(repId, signal));

/** The reps a manager holds 1:1s with: the reps of the teams they manage themselves (not their sub-managers' teams). */
export function useManagedReps(managerId: number, teamIds: readonly number[]) {
  return useResource(`managed-reps:${managerId}:${teamIds.join(",")}`, async (signal) => {
    const teams = await Promise.all(teamIds.map((id) => api.team(id, signal)));
    const reps = new Map<number, RepSummary & { teamName: string }>();
    for (const { team, reps: members } of teams) {
      if (team.managerId !== managerId) continue;
      for (const rep of members) if (rep.role === "rep") reps.set(rep.id, { ...rep, teamName: team.name });
    }
    return [...reps.values()].sort((a, b) => a.name.localeCompare(b.name));
  });
}
