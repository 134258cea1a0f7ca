/** The "on site now" list kept current from the live visit stream. Pure. */
import type { Activity, VisitEvent } from "../api/activityTypes.js";

/** A check-in adds (or replaces) the visit, a check-out removes it; newest check-in first. */
export function applyVisitEvent(onSite: readonly Activity[], event: VisitEvent): Activity[] {
  const others = onSite.filter((visit) => visit.id !== event.visit.id);
  if (event.type === "check-out" || event.visit.checkOutAt !== null) return others;
  return [event.visit, ...others].sort((a, b) => b.at.localeCompare(a.at) || b.id - a.id);
}

/** Parses one event's data; null for anything that is not a visit event. */
export function parseVisitEvent(data: string): VisitEvent | null {
  try {
    const event = JSON.parse(data) as Partial<VisitEvent>;
    if ((event.type === "check-in" || event.type === "check-out") && event.visit && typeof event.visit.id === "number") return event as VisitEvent;
  } catch {
    // A malformed frame is skipped; the next one may be fine.
  }
  return null;
}
