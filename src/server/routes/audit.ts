/** GET /api/v1/audit: the append-only audit log, newest first, filtered; admins only. */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { auditListSchema, auditQuerySchema } from "../../schemas/audit.js";
import { listAudit } from "../../store/audit.js";
import { requireRole } from "../access.js";
import { viewerOf } from "../auth.js";
import { errorResponses, type RouteContext } from "../context.js";

export const auditRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { store }) => {
  app.get(
    "/audit",
    {
      schema: {
        summary: "The audit log (who, when, what, before and after), newest first; admin only",
        tags: ["audit"],
        querystring: auditQuerySchema,
        response: { 200: auditListSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(viewerOf(request), "admin");
      const q = request.query;
      const rows = await listAudit(store.db, {
        entity: q.entity,
        entityId: q.entityId,
        actorId: q.actor,
        action: q.action,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        before: q.before,
        limit: q.limit,
      });
      return {
        entries: rows.map((r) => ({ ...r, id: Number(r.id), at: r.at.toISOString() })),
        next: rows.length === q.limit ? Number(rows[rows.length - 1]!.id) : null,
      };
    },
  );
};
