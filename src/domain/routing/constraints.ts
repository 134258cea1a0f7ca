/**
 * Hard constraints, checked before any scoring. A rep is eligible for a lead at t when they
 * are active, not out of office at t, match the lead on every routing attribute they have
 * (an empty list = no restriction; a lead with no value for an attribute is not restricted
 * by it), and hold fewer open leads than their capacity (their own, else the team default).
 */
import type { CandidateInput, LeadInput, RoutingParams } from "./types.js";

/** "2026-12-01", or "2026-12-01 14:30 UTC" when the time is not midnight UTC. */
export function formatDay(date: Date): string {
  const iso = date.toISOString();
  const time = iso.slice(11, 16);
  return time === "00:00" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time} UTC`;
}

/** Out of office over `[from, to)` with open ends; a reason, or null when available at `now`. */
export function outOfOfficeReason(rep: CandidateInput, now: Date): string | null {
  const { outOfOfficeFrom: from, outOfOfficeTo: to } = rep;
  if (from === null && to === null) return null;
  const started = from === null || from.getTime() <= now.getTime();
  const notEnded = to === null || now.getTime() < to.getTime();
  if (!started || !notEnded) return null;
  return to !== null ? `out of office until ${formatDay(to)}` : `out of office since ${formatDay(from!)}`;
}

const ATTRIBUTES = [
  ["region", "regions"],
  ["segment", "segments"],
  ["product", "products"],
  ["language", "languages"],
] as const;

/** The first routing attribute the lead fails, e.g. "region EMEA not in [NA]". */
export function attributeReason(lead: LeadInput, rep: CandidateInput): string | null {
  for (const [leadKey, repKey] of ATTRIBUTES) {
    const value = lead[leadKey];
    const allowed = rep[repKey];
    if (value === null || allowed.length === 0 || allowed.includes(value)) continue;
    return `${leadKey} ${value} not in [${allowed.join(", ")}]`;
  }
  return null;
}

/** "capacity 8 of 8 open leads" when the rep is full, else null. */
export function capacityReason(rep: CandidateInput, params: RoutingParams): string | null {
  const capacity = rep.capacity ?? params.defaultCapacity;
  if (capacity === null || rep.openLeads < capacity) return null;
  return `capacity ${rep.openLeads} of ${capacity} open leads`;
}

/** Null when the rep may take the lead, else the first failed constraint in words. */
export function exclusionReason(lead: LeadInput, rep: CandidateInput, params: RoutingParams, now: Date): string | null {
  if (rep.exclusion) return rep.exclusion;
  if (!rep.active) return "inactive";
  return outOfOfficeReason(rep, now) ?? attributeReason(lead, rep) ?? capacityReason(rep, params);
}
