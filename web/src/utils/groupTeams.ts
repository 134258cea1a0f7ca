/** The teams list, grouped by office: sales teams get cards, their parent units become headings. */
import type { TeamListItem } from "../api/types.js";

export interface TeamGroup {
  /** The office (parent unit) name; null for teams without a parent. */
  office: string | null;
  teams: TeamListItem[];
}

export function groupTeamsByOffice(teams: readonly TeamListItem[]): TeamGroup[] {
  const parentIds = new Set(teams.map((t) => t.parentId).filter((id): id is number => id !== null));
  // A unit that only holds other listed teams (an office, the company) is a heading, not a card.
  const cards = teams.filter((t) => !parentIds.has(t.id) || t.repCount > 0);
  const groups = new Map<string | null, TeamListItem[]>();
  for (const team of cards) {
    const list = groups.get(team.parentName) ?? [];
    list.push(team);
    groups.set(team.parentName, list);
  }
  return [...groups.entries()]
    .map(([office, list]) => ({ office, teams: list.sort((a, b) => a.name.localeCompare(b.name, "en-US")) }))
    .sort((a, b) => (a.office === null ? 1 : b.office === null ? -1 : a.office.localeCompare(b.office, "en-US")));
}
