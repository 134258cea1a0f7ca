/**
 * Accounts for the activity form's typeahead: any signed-in user, names only. Names that
 * start with the query come first, then those containing it; at most ACCOUNT_SEARCH_LIMIT.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { accountOptionListSchema, accountSearchQuerySchema } from "../../schemas/accounts.js";
import { query, sql } from "../../store/db.js";
import { viewerOf } from "../auth.js";
import { errorResponses, type RouteContext } from "../context.js";

export const ACCOUNT_SEARCH_LIMIT = 20;

/** LIKE treats % and _ as wildcards: a typed "50%" must match itself. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export const accountRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { store }) => {
  app.get(
    "/accounts",
    {
      schema: {
        summary: "Accounts whose name contains the query (prefix matches first), at most 20, for typeaheads",
        tags: ["accounts"],
        querystring: accountSearchQuerySchema,
        response: { 200: accountOptionListSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      viewerOf(request);
      const text = escapeLike(request.query.query.toLowerCase());
      const rows = await query<{ id: number; name: string }>(
        store.db,
        sql`select id, name from accounts
            where lower(name) like ${`%${text}%`}
            order by (lower(name) like ${`${text}%`}) desc, lower(name), id
            limit ${ACCOUNT_SEARCH_LIMIT}`,
      );
      return rows.map((r) => ({ id: Number(r.id), name: r.name }));
    },
  );
};
