import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY_MS } from "../periods.js";
import { firstMeetingDay, scheduledMeetings, scheduleOccurrences } from "./schedule.js";
import { scheduleSchema } from "./schemas.js";
import { localDay, zonedToUtc, zoneOffsetMs } from "./time.js";

const t = (iso: string) => new Date(iso);
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const base = { managerId: 1, repId: 2, weekday: 2, time: "09:30", startsOn: "2024-03-01" };

describe("scheduleOccurrences", () => {
  it("meets weekly on the weekday at the local time, from the first such day on or after startsOn", () => {
    expect(firstMeetingDay({ weekday: 2, startsOn: "2024-03-01" })).toBe("2024-03-05");
    expect(firstMeetingDay({ weekday: 5, startsOn: "2024-03-01" })).toBe("2024-03-01");
    expect(iso(scheduleOccurrences({ ...base, timeZone: "+02:00" }, t("2024-02-01T00:00:00Z"), t("2024-03-20T00:00:00Z")))).toEqual([
      "2024-03-05T07:30:00.000Z",
      "2024-03-12T07:30:00.000Z",
      "2024-03-19T07:30:00.000Z",
    ]);
  });

  it("keeps the local time across DST in an IANA zone", () => {
    const paris = scheduleOccurrences({ ...base, weekday: 1, time: "10:00", timeZone: "Europe/Paris" }, t("2024-03-18T00:00:00Z"), t("2024-04-09T00:00:00Z"));
    expect(iso(paris)).toEqual(["2024-03-18T09:00:00.000Z", "2024-03-25T09:00:00.000Z", "2024-04-01T08:00:00.000Z", "2024-04-08T08:00:00.000Z"]);
    const ny = scheduleOccurrences({ ...base, weekday: 1, time: "09:00", timeZone: "America/New_York" }, t("2024-03-04T00:00:00Z"), t("2024-03-12T00:00:00Z"));
    expect(iso(ny)).toEqual(["2024-03-04T14:00:00.000Z", "2024-03-11T13:00:00.000Z"]);
  });

  it("reads a time skipped by DST with the offset before the gap and a repeated time as its first", () => {
    expect(zonedToUtc("2024-03-31", "02:30", "Europe/Paris").toISOString()).toBe("2024-03-31T01:30:00.000Z"); // 03:30 CEST
    expect(zonedToUtc("2024-10-27", "02:30", "Europe/Paris").toISOString()).toBe("2024-10-27T00:30:00.000Z"); // the CEST one
  });

  it("honours the interval, the end day and the half-open range", () => {
    const s = { ...base, timeZone: "UTC", intervalWeeks: 2, endsOn: "2024-04-02" };
    expect(iso(scheduleOccurrences(s, t("2024-03-01T00:00:00Z"), t("2024-05-01T00:00:00Z")))).toEqual([
      "2024-03-05T09:30:00.000Z",
      "2024-03-19T09:30:00.000Z",
      "2024-04-02T09:30:00.000Z",
    ]);
    expect(iso(scheduleOccurrences(s, t("2024-03-05T09:30:00Z"), t("2024-03-19T09:30:00Z")))).toEqual(["2024-03-05T09:30:00.000Z"]);
  });

  it("merges several schedules in time order", () => {
    const meetings = scheduledMeetings(
      [
        { ...base, repId: 3, weekday: 1 },
        { ...base, repId: 2, weekday: 1 },
      ],
      t("2024-03-04T00:00:00Z"),
      t("2024-03-05T00:00:00Z"),
    );
    expect(meetings.map((m) => m.repId)).toEqual([2, 3]);
  });

  it("refuses a bad time, zone or end", () => {
    expect(scheduleSchema.safeParse({ ...base, time: "9:30" }).success).toBe(false);
    expect(scheduleSchema.safeParse({ ...base, timeZone: "Mars/Olympus" }).success).toBe(false);
    expect(scheduleSchema.safeParse({ ...base, endsOn: "2024-02-01" }).success).toBe(false);
    expect(scheduleSchema.parse({ ...base, timeZone: "Asia/Kolkata" }).durationMinutes).toBe(30);
  });

  it("every occurrence is in range, on its weekday and local time, and a whole number of intervals apart", () => {
    const zones = ["UTC", "+05:30", "-09:00", "Europe/Paris", "America/New_York", "Australia/Sydney", "Asia/Kathmandu"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 45),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 700 }),
        fc.integer({ min: 0, max: 120 }),
        (timeZone, weekday, hour, minute, intervalWeeks, startOffset, span) => {
          const time = `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
          const startsOn = new Date(Date.UTC(2023, 0, 1) + startOffset * DAY_MS).toISOString().slice(0, 10);
          const from = new Date(Date.UTC(2023, 0, 1) + (startOffset - 10) * DAY_MS);
          const to = new Date(from.getTime() + span * DAY_MS);
          const out = scheduleOccurrences({ ...base, weekday, time, timeZone, intervalWeeks, startsOn }, from, to);
          for (const at of out) {
            expect(at >= from && at < to).toBe(true);
            const local = localDay(at, timeZone);
            expect(local.weekday).toBe(weekday);
            expect(local.day >= startsOn).toBe(true);
            // The local time of day is the schedule's, or an hour later when DST skipped it.
            const localMinutes = Math.round(((at.getTime() + zoneOffsetMs(timeZone, at)) % DAY_MS) / 60_000);
            expect([0, 60]).toContain(localMinutes - (hour * 60 + minute));
          }
          for (let i = 1; i < out.length; i++) {
            const gapDays = Math.round((out[i]!.getTime() - out[i - 1]!.getTime()) / DAY_MS);
            expect(gapDays).toBe(7 * intervalWeeks);
          }
          // Nothing is skipped: the count is the range's length in intervals, give or take one.
          const covered = to.getTime() - Math.max(from.getTime(), Date.parse(`${startsOn}T00:00:00Z`));
          expect(Math.abs(out.length - Math.max(0, covered / (7 * intervalWeeks * DAY_MS)))).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});
