/**
 * Logging activities: one at a time (the activity form), in bulk as CSV or NDJSON (the same
 * fields and rules as `proactive import activities`), and a rep's recent activities. A rep
 * logs their own; a manager also for the reps they may see; an admin for anyone.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ImportUsageError, importCsv, importReportSchema } from "../../import/index.js";
import { activityCreateSchema, activityListQuerySchema, activityListSchema, activitySchema } from "../../schemas/activity.js";
import { repParamsSchema } from "../../schemas/teams.js";
import { ActivityInputError, insertActivity, listActivities } from "../../store/activities.js";
import { findUser } from "../../store/activity-history.js";
import { query, sql, type Db } from "../../store/db.js";
import { appendAudit } from "../../store/audit.js";
import { canSeeRep, requireRep, type Viewer } from "../access.js";
import { viewerOf } from "../auth.js";
import { errorResponses, type RouteContext } from "../context.js";
import { AppError, notFound } from "../errors.js";
import { importNdjsonActivities } from "../ndjson-activities.js";

export const BULK_BODY_LIMIT = 50 * 1024 * 1024;

/** The person an activity is logged for, after the access check. */
export async function actingRep(db: Db, viewer: Viewer, repId: number | undefined) {
  const rep = await findUser(db, repId ?? viewer.id);
  if (!rep) throw new AppError("validation", `repId: unknown person ${repId}`, { fields: [{ field: "repId", reason: `unknown person ${repId}` }] });
  requireRep(viewer, rep);
  return rep;
}

export function inputError(err: unknown): never {
  if (err instanceof ActivityInputError) {
    throw new AppError(err.code, err.message, { fields: [{ field: err.field, reason: err.reason }] });
  }
  throw err;
}

/** For non-admins: the names of the people whose activities they may load. */
async function allowedRepNames(db: Db, viewer: Viewer): Promise<Set<string> | undefined> {
  if (viewer.role === "admin") return undefined;
  const people = await query<{ id: number; name: string; team_id: number | null; manager_id: number | null }>(
    db,
    sql`select id, name, team_id, manager_id from users`,
  );
  return new Set(
    people
      .filter((p) => canSeeRep(viewer, { id: Number(p.id), teamId: p.team_id === null ? null : Number(p.team_id), managerId: p.manager_id === null ? null : Number(p.manager_id) }))
      .map((p) => p.name),
  );
}

export const activityLogRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { store, now }) => {
  const db = store.db;
  const asText = (_request: unknown, body: string, done: (err: Error | null, body?: unknown) => void) => done(null, body);
  app.addContentTypeParser("text/csv", { parseAs: "string", bodyLimit: BULK_BODY_LIMIT }, asText);
  app.addContentTypeParser("application/x-ndjson", { parseAs: "string", bodyLimit: BULK_BODY_LIMIT }, asText);

  app.post(
    "/activities",
    {
      schema: {
        summary: "Log one activity (yours, or a rep's of your team as their manager)",
        tags: ["activities"],
        body: activityCreateSchema,
        response: { 201: activitySchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const { repId, at, ...body } = request.body;
      const rep = await actingRep(db, viewer, repId);
      const stored = await db
        .transaction(async (raw) => {
          const tx = raw as unknown as Db;
          const activity = await insertActivity(tx, { ...body, repId: rep.id, at: at ?? now() });
          await appendAudit(tx, { actorId: viewer.id, action: "create", entity: "activity", entityId: activity.id, after: activity });
          return activity;
        })
        .catch(inputError);
      return reply.code(201).send(stored);
    },
  );

  app.post(
    "/activities/bulk",
    {
      bodyLimit: BULK_BODY_LIMIT,
      schema: {
        summary: "Load many activities: text/csv (as `proactive import activities`) or application/x-ndjson (one object per line)",
        tags: ["activities"],
        consumes: ["text/csv", "application/x-ndjson"],
        body: z.string().describe("The CSV file with a header row, or one JSON object per line"),
        response: { 200: importReportSchema, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const allowed = await allowedRepNames(db, viewer);
      const acceptRow = allowed
        ? (row: Record<string, unknown>) =>
            allowed.has(String(row.rep)) ? undefined : { field: "rep", reason: `you may not log activities for "${String(row.rep)}"` }
        : undefined;
      const type = String(request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      try {
        if (type === "application/x-ndjson") {
          const self = await findUser(db, viewer.id);
          return await importNdjsonActivities(db, request.body, { actorId: viewer.id, acceptRow, defaultRep: self?.name });
        }
        return await importCsv(db, "activities", request.body, { actorId: viewer.id, acceptRow });
      } catch (err) {
        if (!(err instanceof ImportUsageError)) throw err;
        throw new AppError("validation", err.message, { fields: [{ field: "body", reason: err.message }] });
      }
    },
  );

  app.get(
    "/reps/:repId/activities",
    {
      schema: {
        summary: "A rep's activities, newest first, in [from, to)",
        tags: ["activities"],
        params: repParamsSchema,
        querystring: activityListQuerySchema,
        response: { 200: activityListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const rep = await findUser(db, request.params.repId);
      if (!rep) throw notFound("Person");
      requireRep(viewerOf(request), rep);
      return { activities: await listActivities(db, { repId: rep.id, ...request.query }) };
    },
  );
};
