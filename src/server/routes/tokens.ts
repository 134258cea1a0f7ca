import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { createdTokenSchema, createTokenRequestSchema, tokenIdParamsSchema, tokenListSchema } from "../../schemas/tokens.js";
import { createApiToken, findApiToken, listApiTokens, revokeApiToken } from "../../auth/tokens.js";
import { appendAudit } from "../../store/audit.js";
import type { Db } from "../../store/db.js";
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
      const viewer = viewerOf(request);
      const created = await db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        const token = await createApiToken(tx, viewer.id, request.body.name, request.body.scopes);
        await appendAudit(tx, { actorId: viewer.id, action: "token-create", entity: "api_token", entityId: token.id, after: { name: token.name, userId: viewer.id, scopes: token.scopes } });
        return token;
      });
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
      await db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        const revokedAt = now();
        if (!(await revokeApiToken(tx, token.id, revokedAt))) return;
        await appendAudit(tx, {
          actorId: viewer.id,
          action: "token-revoke",
          entity: "api_token",
          entityId: token.id,
          before: { name: token.name, userId: token.userId, revokedAt: null },
          after: { revokedAt: revokedAt.toISOString() },
        });
      });
      return reply.code(204).send();
    },
  );
};
