import { describe, expect, it } from "vitest";
import type { ActivityFacts } from "../targets/history.js";
import { dealDocuments } from "./deal-documents.js";

const AUG = { start: new Date("2017-08-01T00:00:00Z"), end: new Date("2017-09-01T00:00:00Z") };
const a = (kind: ActivityFacts["kind"], at: string, extra: Partial<ActivityFacts> = {}): ActivityFacts => ({
  repId: 1,
  kind,
  proactive: true,
  at: new Date(at),
  accountId: 10,
  ...extra,
});

describe("dealDocuments", () => {
  it("counts a follow-up exactly 24 hours after the meeting, not one a millisecond later", () => {
    const onTime = dealDocuments([a("meeting", "2017-08-01T10:00:00Z"), a("follow-up", "2017-08-02T10:00:00Z")], AUG);
    expect(onTime).toEqual({ meetings: 1, followedUp: 1, share: 1, medianDelayHours: 24 });
    const late = dealDocuments([a("meeting", "2017-08-01T10:00:00Z"), a("follow-up", "2017-08-02T10:00:00.001Z")], AUG);
    expect(late).toEqual({ meetings: 1, followedUp: 0, share: 0, medianDelayHours: null });
  });

  it("counts a follow-up at the meeting's own time but not one before it", () => {
    expect(dealDocuments([a("meeting", "2017-08-03T00:00:00Z"), a("follow-up", "2017-08-03T00:00:00Z")], AUG).followedUp).toBe(1);
    expect(dealDocuments([a("meeting", "2017-08-03T00:00:00Z"), a("follow-up", "2017-08-02T23:59:59Z")], AUG).followedUp).toBe(0);
  });

  it("needs the same rep and the same account or opportunity", () => {
    const meeting = a("meeting", "2017-08-05T09:00:00Z", { accountId: 10, opportunityId: 77 });
    const followed = (f: ActivityFacts) => dealDocuments([meeting, f], AUG).followedUp;
    expect(followed(a("follow-up", "2017-08-05T12:00:00Z", { repId: 2 }))).toBe(0);
    expect(followed(a("follow-up", "2017-08-05T12:00:00Z", { accountId: 11 }))).toBe(0);
    expect(followed(a("follow-up", "2017-08-05T12:00:00Z", { accountId: 11, opportunityId: 77 }))).toBe(1);
    expect(followed(a("follow-up", "2017-08-05T12:00:00Z", { accountId: null, opportunityId: null }))).toBe(0);
    const bare = a("meeting", "2017-08-05T09:00:00Z", { accountId: null });
    expect(dealDocuments([bare, a("follow-up", "2017-08-05T10:00:00Z", { accountId: null })], AUG).followedUp).toBe(0);
  });

  it("takes each meeting's first follow-up for the median delay", () => {
    const r = dealDocuments(
      [
        a("meeting", "2017-08-10T08:00:00Z"),
        a("follow-up", "2017-08-10T10:00:00Z"),
        a("follow-up", "2017-08-10T20:00:00Z"),
        a("meeting", "2017-08-20T08:00:00Z", { accountId: 20 }),
        a("follow-up", "2017-08-20T14:00:00Z", { accountId: 20 }),
        a("meeting", "2017-08-25T08:00:00Z", { accountId: 30 }),
        a("meeting", "2017-08-31T23:00:00Z", { accountId: 40 }),
        a("follow-up", "2017-09-01T01:00:00Z", { accountId: 40 }),
        a("meeting", "2017-09-01T00:00:00Z", { accountId: 50 }),
      ],
      AUG,
    );
    // Delays 2 h, 6 h, 2 h (the last follows up after the period end); one meeting not followed up.
    expect(r).toEqual({ meetings: 4, followedUp: 3, share: 0.75, medianDelayHours: 2 });
  });

  it("filters by rep and has no share without meetings", () => {
    const acts = [a("meeting", "2017-08-10T08:00:00Z", { repId: 2 }), a("follow-up", "2017-08-10T09:00:00Z", { repId: 2 })];
    expect(dealDocuments(acts, AUG, 1)).toEqual({ meetings: 0, followedUp: 0, share: null, medianDelayHours: null });
    expect(dealDocuments(acts, AUG, 2).share).toBe(1);
  });
});
