/**
 * The demo's recent cadence history (D5): for the last weeks before `now`, each rep's updates
 * on their week and their deals, their manager's requests for information, and promises kept
 * or broken. A reps mostly speak before anyone asks and keep their word; C reps mostly answer
 * requests, sometimes late or never. Pure and seeded like the rest of the demo.
 * Recurring 1:1s and their history are in coaching.ts.
 */
import type { Ability } from "./archetypes.js";
import { DAY } from "./calendar.js";
import type { DemoRep } from "./organisation.js";
import type { Random } from "./random.js";
import type { DemoOpportunity, DemoRequest, DemoUpdate } from "./types.js";

/** Weeks of history before `now` (the team page's trend and a rep's month read from it). */
export const CADENCE_WEEKS = 8;

interface AbilityCadence {
  /** Chance a subject gets an update before the manager asks. */
  preemptive: number;
  /** Chance a request is answered at all (else it stays open). */
  answers: number;
  /** Chance an update carries a promise, and that a promise due is kept. */
  promises: number;
  keeps: number;
}

const CADENCE: Readonly<Record<Ability, AbilityCadence>> = {
  A: { preemptive: 0.85, answers: 1, promises: 0.35, keeps: 0.92 },
  B: { preemptive: 0.55, answers: 0.9, promises: 0.25, keeps: 0.72 },
  C: { preemptive: 0.25, answers: 0.7, promises: 0.15, keeps: 0.45 },
};

const WEEK_TEXTS = ["Plan for the week: three discovery calls and two demos", "Focus this week: the two largest early deals", "Prospecting block Tuesday and Thursday mornings"];
const DEAL_TEXTS = ["Discovery call done; the buyer confirmed the budget", "Demo booked with their IT lead", "Champion identified; next step is the business case", "Pricing questions answered; waiting on procurement", "Mutual action plan drafted with the buyer"];
const PROMISE_TEXTS = ["Send the business case", "Book the executive sponsor meeting", "Share the revised proposal", "Agree the mutual action plan"];
const REQUEST_TEXTS = ["Where are we on this one?", "What is the next step, and when?", "Any news from the buyer?"];
const WEEK_REQUEST_TEXTS = ["How is your week going?", "What is your plan for this week?"];

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const MONDAY_OFFSET = 4 * DAY; // 1970-01-01 was a Thursday: Mondays are 4 days later, modulo a week

/** A working-hours instant on `day` (ms at 00:00 UTC), in the rep's local 08:00–18:00. */
function workTime(day: number, rep: DemoRep, rng: Random): number {
  const localHour = rng.between(8, 18);
  return Math.floor((day + (localHour - rep.region.utcOffsetHours) * 3_600_000) / 60_000) * 60_000;
}

export function generateCadence(input: { reps: readonly DemoRep[]; opportunities: ReadonlyMap<string, readonly DemoOpportunity[]>; now: Date; rngFor: (rep: DemoRep) => Random }): {
  updates: DemoUpdate[];
  requests: DemoRequest[];
} {
  const now = input.now.getTime();
  const thisMonday = Math.floor((now - MONDAY_OFFSET) / (7 * DAY)) * 7 * DAY + MONDAY_OFFSET;
  const updates: DemoUpdate[] = [];
  const requests: DemoRequest[] = [];

  for (const rep of input.reps) {
    const manager = rep.user.manager;
    if (manager === null) continue;
    const rng = input.rngFor(rep);
    const odds = CADENCE[rep.archetype.ability];
    const deals = input.opportunities.get(rep.user.name) ?? [];
    const away = (t: number) => rep.user.outOfOfficeFrom !== null && rep.user.outOfOfficeTo !== null && t >= rep.user.outOfOfficeFrom.getTime() && t <= rep.user.outOfOfficeTo.getTime();

    const speak = (subject: string, at: number, text: string) => {
      if (at >= now || away(at)) return;
      const promise = rng.chance(odds.promises) ? promiseFrom(at, now, odds, rng) : null;
      updates.push({ rep: rep.user.name, subject, at: new Date(at), text: promise ? rng.pick(PROMISE_TEXTS) : text, performatives: promise ? ["assertion", "promise"] : ["assertion"], promise });
    };
    /** Preemptive (the rep speaks first), or asked for and then (maybe) answered a day or two later. */
    const cover = (subject: string, at: number, text: string, askText: string) => {
      if (rng.chance(odds.preemptive)) return speak(subject, at, text);
      if (at >= now) return;
      requests.push({ manager, rep: rep.user.name, subject, at: new Date(at), text: askText });
      if (rng.chance(odds.answers)) speak(subject, at + rng.between(0.1, 2) * DAY, text);
    };

    for (let week = CADENCE_WEEKS - 1; week >= 0; week--) {
      const monday = thisMonday - week * 7 * DAY;
      cover("rep", workTime(monday, rep, rng), rng.pick(WEEK_TEXTS), rng.pick(WEEK_REQUEST_TEXTS));
      // A few deals open that week, each covered once, on a weekday.
      const open = deals.filter((d) => d.createdOn.getTime() < monday && (d.closedAt === null || d.closedAt.getTime() > monday + 5 * DAY));
      for (const deal of rng.shuffle(open).slice(0, rng.int(1, 3))) {
        cover(deal.externalId, workTime(monday + rng.int(0, 4) * DAY, rep, rng), rng.pick(DEAL_TEXTS), rng.pick(REQUEST_TEXTS));
      }
    }
  }
  const byTime = <T extends { at: Date; rep: string }>(a: T, b: T) => a.at.getTime() - b.at.getTime() || (a.rep < b.rep ? -1 : a.rep > b.rep ? 1 : 0);
  return { updates: updates.sort(byTime), requests: requests.sort(byTime) };
}

/** Due 2–7 days on; once its day has ended it was kept (marked that afternoon) or broke (marked, or left unmarked). */
function promiseFrom(at: number, now: number, odds: AbilityCadence, rng: Random): DemoUpdate["promise"] {
  const dueDay = Math.floor(at / DAY) * DAY + rng.int(2, 7) * DAY;
  const markedAt = dueDay + rng.between(14, 17) * 3_600_000;
  if (markedAt >= now) return { due: isoDay(dueDay), kept: null, markedAt: null };
  if (rng.chance(odds.keeps)) return { due: isoDay(dueDay), kept: true, markedAt: new Date(Math.floor(markedAt / 60_000) * 60_000) };
  return rng.chance(0.4) ? { due: isoDay(dueDay), kept: false, markedAt: new Date(Math.floor(markedAt / 60_000) * 60_000) } : { due: isoDay(dueDay), kept: null, markedAt: null };
}
