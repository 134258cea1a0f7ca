/** Shared by the activity-management API tests: requests as a signed-in user. */
import type { FastifyInstance } from "fastify";
import type { Db } from "../../src/store/db.js";
import { sessionCookie } from "../api/fixtures.js";

export function as(app: FastifyInstance, db: Db, userId: number) {
  let cookie: Promise<string> | undefined;
  const headers = async (extra: Record<string, string> = {}) => ({ cookie: await (cookie ??= sessionCookie(db, userId)), "x-proactive-csrf": "1", ...extra });
  return {
    get: async (url: string) => app.inject({ method: "GET", url, headers: await headers() }),
    post: async (url: string, payload: unknown, contentType?: string) =>
      app.inject({
        method: "POST",
        url,
        payload: payload as string,
        headers: await headers(contentType ? { "content-type": contentType } : {}),
      }),
    put: async (url: string, payload: unknown) => app.inject({ method: "PUT", url, payload: payload as object, headers: await headers() }),
  };
}
