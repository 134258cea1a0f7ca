/**
 * DEAL documents (D6.4): is each meeting followed up in writing, and how fast?
 *
 * A meeting counts as followed up when the same rep logs a `follow-up` on the same account or
 * the same opportunity within 24 hours after it: follow-up time in [meeting, meeting + 24 h],
 * both ends included (exactly 24 h still counts; a follow-up logged at the meeting's own
 * timestamp counts too, as imports often carry dates without times). The earliest such
 * follow-up gives the delay; one follow-up may cover several meetings on the same account.
 * A meeting linked to neither an account nor an opportunity can never be followed up.
 * Meetings are those in `[start, end)`; their follow-ups may fall after `end`.
 *
 * This is the reference formula. The KPI page does not run it over raw rows: the store keeps
 * the same rule in the `meeting_follow_ups` aggregate (one row per meeting with the delay to
 * its first follow-up, maintained by triggers on `activities`, drizzle/0012_meeting_follow_ups.sql)
 * and src/store/kpis.ts reads it in one query. test/activity/deal-documents-store.test.ts proves
 * the two agree on random activity sets, after inserts, updates and deletes, on both stores.
 */
import { inRange } from "../periods.js";
import type { ActivityFacts } from "../targets/history.js";
import { median } from "../targets/history.js";

export const FOLLOW_UP_WINDOW_HOURS = 24;
const HOUR_MS = 3_600_000;

export interface DealDocuments {
  meetings: number;
  followedUp: number;
  /** followedUp ÷ meetings; null without meetings. */
  share: number | null;
  /** Median hours from meeting to its first follow-up; null when none was followed up. */
  medianDelayHours: number | null;
}

export function dealDocuments(
  activities: readonly ActivityFacts[],
  window: { start: Date; end: Date },
  repId?: number,
): DealDocuments {
  const mine = repId === undefined ? activities : activities.filter((a) => a.repId === repId);
  const followUps = mine.filter((a) => a.kind === "follow-up").sort((x, y) => x.at.getTime() - y.at.getTime());
  const meetings = mine.filter((a) => a.kind === "meeting" && inRange(a.at, window.start, window.end));
  const delays: number[] = [];
  for (const meeting of meetings) {
    const from = meeting.at.getTime();
    const to = from + FOLLOW_UP_WINDOW_HOURS * HOUR_MS;
    for (let i = firstAtOrAfter(followUps, from); i < followUps.length && followUps[i]!.at.getTime() <= to; i += 1) {
      const f = followUps[i]!;
      if (f.repId === meeting.repId && sameSubject(meeting, f)) {
        delays.push((f.at.getTime() - from) / HOUR_MS);
        break;
      }
    }
  }
  return {
    meetings: meetings.length,
    followedUp: delays.length,
    share: meetings.length > 0 ? delays.length / meetings.length : null,
    medianDelayHours: median(delays),
  };
}

/** Index of the first follow-up (sorted by time) at or after `ms`: a binary search. */
function firstAtOrAfter(sorted: readonly ActivityFacts[], ms: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.at.getTime() < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sameSubject(meeting: ActivityFacts, followUp: ActivityFacts): boolean {
  const sameAccount = meeting.accountId != null && meeting.accountId === followUp.accountId;
  const sameOpportunity = meeting.opportunityId != null && meeting.opportunityId === followUp.opportunityId;
  return sameAccount || sameOpportunity;
}
