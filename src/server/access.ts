/**
 * Who may see what, in one place. Every route asks these functions; none decides by itself.
 *
 * - rep: themselves and their own team;
 * - manager: the teams they manage (teams.manager_id) and those teams' descendants, their
 *   own team, and any rep in a managed team or reporting to them (users.manager_id);
 * - admin: everything.
 */
import { eq } from "drizzle-orm";
import type { Role } from "../store/schema.js";
import { users } from "../store/schema.js";
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

export async function loadViewer(db: Db, userId: number): Promise<Viewer | undefined> {
  const [user] = await db
    .select({ id: users.id, role: users.role, teamId: users.teamId, active: users.active })
    .from(users)
    .where(eq(users.id, userId));
  if (!user?.active) return undefined;
  return { id: user.id, role: user.role, teamId: user.teamId, managedTeamIds: await managedTeamIds(db, user.id) };
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
