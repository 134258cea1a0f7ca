import { describe, expect, it } from "vitest";
import { matchRoute } from "./routes.js";

describe("matchRoute", () => {
  it("matches each page", () => {
    expect(matchRoute("/")).toEqual({ name: "home" });
    expect(matchRoute("/sign-in")).toEqual({ name: "signIn" });
    expect(matchRoute("/teams")).toEqual({ name: "teams" });
    expect(matchRoute("/teams/12")).toEqual({ name: "team", teamId: 12 });
    expect(matchRoute("/teams/12/")).toEqual({ name: "team", teamId: 12 });
    expect(matchRoute("/teams/12/leads")).toEqual({ name: "leadFeed", teamId: 12 });
    expect(matchRoute("/teams/12/routing")).toEqual({ name: "routingSettings", teamId: 12 });
    expect(matchRoute("/reps/3")).toEqual({ name: "rep", repId: 3 });
    expect(matchRoute("/reps/3/targets")).toEqual({ name: "repTargets", repId: 3 });
    expect(matchRoute("/leadership")).toEqual({ name: "leadership" });
    expect(matchRoute("/reps/3/week")).toEqual({ name: "repWeek", repId: 3 });
    expect(matchRoute("/coaching")).toEqual({ name: "coaching" });
    expect(matchRoute("/one-on-ones/7")).toEqual({ name: "oneOnOne", id: 7 });
  });

  it("rejects ids that are not positive whole numbers, and unknown paths", () => {
    for (const path of ["/teams/0", "/teams/-1", "/teams/1.5", "/teams/abc", "/reps/", "/nope", "/teams/1/x", "/reps/0/targets", "/reps/3/targets/x", "/teams/0/leads", "/teams/1/leads/x", "/reps/0/week", "/one-on-ones/0", "/one-on-ones/x"]) {
      expect(matchRoute(path)).toEqual({ name: "notFound" });
    }
  });
});
