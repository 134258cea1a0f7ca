/**
 * What a decision needs that does not depend on the lead — the team's member list and its
 * routing settings — kept between decisions by each process, per store handle.
 *
 * Nothing here is trusted blindly: the query that reads a decision's counts also reads
 * routing_cache_version 'members' (bumped by a trigger on every change to users, in the same
 * transaction) and the team's newest settings version, in the same snapshot, after the team
 * lock. A mismatch drops the cached value and the decision reads again, so several server
 * processes sharing one PostgreSQL see each other's changes exactly as if nothing were cached.
 */
import type { StoredSettings } from "./settings.js";

export interface MemberRow extends Record<string, unknown> {
  id: number;
  name: string;
  role: "rep" | "manager" | "admin";
  active: boolean;
  out_of_office_from: Date | string | null;
  out_of_office_to: Date | string | null;
  regions: string[];
  segments: string[];
  products: string[];
  languages: string[];
  capacity: number | null;
  /** routing_cache_version 'members' when the rows were read. */
  members_version: number | string;
}

export interface RoutingCache {
  /** Team key (team id, 0 = organisation-wide) → its members at a members version. */
  members: Map<number, { version: number; rows: MemberRow[] }>;
  /** Team key → its current settings (their `version` is checked). */
  settings: Map<number, StoredSettings>;
}

const caches = new WeakMap<object, RoutingCache>();

/** The cache of one store handle (the `db` a caller passes in, never a transaction it opened). */
export function routingCacheFor(db: object): RoutingCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { members: new Map(), settings: new Map() }));
  return cache;
}
