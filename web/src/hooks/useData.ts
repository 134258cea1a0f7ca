/** The data each page needs, wired to the API. */
import { api } from "../api/endpoints.js";
import { useResource } from "./useResource.js";

export const useTeams = () => useResource("teams", (signal) => api.teams(signal));
export const useTeam = (teamId: number) => useResource(`team:${teamId}`, (signal) => api.team(teamId, signal));
export const useRep = (repId: number) => useResource(`rep:${repId}`, (signal) => api.rep(repId, signal));
