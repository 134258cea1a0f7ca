import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { healthResponseSchema } from "../../schemas/auth.js";
import type { RouteContext } from "../context.js";

export const healthRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { store }) => {
  app.get(
    "/health",
    {
      config: { public: true },
      schema: { summary: "Liveness and which store is in use", tags: ["system"], response: { 200: healthResponseSchema } },
    },
    async () => ({ ok: true as const, store: store.kind }),
  );
};
