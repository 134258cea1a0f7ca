import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import type { Store } from "../../src/store/db.js";
import { canActFor, canSeeRep, canSeeTeam, type Viewer } from "../../src/server/access.js";
import { createTestStore, STORE_KINDS } from "../support/stores.js";
import { seedOrg, sessionCookie, testApp, type Org } from "./fixtures.js";

describe.each(STORE_KINDS)("who sees which teams and reps on %s", (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let org: Org;
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    store = await createTestStore(kind);
    org = await seedOrg(store.db);
    app = await testApp(store);
    for (const [name, id] of Object.entries(org.users)) cookies.set(name, await sessionCookie(store.db, id));
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  const get = (as: string, url: string) => app.inject({ url, headers: { cookie: cookies.get(as)! } });
  const teamNames = async (as: string) => (await get(as, "/api/v1/teams")).json().map((t: { name: string }) => t.name);
  const repNames = async (as: string, teamId: number) => {
    const res = await get(as, `/api/v1/teams/${teamId}`);
    expect(res.statusCode).toBe(200);
    return res.json().reps.map((r: { name: string }) => r.name);
  };

  it("lists every team to an admin, managed teams and their children to a manager, the own team to a rep", async () => {
    expect(await teamNames("admin")).toEqual(["Company", "East", "East Sub", "West"]);
    expect(await teamNames("m1")).toEqual(["East", "East Sub"]);
    expect(await teamNames("m2")).toEqual(["West"]);
    expect(await teamNames("r1")).toEqual(["East"]);
    expect(await teamNames("r4")).toEqual(["East Sub"]);
  });

  it("describes a team with its parent, manager and active rep count", async () => {
    const east = (await get("admin", "/api/v1/teams")).json().find((t: { name: string }) => t.name === "East");
    expect(east).toEqual({
      id: org.teams.east,
      name: "East",
      parentId: org.teams.company,
      parentName: "Company",
      managerId: org.users.m1,
      managerName: "m1",
      repCount: 2, // r1, r2 (r6 is inactive; m1 is a manager)
    });
  });

  it("shows a manager and an admin every active member of a team they may see", async () => {
    expect(await repNames("m1", org.teams.east)).toEqual(["m1", "r1", "r2"]);
    expect(await repNames("m1", org.teams.eastSub)).toEqual(["r4"]);
    expect(await repNames("admin", org.teams.west)).toEqual(["m2", "r3", "r5"]);
  });

  it("shows a rep only their own row of their own team", async () => {
    expect(await repNames("r1", org.teams.east)).toEqual(["r1"]);
  });

  it("refuses other teams with 403, and a missing team with 404 to whoever may see all", async () => {
    for (const [as, teamId] of [
      ["r1", org.teams.west],
      ["r1", org.teams.eastSub],
      ["m1", org.teams.west],
      ["m1", org.teams.company],
      ["m2", org.teams.east],
    ] as const) {
      const res = await get(as, `/api/v1/teams/${teamId}`);
      expect(res.statusCode, `${as} → ${teamId}`).toBe(403);
      expect(res.json().error.code).toBe("forbidden");
    }
    expect((await get("r1", "/api/v1/teams/999999")).statusCode).toBe(403);
    expect((await get("admin", "/api/v1/teams/999999")).statusCode).toBe(404);
  });

  it("lets a rep see only themselves, a manager their teams' reps and direct reports, an admin everyone", async () => {
    const status = async (as: string, rep: keyof Org["users"]) => (await get(as, `/api/v1/reps/${org.users[rep]}`)).statusCode;
    expect(await status("r1", "r1")).toBe(200);
    expect(await status("r1", "r2")).toBe(403);
    expect(await status("r1", "m1")).toBe(403);
    expect(await status("m1", "r1")).toBe(200);
    expect(await status("m1", "r4")).toBe(200); // child team
    expect(await status("m1", "r5")).toBe(200); // reports to m1, though in West
    expect(await status("m1", "r3")).toBe(403);
    expect(await status("m2", "r5")).toBe(200);
    expect(await status("m2", "r1")).toBe(403);
    expect(await status("admin", "r6")).toBe(200);
    expect((await get("admin", "/api/v1/reps/999999")).statusCode).toBe(404);
    const detail = (await get("m1", `/api/v1/reps/${org.users.r5}`)).json().rep;
    expect(detail).toMatchObject({ id: org.users.r5, name: "r5", teamId: org.teams.west, teamName: "West", managerName: "m1", role: "rep" });
  });

  it("answers Me with the managed teams", async () => {
    const me = (await get("m1", "/api/v1/me")).json();
    expect(me).toEqual({
      id: org.users.m1,
      name: "m1",
      email: "m1@example.test",
      role: "manager",
      teamId: org.teams.east,
      teamName: "East",
      managedTeamIds: [org.teams.east, org.teams.eastSub].sort((a, b) => a - b),
    });
  });
});

describe("access rules", () => {
  const manager: Viewer = { id: 10, role: "manager", teamId: 1, managedTeamIds: [1, 2] };
  const rep: Viewer = { id: 20, role: "rep", teamId: 1, managedTeamIds: [] };
  const admin: Viewer = { id: 30, role: "admin", teamId: null, managedTeamIds: [] };

  it("decides teams", () => {
    expect([canSeeTeam(manager, 2), canSeeTeam(manager, 3), canSeeTeam(rep, 1), canSeeTeam(rep, 2), canSeeTeam(admin, 99)]).toEqual([
      true,
      false,
      true,
      false,
      true,
    ]);
  });

  it("decides reps", () => {
    expect(canSeeRep(rep, { id: 20, teamId: 1, managerId: null })).toBe(true);
    expect(canSeeRep(rep, { id: 21, teamId: 1, managerId: null })).toBe(false);
    expect(canSeeRep(manager, { id: 21, teamId: 2, managerId: null })).toBe(true);
    expect(canSeeRep(manager, { id: 22, teamId: 7, managerId: 10 })).toBe(true);
    expect(canSeeRep(manager, { id: 23, teamId: 7, managerId: 11 })).toBe(false);
    expect(canSeeRep(manager, { id: 24, teamId: null, managerId: null })).toBe(false);
    expect(canSeeRep(admin, { id: 24, teamId: null, managerId: null })).toBe(true);
  });

  it("decides what one may act on for someone else", () => {
    expect([canActFor(rep, 20), canActFor(rep, 10), canActFor(manager, 20), canActFor(admin, 20)]).toEqual([true, false, false, true]);
  });
});
