/** Where each role starts after signing in. */
import type { Me } from "../api/types.js";

export function landingPath(me: Me): string {
  if (me.role === "rep") return `/reps/${me.id}`;
  if (me.role === "manager") {
    const teamId = me.managedTeamIds[0] ?? me.teamId;
    return teamId === null ? "/teams" : `/teams/${teamId}`;
  }
  return "/teams";
}

/** A `next` path is only followed when it is an in-app path (no open redirect to another site). */
export function safeNextPath(next: string | null): string | null {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return null;
  if (next === "/sign-in" || next.startsWith("/sign-in?")) return null;
  return next;
}
