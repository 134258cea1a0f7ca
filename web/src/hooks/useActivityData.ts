/** The activity-management data each page needs, wired to the API. */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { activityApi } from "../api/activityEndpoints.js";
import type { PacingAlert } from "../api/activityTypes.js";
import { navigate, useLocation } from "../router.js";
import { isPeriod } from "../utils/periods.js";
import { pacingSince, type RepPacing } from "../utils/scorecard.js";
import { useOnActivityLogged } from "./activityEvents.js";
import { useResource } from "./useResource.js";

/* `period` undefined: the server's current month (its clock is the one that counts). */
export const useScorecard = (teamId: number, period: string | undefined) =>
  useResource(`scorecard:${teamId}:${period}`, (signal) => activityApi.scorecard(teamId, period, signal));
export const useTeamKpis = (teamId: number, period: string | undefined, enabled = true) =>
  useResource(`team-kpis:${teamId}:${period}:${enabled}`, (signal) => (enabled ? activityApi.teamKpis(teamId, period, signal) : pending()));
export const useRepKpis = (repId: number, period: string | undefined) =>
  useResource(`rep-kpis:${repId}:${period}`, (signal) => activityApi.repKpis(repId, period, signal));
export const useVisitStats = (teamId: number, period: string | undefined) =>
  useResource(`visits:${teamId}:${period}`, (signal) => activityApi.visits(teamId, period, signal));
/** `toMonth` undefined: wait (the caller does not know the month yet); "" the server's current month. */
export const useTierHistory = (teamId: number, toMonth: string | undefined, months: number) =>
  useResource(`tiers:${teamId}:${toMonth}:${months}`, (signal) => (toMonth === undefined ? pending() : activityApi.tiers(teamId, toMonth, months, signal)));
export const useTeamAlerts = (teamId: number) => useResource(`team-alerts:${teamId}`, (signal) => activityApi.teamAlerts(teamId, signal));
export const useRepAlerts = (repId: number) => useResource(`rep-alerts:${repId}`, (signal) => activityApi.repAlerts(repId, signal));
export const useTargets = (repId: number, period: string | undefined) =>
  useResource(`targets:${repId}:${period}`, (signal) => activityApi.targets(repId, period, signal));
export const useLeadership = (period: string | undefined) => useResource(`leadership:${period}`, (signal) => activityApi.leadership(period, signal));

/** Never settles: a resource that waits (a section not scrolled into view yet). */
const pending = () => new Promise<never>(() => undefined);

/** A rep's latest activities, reloaded whenever the activity form logs one. */
export function useRecentActivities(repId: number, limit = 8) {
  const resource = useResource(`activities:${repId}:${limit}`, (signal) => activityApi.activities(repId, limit, signal));
  const { reload } = resource;
  useOnActivityLogged(useCallback(() => reload(), [reload]));
  return resource;
}

/**
 * The period in the URL (?period=2025-Q2); undefined means the current month as the server
 * sees it (pages read the answer's `period`). Choosing one keeps the URL shareable.
 */
export function usePeriodParam(): [string | undefined, (period: string) => void] {
  const { pathname, search } = useLocation();
  const asked = search.get("period");
  const period = isPeriod(asked) ? asked : undefined;
  const setPeriod = useCallback(
    (next: string) => {
      const params = new URLSearchParams(window.location.search);
      params.set("period", next);
      navigate(`${pathname}?${params.toString()}`, { replace: true });
    },
    [pathname],
  );
  return [period, setPeriod];
}

/**
 * Each rep's pacing for the period in one request, with the day the status began from the
 * alerts (which may arrive after the statuses). A rep without a quota has nothing to pace.
 */
export function useTeamPacing(
  teamId: number,
  period: string | undefined,
  alerts: readonly PacingAlert[] | undefined,
): { status: "loading" | "ready" | "error"; byRep: ReadonlyMap<number, RepPacing>; missing: RepPacing } {
  const pacing = useResource(`team-pacing:${teamId}:${period}`, (signal) => activityApi.teamPacing(teamId, period, signal));
  return useMemo(() => {
    const byRep = new Map<number, RepPacing>();
    if (pacing.status === "loading") return { status: pacing.status, byRep, missing: { state: "loading" } };
    if (pacing.status === "error") return { status: pacing.status, byRep, missing: { state: "error", reason: `Couldn't load pacing: ${pacing.error.message}` } };
    for (const line of pacing.data.reps) {
      byRep.set(
        line.repId,
        line.status === null
          ? { state: "none", reason: line.statusReason }
          : { state: "ready", status: line.status, since: pacingSince(line.status, alerts ?? [], line.repId, pacing.data.period), reason: line.statusReason },
      );
    }
    return { status: pacing.status, byRep, missing: { state: "none", reason: "Not in the team's pacing" } };
  }, [pacing.status, pacing.data, pacing.error, alerts]);
}

/** True once the element has come near the viewport (then stays true): for loading below-the-fold sections late. */
export function useInView<T extends Element>(margin = "200px") {
  const ref = useRef<T>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (seen || !element) return;
    if (typeof IntersectionObserver === "undefined") {
      setSeen(true);
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    }, { rootMargin: margin });
    observer.observe(element);
    return () => observer.disconnect();
  }, [seen, margin]);
  return [ref, seen] as const;
}
