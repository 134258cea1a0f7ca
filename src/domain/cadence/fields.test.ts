import { describe, expect, it } from "vitest";
import { parseInstant, parsePerformatives, parseRequestRow, parseUpdateRow, requestRowSchema, updateRowSchema } from "./fields.js";

const update = {
  externalId: "U-1",
  rep: "Ana",
  subject: "OPP-42",
  at: "2024-03-05T09:30:00+01:00",
  text: "Sent the business case; CFO reviews Friday",
  performatives: "Assertion; promise;assertion",
  promiseDue: "2024-03-08",
  promiseKept: "",
};

describe("updates rows", () => {
  it("parses cells into typed values", () => {
    expect(parseUpdateRow(update)).toEqual({
      row: {
        externalId: "U-1",
        rep: "Ana",
        subject: "OPP-42",
        at: new Date("2024-03-05T08:30:00Z"),
        text: "Sent the business case; CFO reviews Friday",
        performatives: ["assertion", "promise"],
        promiseDue: "2024-03-08",
        promiseKept: null,
      },
    });
    const rep = parseUpdateRow({ externalId: "U-2", rep: "Ana", subject: " REP ", at: "2024-03-05", performatives: "declaration", promiseKept: "" });
    expect(rep.row).toMatchObject({ subject: "rep", at: new Date("2024-03-05T00:00:00Z"), promiseKept: null });
    expect(rep.row).not.toHaveProperty("text");
    expect(parseUpdateRow({ ...update, subject: "Account: Acme Corp", promiseKept: "yes" }).row).toMatchObject({ subject: "account:Acme Corp", promiseKept: true });
  });

  it("names the field of every issue", () => {
    const result = parseUpdateRow({ externalId: "", rep: "Ana", subject: "OPP-1", at: "2024-02-30", performatives: "promise; threat", promiseKept: "maybe" });
    expect(result.issues).toEqual([
      { field: "externalId", reason: "externalId is required" },
      { field: "at", reason: '"2024-02-30" is not a calendar date' },
      { field: "performatives", reason: '"threat" is not a performative (one of: promise, request, apology, demand, declaration, assertion)' },
      { field: "promiseKept", reason: '"maybe" is not true or false' },
    ]);
  });

  it("ties the promise fields to the promise performative", () => {
    expect(parseUpdateRow({ ...update, performatives: "promise", promiseDue: "" }).issues).toEqual([
      { field: "promiseDue", reason: "promiseDue is required when performatives include promise" },
    ]);
    expect(parseUpdateRow({ ...update, performatives: "assertion", promiseKept: "true" }).issues).toEqual([
      { field: "promiseDue", reason: "promiseDue is set but performatives do not include promise" },
      { field: "promiseKept", reason: "promiseKept is set but performatives do not include promise" },
    ]);
  });

  it("as a zod schema: issues carry the field as their path", () => {
    const bad = updateRowSchema.safeParse({ ...update, at: "yesterday" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path, i.message])).toEqual([[["at"], expect.stringContaining("is not an ISO 8601 date")]]);
    expect(updateRowSchema.parse(update).performatives).toEqual(["assertion", "promise"]);
  });
});

describe("requests rows", () => {
  it("parses a request and requires its keys", () => {
    const row = { externalId: "R-1", manager: "Mia", rep: "Ana", subject: "OPP-42", at: "2024-03-04T17:00:00Z", text: "Where are we, with the CFO?" };
    expect(parseRequestRow(row).row).toEqual({ ...row, at: new Date("2024-03-04T17:00:00Z") });
    expect(parseRequestRow({ ...row, manager: " ", subject: "" }).issues).toEqual([
      { field: "manager", reason: "manager is required" },
      { field: "subject", reason: "subject is required" },
    ]);
    const { rep: _rep, ...withoutRep } = row;
    expect(requestRowSchema.safeParse(withoutRep).error?.issues.map((i) => i.path)).toEqual([["rep"]]);
  });
});

describe("cells", () => {
  it("reads instants as UTC unless they carry an offset", () => {
    expect(parseInstant("2024-03-05T09:30").toISOString()).toBe("2024-03-05T09:30:00.000Z");
    expect(parseInstant("2024-03-05 09:30:15.5-05:00").toISOString()).toBe("2024-03-05T14:30:15.500Z");
    expect(() => parseInstant("2024-03-05T24:00")).toThrow(/impossible time/);
  });

  it("needs at least one performative", () => {
    expect(() => parsePerformatives(" ; ")).toThrow(/at least one/);
  });
});
