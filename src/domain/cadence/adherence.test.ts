import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../periods.js";
import { adherenceDrop, flagAdherenceDrop, judgeMeetings, managerAdherence, streaks, weeklyAdherence } from "./adherence.js";
import { scheduledMeetings } from "./schedule.js";

const t = (iso: string) => new Date(iso);
const weekly = (repId: number, managerId = 1) => ({ managerId, repId, weekday: 1, time: "10:00", startsOn: "2024-03-04" });

describe("judging 1:1s", () => {
  const scheduled = scheduledMeetings([weekly(2)], t("2024-03-01T00:00:00Z"), t("2024-04-01T00:00:00Z"));
  // Mondays 2024-03-04, 11, 18, 25 at 10:00Z.

  it("is on time within ±1 day, edges included; missed only after the window closes", () => {
    const held = [
      { managerId: 1, repId: 2, at: t("2024-03-03T10:00:00Z") }, // exactly −1 day
      { managerId: 1, repId: 2, at: t("2024-03-12T10:00:01Z") }, // 1 s too late
      { managerId: 1, repId: 2, at: t("2024-03-19T10:00:00Z") }, // exactly +1 day
    ];
    const judged = judgeMeetings(scheduled, held, {}, t("2024-03-26T10:00:00Z"));
    expect(judged.map((j) => [j.scheduledAt.toISOString().slice(0, 10), j.onTime, j.heldAt?.toISOString() ?? null])).toEqual([
      ["2024-03-04", true, "2024-03-03T10:00:00.000Z"],
      ["2024-03-11", false, null],
      ["2024-03-18", true, "2024-03-19T10:00:00.000Z"],
    ]);
    // 03-25's window closes at 03-26T10:00Z: still pending then, missed one instant later.
    expect(judgeMeetings(scheduled, held, {}, t("2024-03-26T10:00:00.001Z"))).toHaveLength(4);
  });

  it("counts a held 1:1 once, only for its own manager and rep, and not before it happened", () => {
    const held = [
      { managerId: 1, repId: 3, at: t("2024-03-04T10:00:00Z") },
      { managerId: 9, repId: 2, at: t("2024-03-04T10:00:00Z") },
    ];
    expect(judgeMeetings(scheduled, held, {}, t("2024-03-10T00:00:00Z")).map((j) => j.onTime)).toEqual([false]);
    const once = judgeMeetings(scheduled, [{ managerId: 1, repId: 2, at: t("2024-03-04T10:00:00Z") }], { adherence: { toleranceDays: 3 } }, t("2024-04-01T00:00:00Z"));
    expect(once.filter((j) => j.onTime)).toHaveLength(1);
    expect(judgeMeetings(scheduled, [{ managerId: 1, repId: 2, at: t("2024-03-04T12:00:00Z") }], {}, t("2024-03-04T11:00:00Z"))).toEqual([]);
  });
});

