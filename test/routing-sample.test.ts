import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoutingPolicy } from "../src/domain/routing/index.js";
import type { DecisionJson } from "../src/schemas/routing.js";
import { openStore, query, sql, type Store } from "../src/store/db.js";
import { decideUnderEachPolicy, loadSample, SAMPLE_LEADS, SAMPLE_TEAM } from "./support/crm-sample-routing.js";

describe("routing on the real CRM sample", () => {
  let store: Store;
  const results: Record<RoutingPolicy, DecisionJson>[] = [];

  beforeAll(async () => {
    store = await openStore({ lock: false });
    await loadSample(store.db);
    for (const lead of SAMPLE_LEADS) results.push(await decideUnderEachPolicy(store.db, lead));
  }, 120_000);
  afterAll(async () => store?.close());

  it("explains every decision over every rep of the team", async () => {
    const reps = await query<{ name: string }>(
      store.db,
      sql`select u.name from users u join teams t on t.id = u.team_id where t.name = ${SAMPLE_TEAM} and u.role = 'rep' order by u.id`,
    );
    expect(reps.length).toBe(6);
    for (const byPolicy of results) {
      for (const d of Object.values(byPolicy)) {
        expect(d.assignee).not.toBeNull();
        expect(d.reason).toContain(`went to ${d.assignee}`);
        expect(d.candidates.map((c) => c.rep).sort()).toEqual(reps.map((r) => r.name).sort());
      }
    }
  });

  it("top-performer picks the highest m, equilibrium blends in activity, milk-round ignores both", () => {
    for (const { equilibrium, "top-performer": top, "milk-round": milk } of results) {
      const eligible = top.candidates.filter((c) => c.excluded === null);
      expect(top.candidates.find((c) => c.rank === 1)!.m).toBe(Math.max(...eligible.map((c) => c.m!)));
      expect(top.T).toBeNull();
      expect(equilibrium.T).toBeGreaterThan(0);
      const winner = equilibrium.candidates.find((c) => c.rank === 1)!;
      expect(winner.S).toBe(Math.max(...equilibrium.candidates.map((c) => c.S ?? -1)));
      expect(milk.candidates.every((c) => c.m === null && c.S === null)).toBe(true);
      expect(milk.assigneeId).toBe(Math.min(...milk.candidates.filter((c) => c.excluded === null).map((c) => c.repId)));
    }
    // On real history with uneven activity the blend disagrees with pure merit at least once.
    expect(results.some((r) => r.equilibrium.assignee !== r["top-performer"].assignee)).toBe(true);
  });
});
