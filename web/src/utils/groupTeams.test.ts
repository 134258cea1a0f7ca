import { describe, expect, it } from "vitest";
import type { TeamListItem } from "../api/types.js";
import { groupTeamsByOffice } from "./groupTeams.js";

function team(id: number, name: string, parent: [number, string] | null, repCount: number): TeamListItem {
  return { id, name, parentId: parent?.[0] ?? null, parentName: parent?.[1] ?? null, managerId: null, managerName: null, repCount };
}

const company = team(1, "Acme", null, 0);
const emea = team(2, "EMEA Office", [1, "Acme"], 0);
const apac = team(3, "APAC Office", [1, "Acme"], 0);

describe("groupTeamsByOffice", () => {
  it("shows sales teams under their office and hides units that only hold other teams", () => {
    const groups = groupTeamsByOffice([
      company,
      emea,
      apac,
      team(5, "EMEA South", [2, "EMEA Office"], 3),
      team(4, "EMEA North", [2, "EMEA Office"], 4),
      team(6, "APAC North", [3, "APAC Office"], 2),
    ]);
    expect(groups.map((g) => [g.office, g.teams.map((t) => t.name)])).toEqual([
      ["APAC Office", ["APAC North"]],
      ["EMEA Office", ["EMEA North", "EMEA South"]],
    ]);
  });

  it("keeps a parent unit that has reps of its own, and an office with no teams yet", () => {
    const groups = groupTeamsByOffice([company, { ...emea, repCount: 2 }, team(4, "EMEA North", [2, "EMEA Office"], 4), apac]);
    expect(groups.map((g) => [g.office, g.teams.map((t) => t.name)])).toEqual([
      ["Acme", ["APAC Office", "EMEA Office"]],
      ["EMEA Office", ["EMEA North"]],
    ]);
  });

  it("groups a lone team (a rep's view) under its office even when the office is not listed", () => {
    expect(groupTeamsByOffice([team(4, "EMEA North", [2, "EMEA Office"], 4)])).toEqual([
      { office: "EMEA Office", teams: [team(4, "EMEA North", [2, "EMEA Office"], 4)] },
    ]);
    expect(groupTeamsByOffice([]).length).toBe(0);
  });
});
