import { describe, expect, it } from "vitest";
import type { AgendaItem, QueuedMeeting } from "../api/cadenceTypes.js";
import {
  adherenceDetail,
  adherenceSummary,
  agendaSections,
  agendaSummary,
  defaultPromiseDue,
  describeSchedule,
  formatMeetingTime,
  holdBody,
  initialUpdateForm,
  meetingsByRep,
  pooledAdherence,
  promiseDueLabel,
  ratioDetail,
  subjectLabel,
  togglePerformative,
  updateBody,
} from "./cadence.js";

const deal = (externalId: string, value: number | null = null) => ({ id: 1, externalId, name: `${externalId} Inc`, stage: "Discovery", value });
const item = (kind: AgendaItem["kind"], opp?: string): AgendaItem => ({
  key: `${kind}:${opp ?? "-"}`,
  kind,
  title: kind,
  detail: `why ${kind}`,
  priority: 1,
  ...(opp ? { opportunity: deal(opp) } : {}),
});

describe("subjects and the update form", () => {
  const deals = [{ id: 1, externalId: "OPP-1", accountName: "Acme", stage: "Discovery", phase: "early" as const, value: 100 }];

  it("names a subject in words", () => {
    expect(subjectLabel("rep", deals)).toBe("My week");
    expect(subjectLabel("rep", deals, false)).toBe("Their week");
    expect(subjectLabel("account:Globex", deals)).toBe("Globex (account)");
    expect(subjectLabel("OPP-1", deals)).toBe("Acme · OPP-1");
    expect(subjectLabel("OPP-9", deals)).toBe("OPP-9");
  });

  it("keeps performatives in the schema's order whatever the clicking order", () => {
    expect(togglePerformative(["assertion"], "promise")).toEqual(["assertion", "promise"]);
    expect(togglePerformative(["promise"], "assertion")).toEqual(["assertion", "promise"]);
    expect(togglePerformative(["assertion", "promise"], "assertion")).toEqual(["promise"]);
  });

  it("sends the due day only with a promise, and an account as account:<name>", () => {
    const now = new Date("2025-06-18T15:00:00Z"); // a Wednesday
    const form = { ...initialUpdateForm(now, "OPP-1"), text: "  Demo booked  " };
    expect(updateBody(form)).toEqual({ subject: "OPP-1", text: "Demo booked", performatives: ["assertion"] });
    expect(updateBody({ ...form, performatives: ["promise"] })).toEqual({ subject: "OPP-1", text: "Demo booked", performatives: ["promise"], promiseDue: "2025-06-20" });
    expect(updateBody({ ...form, subject: "account", account: " Globex " }).subject).toBe("account:Globex");
  });

  it("dues a promise by this Friday, or next Friday from Friday on (UTC days)", () => {
    expect(defaultPromiseDue(new Date("2025-06-16T09:00:00Z"))).toBe("2025-06-20"); // Monday
    expect(defaultPromiseDue(new Date("2025-06-20T09:00:00Z"))).toBe("2025-06-27"); // Friday
    expect(defaultPromiseDue(new Date("2025-06-22T23:30:00Z"))).toBe("2025-06-27"); // Sunday
    expect(promiseDueLabel("2025-06-18", new Date("2025-06-18T23:59:00Z"))).toBe("due today");
    expect(promiseDueLabel("2025-06-19", new Date("2025-06-18T10:00:00Z"))).toBe("due tomorrow");
    expect(promiseDueLabel("2025-06-24", new Date("2025-06-18T10:00:00Z"))).toBe("due Jun 24");
  });

  it("says what a ratio counts", () => {
    expect(ratioDetail({ updates: 0, preemptive: 0 })).toBe("No updates yet");
    expect(ratioDetail({ updates: 1, preemptive: 1 })).toBe("1 of 1 update before anyone asked");
    expect(ratioDetail({ updates: 3, preemptive: 2 })).toBe("2 of 3 updates before anyone asked");
  });
});

