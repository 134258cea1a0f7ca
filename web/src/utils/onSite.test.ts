import { describe, expect, it } from "vitest";
import type { Activity } from "../api/activityTypes.js";
import { applyVisitEvent, parseVisitEvent } from "./onSite.js";

const visit = (id: number, at: string, checkOutAt: string | null = null): Activity => ({
  id, externalId: null, repId: 1, repName: "Ann", kind: "visit", proactive: true, at, durationMinutes: null, accountId: 2, accountName: "Acme",
  opportunityId: null, opportunityExternalId: null, leadId: null, outcome: null, latitude: 1, longitude: 2, checkOutAt,
});

describe("applyVisitEvent", () => {
  it("adds check-ins newest first, without duplicates, and removes check-outs", () => {
    let list = applyVisitEvent([], { type: "check-in", teamId: 1, visit: visit(1, "2025-06-18T09:00:00Z") });
    list = applyVisitEvent(list, { type: "check-in", teamId: 1, visit: visit(2, "2025-06-18T10:00:00Z") });
    list = applyVisitEvent(list, { type: "check-in", teamId: 1, visit: visit(1, "2025-06-18T09:00:00Z") });
    expect(list.map((v) => v.id)).toEqual([2, 1]);
    list = applyVisitEvent(list, { type: "check-out", teamId: 1, visit: visit(2, "2025-06-18T10:00:00Z", "2025-06-18T11:00:00Z") });
    expect(list.map((v) => v.id)).toEqual([1]);
  });
});

describe("parseVisitEvent", () => {
  it("accepts visit events and skips anything else", () => {
    const event = { type: "check-in", teamId: 1, visit: visit(5, "2025-06-18T09:00:00Z") };
    expect(parseVisitEvent(JSON.stringify(event))).toEqual(event);
    expect(parseVisitEvent("not json")).toBeNull();
    expect(parseVisitEvent(JSON.stringify({ type: "other", visit: {} }))).toBeNull();
  });
});
