/**
 * Who may see what, in one place. Every route asks these functions; none decides by itself.
 *
 * - rep: themselves and their own team;
 * - manager: the teams they manage (teams.manager_id) and those teams' descendants, their
 *   own team, and any rep in a managed team or reporting to them (users.manager_id);
 * - admin: everything.
 */
import type { Role } from "../store/schema.js";
import { query, sql, type Db } from "../store/db.js";
import { AppError, forbidden } from "./errors.js";

export interface Viewer {
  id: number;
  role: Role;
  teamId: number | null;
  /** Teams where teams.manager_id = id, plus their child teams (all levels). */
  managedTeamIds: number[];
}

/** What access decisions need to know about a person. */
export interface RepRef {
  id: number;
  teamId: number | null;
  managerId: number | null;
}

/**
 * The columns of a viewer, read from `users u` with the teams they manage, so that finding who
 * asks (by session, token or id) is one statement: it runs on every request.
 */
export const VIEWER_COLUMNS = sql`u.id as viewer_id, u.role as viewer_role, u.team_id as viewer_team_id,
  array(with recursive managed(id) as (
          select tm.id from teams tm where tm.manager_id = u.id
          union
          select c.id from teams c join managed m on c.parent_id = m.id
        )
        select id from managed order by id) as viewer_managed`;

export interface ViewerRow extends Record<string, unknown> {
  viewer_id: number;
  viewer_role: Role;
  viewer_team_id: number | null;
  viewer_managed: number[] | null;
}

export function viewerFromRow(row: ViewerRow): Viewer {
  return {
    id: Number(row.viewer_id),
    role: row.viewer_role,
    teamId: row.viewer_team_id === null ? null : Number(row.viewer_team_id),
    managedTeamIds: (row.viewer_managed ?? []).map(Number),
  };
}

/** The active user as a viewer, with the teams they manage. */
export async function loadViewer(db: Db, userId: number): Promise<Viewer | undefined> {
  const [row] = await query<ViewerRow>(db, sql`select ${VIEWER_COLUMNS} from users u where u.id = ${userId} and u.active`);
  return row && viewerFromRow(row);
}

export async function managedTeamIds(db: Db, userId: number): Promise<number[]> {
  const rows = await query<{ id: number }>(
    db,
    sql`with recursive managed(id) as (
          select id from teams where manager_id = ${userId}
          union
          select t.id from teams t join managed m on t.parent_id = m.id
        )
        select id from managed order by id`,
  );
  return rows.map((r) => Number(r.id));
}

export function canSeeTeam(viewer: Viewer, teamId: number): boolean {
  if (viewer.role === "admin") return true;
  if (viewer.teamId === teamId) return true;
  return viewer.role === "manager" && viewer.managedTeamIds.includes(teamId);
}

export function canSeeRep(viewer: Viewer, rep: RepRef): boolean {
  if (viewer.role === "admin" || viewer.id === rep.id) return true;
  if (viewer.role !== "manager") return false;
  return rep.managerId === viewer.id || (rep.teamId !== null && viewer.managedTeamIds.includes(rep.teamId));
}

/** Things a person owns (API tokens): their own, or anyone's for an admin. */
export function canActFor(viewer: Viewer, ownerId: number): boolean {
  return viewer.role === "admin" || viewer.id === ownerId;
}

/** The team ids a viewer may list; "all" for admins. */
export function visibleTeamIds(viewer: Viewer): number[] | "all" {
  if (viewer.role === "admin") return "all";
  const ids = new Set(viewer.role === "manager" ? viewer.managedTeamIds : []);
  if (viewer.teamId !== null) ids.add(viewer.teamId);
  return [...ids].sort((a, b) => a - b);
}

export function requireRole(viewer: Viewer, ...roles: Role[]): void {
  if (!roles.includes(viewer.role)) throw new AppError("forbidden", `This needs the role ${roles.join(" or ")}.`);
}

export function requireTeam(viewer: Viewer, teamId: number): void {
  if (!canSeeTeam(viewer, teamId)) throw forbidden("this team");
}

export function requireRep(viewer: Viewer, rep: RepRef): void {
  if (!canSeeRep(viewer, rep)) throw forbidden("this person");
}
