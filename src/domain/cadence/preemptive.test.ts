import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyUpdates, openRequests, preemptiveRatios, preemptiveTrend } from "./preemptive.js";

const at = (s: string) => new Date(`2024-03-${s}Z`);
const update = (id: string, when: string, subject = "OPP-1", repId = 7) => ({ id, repId, subject, at: at(when) });
const request = (id: string, when: string, subject = "OPP-1", repId = 7) => ({ id, repId, subject, at: at(when) });

describe("classifyUpdates", () => {
  it("an update before any request is preemptive", () => {
    const { updates, requests } = classifyUpdates([update("u1", "04T09:00:00")], [request("r1", "05T09:00:00")]);
    expect(updates[0]).toMatchObject({ preemptive: true, answered: [] });
    expect(requests[0]).toMatchObject({ answeredAt: null, answeredBy: null });
  });

  it("an update after an open request answers it; the next update is preemptive again", () => {
    const { updates, requests } = classifyUpdates(
      [update("u2", "06T10:00:00"), update("u1", "05T12:00:00")],
      [request("r1", "05T09:00:00")],
    );
    expect(updates.map((u) => [u.update.id, u.preemptive, u.answered])).toEqual([
      ["u1", false, ["r1"]],
      ["u2", true, []],
    ]);
    expect(requests[0]).toMatchObject({ answeredAt: at("05T12:00:00"), answeredBy: "u1" });
  });

  it("requests on other subjects or to other reps do not count", () => {
    const { updates, requests } = classifyUpdates(
      [update("u1", "06T10:00:00", "OPP-1", 7)],
      [request("r1", "05T09:00:00", "OPP-2", 7), request("r2", "05T09:00:00", "OPP-1", 8), request("r3", "05T09:00:00", "rep", 7)],
    );
    expect(updates[0]!.preemptive).toBe(true);
    expect(requests.every((r) => r.answeredBy === null)).toBe(true);
  });

  it("one update answers every request open on its subject", () => {
    const { updates, requests } = classifyUpdates([update("u1", "07T00:00:00")], [request("r2", "06T00:00:00"), request("r1", "05T00:00:00")]);
    expect(updates[0]!.answered).toEqual(["r1", "r2"]);
    expect(requests.map((r) => r.answeredBy)).toEqual(["u1", "u1"]);
  });

  it("at the same instant the request comes first: the update answers it", () => {
    const { updates, requests } = classifyUpdates([update("u1", "05T00:00:00"), update("u0", "05T00:00:00")], [request("r1", "05T00:00:00")]);
    // Updates at one instant go by id: u0 answers, u1 finds nothing open.
    expect(updates.map((u) => [u.update.id, u.preemptive])).toEqual([
      ["u0", false],
      ["u1", true],
    ]);
    expect(requests[0]!.answeredBy).toBe("u0");
  });

  it("lists the requests still open at a moment", () => {
    const { requests } = classifyUpdates([update("u1", "06T00:00:00")], [request("r1", "05T00:00:00"), request("r2", "07T00:00:00")]);
    expect(openRequests(requests, at("05T12:00:00")).map((r) => r.request.id)).toEqual(["r1"]);
    expect(openRequests(requests, at("06T00:00:00")).map((r) => r.request.id)).toEqual([]);
    expect(openRequests(requests, at("08T00:00:00")).map((r) => r.request.id)).toEqual(["r2"]);
  });

  const event = fc.record({
    id: fc.integer({ min: 0, max: 1_000_000 }),
    repId: fc.integer({ min: 1, max: 3 }),
    subject: fc.constantFrom("OPP-1", "OPP-2", "rep"),
    at: fc.integer({ min: 0, max: 40 }).map((h) => new Date(Date.UTC(2024, 2, 1, h))),
  });
  const uniqueIds = <T extends { id: number }>(list: T[]) => list.map((e, i) => ({ ...e, id: i }));

  it("matches a brute-force reading of the rule, whatever the input order", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), fc.array(event, { maxLength: 30 }), (us, rs) => {
        const updates = uniqueIds(us);
        const requests = uniqueIds(rs);
        const result = classifyUpdates(updates, requests);
        const same = (a: typeof updates[number], b: typeof updates[number]) => a.repId === b.repId && a.subject === b.subject;
        const before = (a: typeof updates[number], b: typeof updates[number]) => a.at < b.at || (a.at.getTime() === b.at.getTime() && a.id < b.id);
        for (const c of result.updates) {
          const u = c.update;
          // The previous update on the subject, if any: requests after it (up to u's instant) are open.
          const previous = updates.filter((o) => same(o, u) && before(o, u)).sort((a, b) => (before(a, b) ? 1 : -1))[0];
          const expected = requests
            .filter((r) => same(r, u) && r.at <= u.at && (previous === undefined || r.at > previous.at))
            .map((r) => r.id)
            .sort((a, b) => a - b);
          expect([...c.answered].sort((a, b) => Number(a) - Number(b))).toEqual(expected);
          expect(c.preemptive).toBe(expected.length === 0);
        }
        const answeredCount = result.updates.reduce((n, c) => n + c.answered.length, 0);
        expect(result.requests.filter((r) => r.answeredBy !== null)).toHaveLength(answeredCount);
        const reversed = classifyUpdates([...updates].reverse(), [...requests].reverse());
        expect(reversed.updates.map((c) => [c.update.id, c.preemptive])).toEqual(result.updates.map((c) => [c.update.id, c.preemptive]));
      }),
    );
  });
});

