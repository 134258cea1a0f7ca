/**
 * Who is on site now, kept live: the period's snapshot from the API, then each check-in and
 * check-out from the team's server-sent event stream. EventSource reconnects by itself; on
 * each (re)connection the snapshot is reloaded so nothing missed while away is lost.
 */
import { useEffect, useState } from "react";
import { visitStreamUrl } from "../api/activityEndpoints.js";
import type { Activity } from "../api/activityTypes.js";
import { applyVisitEvent, parseVisitEvent } from "../utils/onSite.js";

export type StreamState = "connecting" | "live" | "offline";

export function useVisitStream(teamId: number, snapshot: readonly Activity[] | undefined, reloadSnapshot: () => void) {
  const [onSite, setOnSite] = useState<Activity[]>([]);
  const [state, setState] = useState<StreamState>("connecting");

  useEffect(() => {
    if (snapshot) setOnSite([...snapshot]);
  }, [snapshot]);

  useEffect(() => {
    if (typeof EventSource === "undefined") {
      setState("offline");
      return;
    }
    const source = new EventSource(visitStreamUrl(teamId));
    let opened = false;
    const onEvent = (event: MessageEvent<string>) => {
      const visit = parseVisitEvent(event.data);
      if (visit) setOnSite((list) => applyVisitEvent(list, visit));
    };
    source.addEventListener("check-in", onEvent);
    source.addEventListener("check-out", onEvent);
    source.onopen = () => {
      setState("live");
      if (opened) reloadSnapshot();
      opened = true;
    };
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
    return () => source.close();
    // reloadSnapshot is stable (useResource's reload).
  }, [teamId]);

  return { onSite, state };
}
