/** Per-team routing settings, versioned: a change is a new row. No row = equilibrium defaults, version 0. */
import { and, desc, eq, isNull } from "drizzle-orm";
import { routingParamsSchema, type RoutingParamsInput, type RoutingPolicy, type RoutingSettings } from "../../domain/routing/index.js";
import type { Db } from "../db.js";
import { auditLog, routingSettings } from "../schema.js";
import { lockTeams } from "./state.js";

export interface StoredSettings extends RoutingSettings {
  teamId: number | null;
  createdAt: Date | null;
  createdBy: number | null;
}

const teamIs = (teamId: number | null) => (teamId === null ? isNull(routingSettings.teamId) : eq(routingSettings.teamId, teamId));

export async function currentRoutingSettings(db: Db, teamId: number | null): Promise<StoredSettings> {
  const [row] = await db.select().from(routingSettings).where(teamIs(teamId)).orderBy(desc(routingSettings.version)).limit(1);
  if (!row) return { teamId, policy: "equilibrium", version: 0, params: routingParamsSchema.parse({}), createdAt: null, createdBy: null };
  // Parsing fills parameters added after the row was written with their defaults.
  return { teamId, policy: row.policy, version: row.version, params: routingParamsSchema.parse(row.params), createdAt: row.createdAt, createdBy: row.createdBy };
}

/** Stores a new version (validated by routingParamsSchema) and an audit row; returns it. */
export async function saveRoutingSettings(
  db: Db,
  teamId: number | null,
  change: { policy: RoutingPolicy; params?: RoutingParamsInput },
  actorId: number | null,
): Promise<StoredSettings> {
  const params = routingParamsSchema.parse(change.params ?? {});
  return db.transaction(async (tx) => {
    await lockTeams(tx as unknown as Db, [teamId ?? 0]);
    const before = await currentRoutingSettings(tx as unknown as Db, teamId);
    const version = before.version + 1;
    const [row] = await tx
      .insert(routingSettings)
      .values({ teamId, version, policy: change.policy, params, createdBy: actorId })
      .returning();
    await tx.insert(auditLog).values({
      actorId,
      action: "routing-settings",
      entity: "team",
      entityId: teamId === null ? null : String(teamId),
      before: { policy: before.policy, version: before.version, params: before.params },
      after: { policy: change.policy, version, params },
    });
    return { teamId, policy: change.policy, version, params, createdAt: row!.createdAt, createdBy: actorId };
  });
}

/** Every version of a team's settings, newest first. */
export async function routingSettingsHistory(db: Db, teamId: number | null) {
  return db.select().from(routingSettings).where(and(teamIs(teamId))).orderBy(desc(routingSettings.version));
}
