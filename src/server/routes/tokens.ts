import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { createdTokenSchema, createTokenRequestSchema, tokenIdParamsSchema, tokenListSchema } from "../../schemas/tokens.js";
import { createApiToken, findApiToken, listApiTokens, revokeApiToken } from "../../auth/tokens.js";
import { canActFor } from "../access.js";
import { viewerOf } from "../auth.js";
import { errorResponses, type RouteContext } from "../context.js";
import { notFound } from "../errors.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const tokenRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { store, now }) => {
  const db = store.db;

  app.post(
    "/tokens",
    {
      schema: {
        summary: "Create an API token for yourself; the token is in this answer only",
        tags: ["tokens"],
        body: createTokenRequestSchema,
        response: { 201: createdTokenSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const created = await createApiToken(db, viewerOf(request).id, request.body.name);
      return reply.code(201).send(created);
    },
  );

  app.get(
    "/tokens",
    {
      schema: { summary: "Your API tokens (without secrets)", tags: ["tokens"], response: { 200: tokenListSchema, ...errorResponses(401) } },
    },
    async (request) =>
      (await listApiTokens(db, viewerOf(request).id)).map((t) => ({
        id: t.id,
        name: t.name,
        createdAt: t.createdAt.toISOString(),
        lastUsedAt: iso(t.lastUsedAt),
        revokedAt: iso(t.revokedAt),
      })),
  );

  app.delete(
    "/tokens/:id",
    {
      schema: {
        summary: "Revoke a token (your own; an admin may revoke any)",
        tags: ["tokens"],
        params: tokenIdParamsSchema,
        response: { 204: z.undefined(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const token = await findApiToken(db, request.params.id);
      // Someone else's token is "not found" to a non-admin: its existence is not theirs to know.
      if (!token || !canActFor(viewer, token.userId)) throw notFound("Token");
      await revokeApiToken(db, token.id, now());
      return reply.code(204).send();
    },
  );
};
