/**
 * The demo's coaching cadence (D3): every rep has a weekly 1:1 with their manager, set up
 * eight weeks before `now`, and the history of which of those were held. Most managers hold
 * nearly every 1:1 on time; the last manager of the organisation slips in recent weeks, so
 * the leadership view has someone to flag. Pure and seeded like the rest of the demo.
 */
import { scheduleOccurrences } from "../domain/cadence/schedule.js";
import { DAY } from "./calendar.js";
import type { DemoRep } from "./organisation.js";
import type { Random } from "./random.js";
import type { DemoOneOnOne, DemoSchedule } from "./types.js";

/** Weeks of 1:1 history before `now`. */
export const COACHING_WEEKS = 8;

/** IANA zones for the demo's regions (their UTC offsets in catalog.ts are a rough match). */
const REGION_TIME_ZONES: Readonly<Record<string, string>> = {
  Americas: "America/New_York",
  EMEA: "Europe/Paris",
  APAC: "Asia/Singapore",
};

const NOTES = [
  "Walked the early-stage deals; two need a mutual action plan before the next step.",
  "Discovery is thin on the largest deal: agreed to book the economic buyer.",
  "Good week of prospecting; keep the Tuesday and Thursday call blocks.",
  "Pipeline is late-stage heavy: shift time to new opportunities.",
  "Reviewed the discount on the biggest deal: hold the price, sell the business case.",
];
const DECISIONS = ["Re-qualify the stalled deal", "Write the strategy for the largest deal", "Add two prospecting blocks", "Drop the off-profile opportunity"];

export function generateCoaching(input: { reps: readonly DemoRep[]; now: Date; rngFor: (key: string) => Random }): {
  schedules: DemoSchedule[];
  oneOnOnes: DemoOneOnOne[];
} {
  const now = input.now.getTime();
  const startsOn = new Date(now - COACHING_WEEKS * 7 * DAY).toISOString().slice(0, 10);
  const managers = [...new Set(input.reps.map((r) => r.user.manager).filter((m): m is string => m !== null))];
  const slipping = managers.length > 1 ? managers[managers.length - 1] : undefined;
  const schedules: DemoSchedule[] = [];
  const oneOnOnes: DemoOneOnOne[] = [];

  for (const [slot, rep] of input.reps.entries()) {
    const manager = rep.user.manager;
    if (manager === null) continue;
    const rng = input.rngFor(rep.user.name);
    const schedule: DemoSchedule = {
      manager,
      rep: rep.user.name,
      // Tuesday to Thursday, spread over the morning, so one manager's 1:1s do not collide.
      weekday: 2 + (slot % 3),
      time: `${String(9 + (slot % 4)).padStart(2, "0")}:${slot % 2 === 0 ? "00" : "30"}`,
      timeZone: REGION_TIME_ZONES[rep.region.name] ?? "UTC",
      startsOn,
    };
    schedules.push(schedule);
    const occurrences = scheduleOccurrences({ ...schedule, managerId: 0, repId: 0 }, new Date(`${startsOn}T00:00:00Z`), input.now);
    for (const [week, scheduledFor] of occurrences.entries()) {
      // A 1:1 later today or within the tolerance is still to come: leave it unheld.
      if (scheduledFor.getTime() + DAY > now) continue;
      const recent = week >= occurrences.length - 3;
      const holds = manager === slipping && recent ? 0.35 : 0.93;
      if (!rng.chance(holds)) continue;
      // On time means within a day of the scheduled moment; most start within minutes.
      const lateBy = rng.chance(0.85) ? rng.int(0, 15) * 60_000 : rng.int(2, 20) * 3_600_000;
      oneOnOnes.push({
        manager,
        rep: rep.user.name,
        scheduledFor,
        heldAt: new Date(Math.min(scheduledFor.getTime() + lateBy, now - 60_000)),
        notes: rng.pick(NOTES),
        decisions: rng.pick(DECISIONS),
      });
    }
  }
  return { schedules, oneOnOnes };
}
