/**
 * CSV import over the API: the same importer and report as `proactive import --json`.
 * The body is the CSV itself (Content-Type: text/csv, up to 50 MB); `?mapping=` optionally
 * carries the column mapping as JSON. Admins only.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ImportUsageError, importCsv, importEntitySchema, importReportSchema, mappingSchema } from "../../import/index.js";
import { requireRole } from "../access.js";
import { viewerOf } from "../auth.js";
import { errorResponses, type RouteContext } from "../context.js";
import { AppError } from "../errors.js";

export const IMPORT_BODY_LIMIT = 50 * 1024 * 1024;

const mappingParam = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a JSON object (URL-encoded)" });
      return z.NEVER;
    }
  })
  .pipe(mappingSchema)
  .describe('The column mapping as JSON, e.g. {"columns":{"name":"Sales Agent"}}');

export const importRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { store }) => {
  // Scoped to this plugin: the rest of the API accepts JSON only.
  app.addContentTypeParser("text/csv", { parseAs: "string", bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post(
    "/import/:entity",
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      // Refuse before reading up to 50 MB of body.
      onRequest: async (request) => requireRole(viewerOf(request), "admin"),
      schema: {
        summary: "Import a CSV file (Content-Type: text/csv) into one entity; admin only",
        tags: ["import"],
        consumes: ["text/csv"],
        params: z.object({ entity: importEntitySchema }),
        querystring: z.object({ mapping: mappingParam.optional() }),
        body: z.string().describe("The CSV file, with a header row"),
        response: { 200: importReportSchema, ...errorResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => {
      try {
        return await importCsv(store.db, request.params.entity, request.body, {
          mapping: request.query.mapping,
          actorId: viewerOf(request).id,
        });
      } catch (err) {
        // A bad mapping or a file without the required columns: the caller's to fix.
        if (!(err instanceof ImportUsageError)) throw err;
        const field = /mapping/i.test(err.message) ? "mapping" : "body";
        throw new AppError("validation", err.message, { fields: [{ field, reason: err.message }] });
      }
    },
  );
};
