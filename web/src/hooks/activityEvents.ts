/**
 * App-wide signals of the activity form: open it (from the nav or a page) and "an activity
 * was logged" (so lists on screen reload). Window events, like the router's navigations.
 */
import { useEffect, useSyncExternalStore } from "react";
import type { Activity } from "../api/activityTypes.js";

const LOGGED_EVENT = "proactive:activity-logged";
const FORM_EVENT = "proactive:activity-form";

export interface ActivityFormRequest {
  /** Log for this rep (a manager on a rep's page); default: yourself. */
  repId?: number;
  repName?: string;
}

let request: ActivityFormRequest | null = null;

export function openActivityForm(options: ActivityFormRequest = {}): void {
  request = { ...options };
  window.dispatchEvent(new Event(FORM_EVENT));
}

export function closeActivityForm(): void {
  request = null;
  window.dispatchEvent(new Event(FORM_EVENT));
}

function subscribeForm(onChange: () => void): () => void {
  window.addEventListener(FORM_EVENT, onChange);
  return () => window.removeEventListener(FORM_EVENT, onChange);
}

/** The open form's request, or null when closed. */
export function useActivityFormRequest(): ActivityFormRequest | null {
  return useSyncExternalStore(subscribeForm, () => request);
}

export function announceActivityLogged(activity: Activity): void {
  window.dispatchEvent(new CustomEvent<Activity>(LOGGED_EVENT, { detail: activity }));
}

export function useOnActivityLogged(listener: (activity: Activity) => void): void {
  useEffect(() => {
    const handle = (event: Event) => listener((event as CustomEvent<Activity>).detail);
    window.addEventListener(LOGGED_EVENT, handle);
    return () => window.removeEventListener(LOGGED_EVENT, handle);
  }, [listener]);
}
