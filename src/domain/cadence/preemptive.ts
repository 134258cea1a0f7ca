/**
 * The preemptive approach (D5). A manager's request for information stays open until the
 * rep's first update on the same subject after it, which answers it. An update is preemptive
 * when no request on its subject is open the moment it is posted.
 *
 * "The same subject" is the pair (rep, subject): a request to one rep is not answered by
 * another rep's update on the same deal. At the same instant, requests come first: an update
 * stamped with its request's very time (date-only imports do this) answers it rather than
 * counting as preemptive, so ties never flatter the KPI. Updates at one instant go by id.
 */
import { inRange, isoDay } from "../periods.js";
import { byTimeThenId, groupBy } from "./order.js";
import type { CadenceRequest, CadenceUpdate, EntityId } from "./schemas.js";
import { isoWeeksBetween, isoWeekStart } from "./time.js";

type UpdateRef = Pick<CadenceUpdate, "id" | "repId" | "subject" | "at">;
type RequestRef = Pick<CadenceRequest, "id" | "repId" | "subject" | "at">;

export interface ClassifiedUpdate<U extends UpdateRef = CadenceUpdate> {
  update: U;
  preemptive: boolean;
  /** The requests this update answered (empty exactly when it is preemptive). */
  answered: EntityId[];
}

export interface ClassifiedRequest<R extends RequestRef = CadenceRequest> {
  request: R;
  answeredAt: Date | null;
  answeredBy: EntityId | null;
}

const subjectKey = (x: { repId: number; subject: string }) => `${x.repId}\u0000${x.subject}`;

/** Both lists come back in time order (then id), whatever the input order. */
export function classifyUpdates<U extends UpdateRef, R extends RequestRef>(
  updates: readonly U[],
  requests: readonly R[],
): { updates: ClassifiedUpdate<U>[]; requests: ClassifiedRequest<R>[] } {
  const classifiedRequests = [...requests].sort(byTimeThenId).map((request) => ({ request, answeredAt: null, answeredBy: null }) as ClassifiedRequest<R>);
  const sortedUpdates = [...updates].sort(byTimeThenId);
  const open = new Map<string, ClassifiedRequest<R>[]>();
  const classifiedUpdates: ClassifiedUpdate<U>[] = [];
  let next = 0;
  for (const update of sortedUpdates) {
    // Every request up to and including this instant is on the table before the update.
    for (; next < classifiedRequests.length && classifiedRequests[next]!.request.at.getTime() <= update.at.getTime(); next++) {
      const r = classifiedRequests[next]!;
      const key = subjectKey(r.request);
      const list = open.get(key);
      if (list) list.push(r);
      else open.set(key, [r]);
    }
    const key = subjectKey(update);
    const pending = open.get(key) ?? [];
    open.delete(key);
    for (const r of pending) {
      r.answeredAt = update.at;
      r.answeredBy = update.id;
    }
    classifiedUpdates.push({ update, preemptive: pending.length === 0, answered: pending.map((r) => r.request.id) });
  }
  return { updates: classifiedUpdates, requests: classifiedRequests };
}

/** Requests asked by `now` and not answered by then, oldest first. */
export function openRequests<R extends RequestRef>(classified: readonly ClassifiedRequest<R>[], now: Date): ClassifiedRequest<R>[] {
  const t = now.getTime();
  return classified.filter((r) => r.request.at.getTime() <= t && (r.answeredAt === null || r.answeredAt.getTime() > t));
}

export interface PreemptiveRatio {
  updates: number;
  preemptive: number;
  /** preemptive ÷ updates; null when there are no updates. */
  ratio: number | null;
}

type Range = { start: Date; end: Date };

function ratioOf(classified: readonly ClassifiedUpdate<UpdateRef>[]): PreemptiveRatio {
  const preemptive = classified.filter((c) => c.preemptive).length;
  return { updates: classified.length, preemptive, ratio: classified.length > 0 ? preemptive / classified.length : null };
}

const within = <U extends UpdateRef>(classified: readonly ClassifiedUpdate<U>[], range: Range) =>
  classified.filter((c) => inRange(c.update.at, range.start, range.end));

/**
 * The preemptive ratio of the updates posted in `[start, end)`: for the team (every update
 * given) and per rep, by rep id. Classify the whole history first: a request asked before
 * the period can still be open in it.
 */
export function preemptiveRatios<U extends UpdateRef>(
  classified: readonly ClassifiedUpdate<U>[],
  range: Range,
): { team: PreemptiveRatio; reps: (PreemptiveRatio & { repId: number })[] } {
  const inPeriod = within(classified, range);
  const byRep = groupBy(inPeriod, (c) => c.update.repId);
  const reps = [...byRep.entries()].sort(([a], [b]) => a - b).map(([repId, list]) => ({ repId, ...ratioOf(list) }));
  return { team: ratioOf(inPeriod), reps };
}

/**
 * The weekly trend: one point per ISO week (Monday 00:00 UTC) overlapping `[start, end)`,
 * counting only updates inside the range. Filter `classified` to one rep for a rep's trend.
 */
export function preemptiveTrend<U extends UpdateRef>(
  classified: readonly ClassifiedUpdate<U>[],
  range: Range,
): (PreemptiveRatio & { weekStart: string })[] {
  const byWeek = groupBy(within(classified, range), (c) => isoDay(isoWeekStart(c.update.at)));
  return isoWeeksBetween(range.start, range.end).map((week) => ({
    weekStart: isoDay(week),
    ...ratioOf(byWeek.get(isoDay(week)) ?? []),
  }));
}
