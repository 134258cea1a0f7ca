/** The audit log over the API (admins only) and API token scopes. */
import { z } from "zod";
import { intIdParam } from "./ids.js";
import { instantInputSchema } from "../domain/periods.js";

const filterText = z.string().trim().min(1).max(200);

export const auditQuerySchema = z.object({
  entity: filterText.optional(),
  entityId: filterText.optional(),
  actor: intIdParam.optional().describe("The acting user's id"),
  action: filterText.optional(),
  from: instantInputSchema.optional().describe("At or after this instant"),
  to: instantInputSchema.optional().describe("Before this instant"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional().describe("Rows older than this id: the `next` of the previous page"),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.iso.datetime(),
  actorId: z.number().int().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntryJson = z.infer<typeof auditEntrySchema>;

export const auditListSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Pass as `before` for the next page; null on the last one. */
  next: z.number().int().nullable(),
});
