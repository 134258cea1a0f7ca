/** Typed calls for each endpoint the web app uses. */
import { apiRequest } from "./client.js";
import type { Me, RepDetail, TeamDetail, TeamListItem } from "./types.js";

export const api = {
  login: (email: string, password: string) =>
    apiRequest<{ user: Me }>("/auth/login", { method: "POST", body: { email, password }, expectUnauthorized: true }),
  logout: () => apiRequest<void>("/auth/logout", { method: "POST" }),
  me: (signal?: AbortSignal) => apiRequest<Me>("/me", { signal, expectUnauthorized: true }),
  teams: (signal?: AbortSignal) => apiRequest<TeamListItem[]>("/teams", { signal }),
  team: (teamId: number, signal?: AbortSignal) => apiRequest<TeamDetail>(`/teams/${teamId}`, { signal }),
  rep: (repId: number, signal?: AbortSignal) => apiRequest<RepDetail>(`/reps/${repId}`, { signal }),
};
