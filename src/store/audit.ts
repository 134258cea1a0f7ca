/**
 * The audit log: who changed what, when, with the state before and after. Append-only (a
 * trigger rejects UPDATE, DELETE and TRUNCATE); admins read it through GET /api/v1/audit.
 */
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { Db } from "./db.js";
import { auditLog } from "./schema.js";

export interface AuditEntry {
  actorId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  /** Default: the database's now(). */
  at?: Date;
}

/** Appends one row; pass the transaction that made the change so both commit or neither. */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId === undefined || entry.entityId === null ? null : String(entry.entityId),
    before: entry.before ?? null,
    after: entry.after ?? null,
    ...(entry.at ? { at: entry.at } : {}),
  });
}

export interface AuditFilter {
  entity?: string;
  entityId?: string;
  actorId?: number;
  action?: string;
  from?: Date;
  to?: Date;
  /** Rows with an id below this one (the page after a previous answer's `next`). */
  before?: number;
  limit: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorId: number | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** Newest first, filtered; `[from, to)` on the time. */
export async function listAudit(db: Db, filter: AuditFilter): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (filter.entity !== undefined) where.push(eq(auditLog.entity, filter.entity));
  if (filter.entityId !== undefined) where.push(eq(auditLog.entityId, filter.entityId));
  if (filter.actorId !== undefined) where.push(eq(auditLog.actorId, filter.actorId));
  if (filter.action !== undefined) where.push(eq(auditLog.action, filter.action));
  if (filter.from !== undefined) where.push(gte(auditLog.at, filter.from));
  if (filter.to !== undefined) where.push(lt(auditLog.at, filter.to));
  if (filter.before !== undefined) where.push(lt(auditLog.id, filter.before));
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
}
