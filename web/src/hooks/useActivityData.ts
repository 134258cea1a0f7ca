/** The activity-management data each page needs, wired to the API. */
import { useCallback, useEffect, useRef, useState } from "react";
import { activityApi } from "../api/activityEndpoints.js";
import type { PacingAlert } from "../api/activityTypes.js";
import { ApiError } from "../api/client.js";
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

const PACING_CONCURRENCY = 4;

/**
 * Each rep's pacing for the period: their targets (a few requests at a time) with the day the
 * status began from the alerts. A rep without a quota for the period has nothing to pace.
 */
export function useTeamPacing(repIds: readonly number[], period: string | undefined, alerts: readonly PacingAlert[]): Map<number, RepPacing> {
  const [pacing, setPacing] = useState<Map<number, RepPacing>>(new Map());
  const alertsRef = useRef(alerts);
  alertsRef.current = alerts;
  const key = `${period}:${repIds.join(",")}`;

  useEffect(() => {
    const controller = new AbortController();
    setPacing(new Map());
    const queue = period === undefined ? [] : [...repIds];
    const work = async () => {
      for (let repId = queue.shift(); repId !== undefined; repId = queue.shift()) {
        let value: RepPacing;
        try {
          const targets = await activityApi.targets(repId, period, controller.signal);
          value = { state: "ready", status: targets.status, since: null, reason: targets.statusReason };
        } catch (err) {
          if (controller.signal.aborted) return;
          value = { state: "none", reason: err instanceof ApiError && err.status === 404 ? "No quota for this period" : "Couldn't load pacing" };
        }
        const id = repId;
        setPacing((previous) => new Map(previous).set(id, value));
      }
    };
    void Promise.all(Array.from({ length: Math.min(PACING_CONCURRENCY, queue.length) }, work));
    return () => controller.abort();
    // `repIds` is keyed by `key`.
  }, [key]);

  // The "since" day follows the alerts, which may arrive after the statuses.
  const withSince = new Map<number, RepPacing>();
  for (const [repId, value] of pacing) {
    withSince.set(repId, value.state === "ready" && period ? { ...value, since: pacingSince(value.status, alertsRef.current, repId, period) } : value);
  }
  return withSince;
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
