/** Total orders, so every list the cadence returns comes out the same for the same input. */
import type { EntityId } from "./schemas.js";

/** Numbers before strings, numbers numerically, strings by code unit. */
export function compareIds(a: EntityId, b: EntityId): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Earlier first; at the same instant, by id. */
export function byTimeThenId(a: { at: Date; id: EntityId }, b: { at: Date; id: EntityId }): number {
  return a.at.getTime() - b.at.getTime() || compareIds(a.id, b.id);
}

/** Items grouped by key, each group in input order. */
export function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
