import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client.js";
import { activityBody, defaultProactive, fieldErrors, FORM_KINDS, initialFormState, toLocalInput } from "./activityForm.js";

describe("defaultProactive", () => {
  it("treats outreach and new opportunities as proactive, deal follow-through as reactive", () => {
    const proactive = FORM_KINDS.filter((k) => defaultProactive(k.kind)).map((k) => k.kind);
    expect(proactive).toEqual(["call", "email", "meeting", "visit", "opportunity-created"]);
  });
});

describe("activityBody", () => {
  const now = new Date(2025, 5, 18, 9, 5);
  const opened = toLocalInput(now);

  it("sends just the kind and proactive flag when nothing else was touched", () => {
    expect(opened).toBe("2025-06-18T09:05");
    expect(activityBody(initialFormState(now, "follow-up"), { openedAt: opened })).toEqual({ kind: "follow-up", proactive: false });
  });

  it("sends a changed time as an instant, the picked account by id, and trimmed optional fields", () => {
    const form = { ...initialFormState(now), at: "2025-06-17T16:30", account: "Acme", accountId: 4, accountName: "Acme", duration: "15", outcome: " booked " };
    expect(activityBody(form, { openedAt: opened, repId: 9 })).toEqual({
      kind: "call",
      proactive: true,
      repId: 9,
      at: new Date(2025, 5, 17, 16, 30).toISOString(),
      accountId: 4,
      durationMinutes: 15,
      outcome: "booked",
    });
  });

  it("sends an edited account by name and a bad duration as typed, for the API to name", () => {
    const form = { ...initialFormState(now), account: "Acme Ltd", accountId: 4, accountName: "Acme", duration: "ten" };
    const body = activityBody(form, { openedAt: opened });
    expect(body.account).toBe("Acme Ltd");
    expect(body.accountId).toBeUndefined();
    expect(body.durationMinutes).toBe("ten");
  });
});

describe("fieldErrors", () => {
  it("places the API's field errors on the form's fields", () => {
    const error = new ApiError(400, "validation", "Invalid body", [
      { field: "durationMinutes", reason: "Too big: expected number to be <=1440" },
      { field: "accountId", reason: "unknown account 99" },
    ]);
    expect(fieldErrors(error)).toEqual({
      fields: { duration: "Too big: expected number to be <=1440", account: "unknown account 99" },
      general: null,
    });
  });

  it("keeps errors without a field, or on an unknown field, for the top of the form", () => {
    expect(fieldErrors(new ApiError(409, "conflict", "That already exists."))).toEqual({ fields: {}, general: "That already exists." });
    expect(fieldErrors(new ApiError(400, "validation", "x", [{ field: "lead", reason: "unknown lead" }])).general).toBe("lead: unknown lead");
  });
});