describe("schedules and meetings", () => {
  it("describes a recurring 1:1", () => {
    expect(describeSchedule({ weekday: 4, time: "10:00", timeZone: "Europe/Paris", intervalWeeks: 1, active: true })).toBe("Thursdays at 10:00 (Europe/Paris), weekly");
    expect(describeSchedule({ weekday: 1, time: "09:30", timeZone: "UTC", intervalWeeks: 2, active: true })).toBe("Mondays at 09:30 (UTC), every 2 weeks");
    expect(describeSchedule({ weekday: 1, time: "09:30", timeZone: "UTC", intervalWeeks: 2, active: false })).toBe("No recurring 1:1");
  });

  it("formats a meeting in a zone", () => {
    expect(formatMeetingTime("2026-03-19T09:00:00.000Z", "UTC")).toBe("Thu Mar 19, 09:00 UTC");
    expect(formatMeetingTime("2026-03-19T09:00:00.000Z", "Europe/Paris")).toBe("Thu Mar 19, 10:00 GMT+1");
  });

  it("gives the agenda to each rep's first upcoming 1:1 and lists the later ones", () => {
    const m = (id: number, repId: number) => ({ id, repId }) as QueuedMeeting;
    const groups = meetingsByRep([m(1, 7), m(2, 8), m(3, 7)]);
    expect(groups.map((g) => [g.first.id, g.later.map((l) => l.id)])).toEqual([
      [1, [3]],
      [2, []],
    ]);
  });
});

describe("the agenda as a manager walks through it", () => {
  const items = [
    item("pacing"),
    item("maverick-discount", "OPP-D"),
    item("large-without-strategy", "OPP-B"),
    item("stalled", "OPP-A"),
    item("no-next-step", "OPP-B"),
    item("open-promise"),
  ];

  it("groups pacing, warning signs, deals (with all their reasons, first-raised first) and promises", () => {
    const s = agendaSections({ items });
    expect(s.pacing.map((i) => i.kind)).toEqual(["pacing"]);
    expect(s.warnings.map((i) => i.key)).toEqual(["maverick-discount:OPP-D"]);
    expect(s.deals.map((d) => [d.opportunity.externalId, d.items.map((i) => i.kind)])).toEqual([
      ["OPP-B", ["large-without-strategy", "no-next-step"]],
      ["OPP-A", ["stalled"]],
    ]);
    expect(s.promises.map((i) => i.kind)).toEqual(["open-promise"]);
  });

  it("sums it up in one line", () => {
    expect(agendaSummary({ items })).toBe("pacing · 1 warning sign · 2 deals to coach · 1 open promise");
    expect(agendaSummary({ items: [] })).toBe("Nothing raised: early-stage deals are in order");
  });
});

describe("holding a 1:1 and adherence", () => {
  it("drops blank commitments and trims the rest", () => {
    expect(holdBody({ notes: " n ", decisions: "", commitments: [{ text: " Write the plan ", due: "2025-06-20" }, { text: "  ", due: "2025-06-20" }] })).toEqual({
      notes: "n",
      decisions: "",
      commitments: [{ text: "Write the plan", due: "2025-06-20" }],
    });
  });

  it("pools adherence over managers and says when nothing was due", () => {
    expect(pooledAdherence([{ scheduled: 3, onTime: 1 }, { scheduled: 1, onTime: 1 }])).toBe(0.5);
    expect(pooledAdherence([{ scheduled: 0, onTime: 0 }])).toBeNull();
    expect(adherenceDetail({ scheduled: 4, onTime: 3, rate: 0.75 })).toBe("3 of 4 on time (75%)");
    expect(adherenceDetail({ scheduled: 0, onTime: 0, rate: null })).toBe("No 1:1 due yet");
  });
});

describe("adherenceSummary", () => {
  it("says how many 1:1s were on time, the share and the streak, or a dash when none was due", () => {
    expect(adherenceSummary({ scheduled: 9, onTime: 8, rate: 8 / 9, currentStreak: 4 })).toBe("8 of 9 on time (89%) · streak 4");
    expect(adherenceSummary({ scheduled: 0, onTime: 0, rate: null, currentStreak: 0 })).toBe("No 1:1 due yet");
  });
});
