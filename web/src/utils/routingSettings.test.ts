import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client.js";
import type { RoutingParams } from "../api/routingTypes.js";
import { fieldMatters, formFromSettings, paramsFromForm, settingsErrors, settingsFieldOf } from "./routingSettings.js";

// routingParamsSchema.parse({}) (docs/ROUTING.md, "Defaults").
const DEFAULTS: RoutingParams = {
  similarityKeys: ["product"],
  meritWindowDays: 365,
  activityWindowDays: 14,
  recentLeadsWindowDays: 30,
  smoothingK: 5,
  activityWeights: { call: 1, email: 0.5, meeting: 3, visit: 3, proposal: 2, "follow-up": 0, "next-step": 0, "opportunity-created": 5 },
  activityTarget: null,
  meritWeight: 0.5,
  defaultCapacity: null,
  slaHours: 24,
  sizeBandEdgesCents: [1_000_000, 10_000_000, 100_000_000],
};

describe("routing settings form", () => {
  it("round-trips the settings through the form unchanged", () => {
    const form = formFromSettings({ policy: "equilibrium", params: DEFAULTS });
    expect(form.numbers.meritWeight).toBe("0.5");
    expect(form.numbers.activityTarget).toBe("");
    expect(form.sizeBandEdges).toBe("10000, 100000, 1000000");
    expect(paramsFromForm(form)).toEqual(DEFAULTS);
  });

  it("sends blanks as none where none is allowed, and anything else as typed for the API to judge", () => {
    const form = formFromSettings({ policy: "equilibrium", params: { ...DEFAULTS, activityTarget: 40, defaultCapacity: 8 } });
    form.numbers.activityTarget = " ";
    form.numbers.defaultCapacity = "";
    form.numbers.meritWeight = "lots";
    form.numbers.smoothingK = "";
    form.weights.call = "1.5";
    form.similarityKeys = ["region", "product"];
    form.sizeBandEdges = "5000; 20000 x";
    const params = paramsFromForm(form);
    expect(params).toMatchObject({ activityTarget: null, defaultCapacity: null, meritWeight: "lots", smoothingK: "", similarityKeys: ["product", "region"] });
    expect((params.activityWeights as Record<string, unknown>).call).toBe(1.5);
    expect(params.sizeBandEdgesCents).toEqual([500_000, 2_000_000, "x"]);
  });

  it("places the API's field errors beside their field", () => {
    expect(settingsFieldOf("params.meritWeight")).toBe("meritWeight");
    expect(settingsFieldOf("params.activityWeights.call")).toBe("weights.call");
    expect(settingsFieldOf("params.similarityKeys.1")).toBe("similarityKeys");
    expect(settingsFieldOf("params.sizeBandEdgesCents")).toBe("sizeBandEdges");
    expect(settingsFieldOf("lastN")).toBe("lastN");
    expect(settingsFieldOf("policy")).toBe("policy");
    expect(settingsFieldOf("params.nope")).toBeNull();
    const error = new ApiError(400, "validation", "Invalid params", [
      { field: "params.meritWeight", reason: "Too big: expected number to be <1" },
      { field: "params.meritWeight", reason: "second" },
      { field: "params.mystery", reason: "odd" },
    ]);
    expect(settingsErrors(error)).toEqual({ fields: { meritWeight: "Too big: expected number to be <1" }, general: "params.mystery: odd" });
    expect(settingsErrors(new ApiError(403, "forbidden", "Not yours"))).toEqual({ fields: {}, general: "Not yours" });
  });

  it("knows which fields each policy reads", () => {
    expect(fieldMatters("equilibrium", "weights.call")).toBe(true);
    expect(fieldMatters("top-performer", "weights.call")).toBe(false);
    expect(fieldMatters("top-performer", "smoothingK")).toBe(true);
    expect(fieldMatters("milk-round", "smoothingK")).toBe(false);
    expect(fieldMatters("milk-round", "defaultCapacity")).toBe(true);
  });
});
