/**
 * Every route the server registers, as it registers them (an onRoute hook), so the access
 * matrix test and docs/SECURITY.md can check that no route was added without an access rule.
 */
import type { FastifyInstance, FastifySchema } from "fastify";

export interface RouteEntry {
  method: string;
  /** With the prefix and fastify's :param syntax, e.g. /api/v1/teams/:teamId */
  url: string;
  public: boolean;
  /** The route's schemas as registered (zod: params, querystring, body), for generated tests (the fuzz test). */
  schema?: FastifySchema;
}

declare module "fastify" {
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

/** Call before any route is registered. */
export function recordRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  app.decorate("routeTable", table);
  app.addHook("onRoute", (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) table.push({ method, url: route.url, public: route.config?.public === true, schema: route.schema });
  });
}
