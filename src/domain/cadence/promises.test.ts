import { describe, expect, it } from "vitest";
import { promiseKeeping, promiseState, trackPromises } from "./promises.js";
import { updateSchema } from "./schemas.js";

const t = (iso: string) => new Date(iso);
const promise = (due: string, kept: boolean | null = null, markedAt: Date | null = null) => ({ due, kept, markedAt });

describe("promiseState", () => {
  it("is open through the due day and broken at its end (midnight UTC after it)", () => {
    expect(promiseState(promise("2024-03-05"), t("2024-03-05T23:59:59.999Z"))).toEqual({ state: "open", dueEnd: t("2024-03-06T00:00:00Z") });
    expect(promiseState(promise("2024-03-05"), t("2024-03-06T00:00:00Z"))).toEqual({ state: "broken", brokeAt: t("2024-03-06T00:00:00Z") });
  });

  it("a kept mark keeps it, unless it was marked after the due day", () => {
    expect(promiseState(promise("2024-03-05", true), t("2024-04-01T00:00:00Z"))).toEqual({ state: "kept", keptAt: null });
    expect(promiseState(promise("2024-03-05", true, t("2024-03-05T23:59:59Z")), t("2024-04-01T00:00:00Z"))).toEqual({
      state: "kept",
      keptAt: t("2024-03-05T23:59:59Z"),
    });
    expect(promiseState(promise("2024-03-05", true, t("2024-03-06T00:00:00Z")), t("2024-04-01T00:00:00Z"))).toEqual({
      state: "broken",
      brokeAt: t("2024-03-06T00:00:00Z"),
    });
  });

  it("a broken mark breaks it when marked (or at the due day's end); a mark after now has not happened yet", () => {
    expect(promiseState(promise("2024-03-05", false, t("2024-03-04T10:00:00Z")), t("2024-03-04T12:00:00Z"))).toEqual({
      state: "broken",
      brokeAt: t("2024-03-04T10:00:00Z"),
    });
    expect(promiseState(promise("2024-03-05", false), t("2024-03-04T12:00:00Z"))).toEqual({ state: "broken", brokeAt: t("2024-03-06T00:00:00Z") });
    expect(promiseState(promise("2024-03-05", true, t("2024-03-05T10:00:00Z")), t("2024-03-04T12:00:00Z")).state).toBe("open");
  });
});

describe("promise keeping", () => {
  const u = (id: number, repId: number, due: string, kept: boolean | null) =>
    updateSchema.parse({ id, repId, subject: "rep", at: "2024-03-01T00:00:00Z", text: `p${id}`, performatives: ["promise"], promise: { due, kept } });
  const updates = [
    u(1, 1, "2024-03-04", true),
    u(2, 1, "2024-03-05", null), // broken by the date
    u(3, 1, "2024-03-20", null), // still open
    u(4, 2, "2024-03-10", false),
    u(5, 2, "2024-02-28", true), // due before the period
    updateSchema.parse({ id: 6, repId: 3, subject: "rep", at: "2024-03-01T00:00:00Z", performatives: ["assertion"] }),
  ];
  const march = { start: t("2024-03-01T00:00:00Z"), end: t("2024-04-01T00:00:00Z") };

  it("is kept ÷ (kept + broken) over promises due in the period, null when none resolved", () => {
    expect(promiseKeeping(updates, march, t("2024-03-15T00:00:00Z"))).toEqual([
      { repId: 1, kept: 1, broken: 1, open: 1, rate: 0.5 },
      { repId: 2, kept: 0, broken: 1, open: 0, rate: 0 },
    ]);
    expect(promiseKeeping([u(9, 4, "2024-03-20", null)], march, t("2024-03-15T00:00:00Z"))).toEqual([{ repId: 4, kept: 0, broken: 0, open: 1, rate: null }]);
  });

  it("tracks promises in due order with their state", () => {
    expect(trackPromises(updates, t("2024-03-15T00:00:00Z")).map((p) => [p.updateId, p.state.state])).toEqual([
      [5, "kept"],
      [1, "kept"],
      [2, "broken"],
      [4, "broken"],
      [3, "open"],
    ]);
  });

  it("an update carries a promise exactly when a performative says so", () => {
    const base = { id: 1, repId: 1, subject: " REP ", at: "2024-03-01T00:00:00Z" };
    expect(updateSchema.safeParse({ ...base, performatives: ["promise"] }).success).toBe(false);
    expect(updateSchema.safeParse({ ...base, performatives: ["assertion"], promise: { due: "2024-03-02" } }).success).toBe(false);
    expect(updateSchema.safeParse({ ...base, performatives: [] }).success).toBe(false);
    expect(updateSchema.safeParse({ ...base, at: "2024-02-30", performatives: ["assertion"] }).success).toBe(false);
    // An instant without an offset is UTC, whatever the host's zone.
    expect(updateSchema.parse({ ...base, at: "2024-03-01T10:00", performatives: ["assertion"] }).at).toEqual(t("2024-03-01T10:00:00Z"));
    expect(updateSchema.parse({ ...base, performatives: ["promise"], promise: { due: "2024-03-02" } })).toMatchObject({
      subject: "rep",
      promise: { due: "2024-03-02", kept: null, markedAt: null },
    });
  });
});
