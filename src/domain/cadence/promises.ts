/**
 * Promises (D5): a promise is due at the end of its due day (UTC). As of `now` it is
 *   kept    when the rep marked it kept, on or before the due day's end;
 *   broken  when the rep marked it broken, or marked it kept only after the due day, or the
 *           due day ended with no mark (it broke at the due day's end);
 *   open    otherwise.
 * A mark with a `markedAt` after `now` has not happened yet as of `now`. An imported mark has
 * no `markedAt` and is taken at its word.
 */
import { inRange } from "../periods.js";
import { compareIds } from "./order.js";
import type { CadencePromise, CadenceUpdate, EntityId } from "./schemas.js";
import { dayEnd, dayStart } from "./time.js";

export type PromiseState =
  | { state: "open"; dueEnd: Date }
  | { state: "kept"; keptAt: Date | null }
  | { state: "broken"; brokeAt: Date };

export function promiseState(promise: Pick<CadencePromise, "due" | "kept" | "markedAt">, now: Date): PromiseState {
  const dueEnd = dayEnd(promise.due);
  const marked = promise.kept !== null && (promise.markedAt === null || promise.markedAt.getTime() <= now.getTime());
  if (marked && promise.kept === true) {
    if (promise.markedAt === null || promise.markedAt.getTime() < dueEnd.getTime()) return { state: "kept", keptAt: promise.markedAt };
    return { state: "broken", brokeAt: dueEnd };
  }
  if (marked && promise.kept === false) {
    const at = promise.markedAt !== null && promise.markedAt.getTime() < dueEnd.getTime() ? promise.markedAt : dueEnd;
    return { state: "broken", brokeAt: at };
  }
  return now.getTime() >= dueEnd.getTime() ? { state: "broken", brokeAt: dueEnd } : { state: "open", dueEnd };
}

export interface TrackedPromise {
  updateId: EntityId;
  repId: number;
  subject: string;
  text: string;
  due: string;
  state: PromiseState;
}

/** Every promise the updates carry, with its state as of `now`, by due day then update id. */
export function trackPromises(updates: readonly CadenceUpdate[], now: Date): TrackedPromise[] {
  const tracked: TrackedPromise[] = [];
  for (const u of updates) {
    if (u.promise === null) continue;
    tracked.push({ updateId: u.id, repId: u.repId, subject: u.subject, text: u.text, due: u.promise.due, state: promiseState(u.promise, now) });
  }
  return tracked.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : compareIds(a.updateId, b.updateId)));
}

export interface PromiseKeeping {
  repId: number;
  kept: number;
  broken: number;
  open: number;
  /** kept ÷ (kept + broken); null when none is kept or broken yet. */
  rate: number | null;
}

/**
 * The promise-keeping rate per rep over the promises DUE in `[range.start, range.end)`,
 * judged as of `now` (open ones are counted but not in the rate). Sorted by rep id.
 */
export function promiseKeeping(
  updates: readonly CadenceUpdate[],
  range: { start: Date; end: Date },
  now: Date,
): PromiseKeeping[] {
  const byRep = new Map<number, PromiseKeeping>();
  for (const p of trackPromises(updates, now)) {
    if (!inRange(dayStart(p.due), range.start, range.end)) continue;
    const row = byRep.get(p.repId) ?? { repId: p.repId, kept: 0, broken: 0, open: 0, rate: null };
    row[p.state.state] += 1;
    byRep.set(p.repId, row);
  }
  return [...byRep.values()]
    .map((r) => ({ ...r, rate: r.kept + r.broken > 0 ? r.kept / (r.kept + r.broken) : null }))
    .sort((a, b) => a.repId - b.repId);
}
