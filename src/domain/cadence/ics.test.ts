import ICAL from "ical.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeText, foldLine, renderIcs, type IcsEvent } from "./ics.js";
import { scheduleOccurrences } from "./schedule.js";

const NOW = new Date("2024-03-01T12:00:00Z");
const manager = { id: 3, name: "Mia Manager", email: "mia@example.com" };
const schedule = (repId: number, extra: Record<string, unknown> = {}) => ({
  managerId: 3,
  repId,
  weekday: 2,
  time: "09:30",
  timeZone: "+01:00",
  startsOn: "2024-03-01",
  ...extra,
});
const octets = (s: string) => new TextEncoder().encode(s).length;

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents("vevent").map((c) => new ICAL.Event(c)) };
}

function expand(event: ICAL.Event, count: number): string[] {
  const it = event.iterator();
  const out: string[] = [];
  for (let next = it.next(); next && out.length < count; next = it.next()) out.push(next.toJSDate().toISOString());
  return out;
}

describe("renderIcs", () => {
  const longDescription =
    "Agenda: « Grüße » — Müller GmbH; premature proposal, no MAP\\stalled in Discovery for 21 days, ask about the 20% discount.\n" +
    "Zweite Zeile: Überprüfung der Pipeline 🚀 and more text to go well past seventy-five octets.";
  const events: IcsEvent[] = [
    { rep: { id: 9, name: "Zoë, Rep; Jr." }, schedule: schedule(9, { weekday: 4, time: "16:00" }) },
    { rep: { id: 8, name: "Ana", email: "ana@example.com" }, schedule: schedule(8, { durationMinutes: 45, intervalWeeks: 2 }), description: longDescription },
  ];
  const text = renderIcs(manager, events, NOW);

  it("is CRLF text with lines folded at 75 octets, never inside a character", () => {
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of text.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(text).not.toContain("\uFFFD");
    expect(text.split("\r\n").some((l) => l.startsWith(" "))).toBe(true);
  });

  it("parses with ical.js: calendar properties, stable UIDs, UTC start, duration and weekly rule", () => {
    const { calendar, events: parsed } = parse(text);
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("prodid")).toBe("-//Proactive//Coaching cadence//EN");
    expect(parsed.map((e) => e.uid)).toEqual(["one-on-one-3-8@proactive", "one-on-one-3-9@proactive"]);
    const [ana, zoe] = parsed as [ICAL.Event, ICAL.Event];
    expect(ana.startDate.toJSDate().toISOString()).toBe("2024-03-05T08:30:00.000Z");
    expect(ana.startDate.zone?.tzid).toBe("UTC");
    expect(ana.duration.toSeconds()).toBe(45 * 60);
    expect(ana.component.getFirstPropertyValue("dtstamp")?.toString()).toBe("2024-03-01T12:00:00Z");
    expect(String(ana.component.getFirstPropertyValue("rrule"))).toBe("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU");
    expect(expand(ana, 3)).toEqual(["2024-03-05T08:30:00.000Z", "2024-03-19T08:30:00.000Z", "2024-04-02T08:30:00.000Z"]);
    expect(expand(zoe, 2)).toEqual(["2024-03-07T15:00:00.000Z", "2024-03-14T15:00:00.000Z"]);
    expect(ana.organizer).toBe("mailto:mia@example.com");
  });

  it("round-trips escaped text: commas, semicolons, backslashes, newlines and non-ASCII", () => {
    const [ana, zoe] = parse(text).events as [ICAL.Event, ICAL.Event];
    expect(zoe.summary).toBe("1:1 — Zoë, Rep; Jr.");
    expect(ana.description).toBe(longDescription);
    expect(text).toContain("SUMMARY:1:1 — Zoë\\, Rep\\; Jr.");
  });

  it("keeps the local time across DST with EXDATE/RDATE corrections to the UTC rule", () => {
    const paris = renderIcs(manager, [{ rep: { id: 8, name: "Ana" }, schedule: schedule(8, { weekday: 1, time: "10:00", timeZone: "Europe/Paris", startsOn: "2024-03-11" }) }], NOW, {
      horizon: { from: new Date("2024-03-01T00:00:00Z"), to: new Date("2024-11-30T00:00:00Z") },
    });
    const [event] = parse(paris).events as [ICAL.Event];
    const expected = scheduleOccurrences(schedule(8, { weekday: 1, time: "10:00", timeZone: "Europe/Paris", startsOn: "2024-03-11" }), new Date("2024-03-01T00:00:00Z"), new Date("2024-11-30T00:00:00Z"));
    expect(expected.length).toBe(38);
    expect(expand(event, expected.length)).toEqual(expected.map((d) => d.toISOString()));
  });

  it("ends the rule at the schedule's last day and skips a series that never meets", () => {
    const ending = renderIcs(manager, [{ rep: { id: 8, name: "Ana" }, schedule: schedule(8, { endsOn: "2024-03-19" }) }], NOW);
    expect(expand(parse(ending).events[0]!, 10)).toEqual(["2024-03-05T08:30:00.000Z", "2024-03-12T08:30:00.000Z", "2024-03-19T08:30:00.000Z"]);
    const never = renderIcs(manager, [{ rep: { id: 8, name: "Ana" }, schedule: schedule(8, { startsOn: "2024-03-06", endsOn: "2024-03-11" }) }], NOW);
    expect(parse(never).events).toHaveLength(0);
  });

  it("is the same text for the same input", () => {
    expect(renderIcs(manager, [...events].reverse(), NOW)).toBe(text);
  });
});

describe("folding and escaping", () => {
  it("unfolding gives back the line, and every physical line fits in 75 octets", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (s) => {
        const line = `DESCRIPTION:${escapeText(s)}`;
        const folded = foldLine(line);
        for (const physical of folded.split("\r\n")) expect(octets(physical)).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, "")).toBe(line);
      }),
    );
  });

  it("escapes backslash first, then separators and newlines", () => {
    expect(escapeText("a\\b;c,d\r\ne\nf")).toBe("a\\\\b\\;c\\,d\\ne\\nf");
  });
});