describe("preemptive ratio", () => {
  const march = { start: new Date("2024-03-01T00:00:00Z"), end: new Date("2024-04-01T00:00:00Z") };

  it("per rep and for the team over a half-open period, null without updates", () => {
    const { updates } = classifyUpdates(
      [
        update("a1", "04T09:00:00", "OPP-1", 1),
        update("a2", "06T09:00:00", "OPP-1", 1),
        update("b1", "06T09:00:00", "OPP-9", 2),
        { id: "late", repId: 2, subject: "OPP-9", at: march.end },
      ],
      [request("r1", "05T09:00:00", "OPP-1", 1), { id: "r0", repId: 2, subject: "OPP-9", at: new Date("2024-02-20T00:00:00Z") }],
    );
    const ratios = preemptiveRatios(updates, march);
    expect(ratios.team).toEqual({ updates: 3, preemptive: 1, ratio: 1 / 3 });
    expect(ratios.reps).toEqual([
      { repId: 1, updates: 2, preemptive: 1, ratio: 0.5 },
      { repId: 2, updates: 1, preemptive: 0, ratio: 0 },
    ]);
    expect(preemptiveRatios(updates, { start: march.end, end: march.end }).team).toEqual({ updates: 0, preemptive: 0, ratio: null });
  });

  it("has one point per ISO week overlapping the period", () => {
    const { updates } = classifyUpdates([update("a1", "04T09:00:00"), update("a2", "06T09:00:00"), update("a3", "17T23:59:59")], [request("r1", "05T09:00:00")]);
    const trend = preemptiveTrend(updates, march);
    expect(trend.map((w) => w.weekStart)).toEqual(["2024-02-26", "2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25"]);
    expect(trend[1]).toEqual({ weekStart: "2024-03-04", updates: 2, preemptive: 1, ratio: 0.5 });
    expect(trend[2]).toEqual({ weekStart: "2024-03-11", updates: 1, preemptive: 1, ratio: 1 });
    expect(trend[0]!.ratio).toBeNull();
  });

  it("the ratio stays in [0, 1] and sums up per rep to the team", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 60 }), fc.boolean()), { maxLength: 40 }), (rows) => {
        const classified = rows.map(([repId, day, preemptive], i) => ({
          update: { id: i, repId, subject: "rep", at: new Date(Date.UTC(2024, 1, 15 + day)) },
          preemptive,
          answered: preemptive ? [] : [i],
        }));
        const { team, reps } = preemptiveRatios(classified, march);
        expect(reps.reduce((n, r) => n + r.updates, 0)).toBe(team.updates);
        expect(reps.reduce((n, r) => n + r.preemptive, 0)).toBe(team.preemptive);
        for (const r of [team, ...reps]) if (r.ratio !== null) expect(r.ratio).toBeGreaterThanOrEqual(0), expect(r.ratio).toBeLessThanOrEqual(1);
      }),
    );
  });
});