describe("adherence per manager", () => {
  it("is the on-time share with the current and longest streaks", () => {
    const scheduled = scheduledMeetings([weekly(2), weekly(3), weekly(4, 5)], t("2024-03-01T00:00:00Z"), t("2024-04-01T00:00:00Z"));
    const heldOn = (repId: number, days: string[], managerId = 1) => days.map((d) => ({ managerId, repId, at: t(`2024-03-${d}T10:00:00Z`) }));
    const held = [...heldOn(2, ["04", "11", "25"]), ...heldOn(3, ["04", "11", "18", "25"])];
    const judged = judgeMeetings(scheduled, held, {}, t("2024-04-10T00:00:00Z"));
    // Manager 1 in time order (rep 2, rep 3 each Monday): ✓✓ ✓✓ ✗✓ ✓✓ → longest 4, current 3.
    expect(managerAdherence(judged, { start: t("2024-03-01T00:00:00Z"), end: t("2024-04-01T00:00:00Z") })).toEqual([
      { managerId: 1, scheduled: 8, onTime: 7, rate: 7 / 8, currentStreak: 3, longestStreak: 4 },
      { managerId: 5, scheduled: 4, onTime: 0, rate: 0, currentStreak: 0, longestStreak: 0 },
    ]);
    expect(weeklyAdherence(judged.filter((j) => j.managerId === 1), { start: t("2024-03-04T00:00:00Z"), end: t("2024-03-25T00:00:00Z") })).toEqual([
      { weekStart: "2024-03-04", scheduled: 2, onTime: 2, rate: 1 },
      { weekStart: "2024-03-11", scheduled: 2, onTime: 2, rate: 1 },
      { weekStart: "2024-03-18", scheduled: 2, onTime: 1, rate: 0.5 },
    ]);
  });

  it("streaks: the longest is at least the current, and both at most the on-time count", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 50 }), (flags) => {
        const { current, longest } = streaks(flags.map((onTime) => ({ onTime })));
        const onTime = flags.filter(Boolean).length;
        expect(current).toBeLessThanOrEqual(longest);
        expect(longest).toBeLessThanOrEqual(onTime);
        expect(longest === 0).toBe(onTime === 0);
        expect(flags.join(",").includes(Array(longest).fill("true").join(","))).toBe(true);
      }),
    );
  });
});

describe("the adherence drop flag", () => {
  const weeks = (...pairs: [number, number][]) => pairs.map(([onTime, scheduled]) => ({ onTime, scheduled }));

  it("flags adherence below 75% over the last 4 weeks", () => {
    expect(flagAdherenceDrop(weeks([4, 5], [4, 5], [4, 5], [4, 5], [3, 4], [3, 4], [3, 4], [3, 4]))).toBe(false); // exactly 75%, 5 points down
    expect(flagAdherenceDrop(weeks([3, 4], [3, 4], [3, 4], [2, 4]))).toBe(true);
  });

  it("flags a fall of 20 points or more against the 4 weeks before, exactly at 20", () => {
    const fell20 = weeks([5, 5], [5, 5], [5, 5], [5, 5], [4, 5], [4, 5], [4, 5], [4, 5]);
    expect(adherenceDrop(fell20)).toMatchObject({ flag: true, previous: { rate: 1 }, last: { rate: 0.8 } });
    const fell19 = weeks([100, 100], [0, 0], [0, 0], [0, 0], [81, 100], [0, 0], [0, 0], [0, 0]);
    expect(flagAdherenceDrop(fell19)).toBe(false);
    expect(flagAdherenceDrop(fell20, { adherence: { dropPoints: 25 } })).toBe(false);
  });

  it("does not flag without 1:1s due in the last window, and judges the last window alone without history", () => {
    expect(flagAdherenceDrop(weeks([0, 4], [0, 4], [0, 4], [0, 4], [0, 0], [0, 0], [0, 0], [0, 0]))).toBe(false);
    expect(flagAdherenceDrop([])).toBe(false);
    expect(flagAdherenceDrop(weeks([4, 4]))).toBe(false);
    expect(adherenceDrop(weeks([1, 2])).reason).toMatch(/50%.*below 75%/);
  });

  it("pools a realistic series built from schedules", () => {
    const scheduled = scheduledMeetings([weekly(2)], t("2024-03-04T00:00:00Z"), t("2024-04-29T00:00:00Z"));
    const held = scheduled.filter((_, i) => i < 4 || i % 2 === 0).map((s) => ({ ...s, at: addDays(s.at, 0.5) }));
    const judged = judgeMeetings(scheduled, held, {}, t("2024-05-01T00:00:00Z"));
    const series = weeklyAdherence(judged, { start: t("2024-03-04T00:00:00Z"), end: t("2024-04-29T00:00:00Z") });
    expect(series).toHaveLength(8);
    expect(adherenceDrop(series)).toMatchObject({ flag: true, previous: { rate: 1 }, last: { rate: 0.5 } });
  });
});
