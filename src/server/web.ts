/**
 * Serves the built web app (vite's output in dist/web) with an index.html fallback for the
 * client's routes. Without a build, `/` says how to make one.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

export const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/web");

export async function registerWeb(app: FastifyInstance, webRoot: string): Promise<{ built: boolean }> {
  const built = fs.existsSync(path.join(webRoot, "index.html"));
  if (!built) {
    app.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type("text/plain; charset=utf-8")
        .send("Proactive's API is running at /api/v1, but the web app is not built yet: run `npm run build`, then restart.\n"),
    );
    return { built };
  }
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: "/",
    index: "index.html",
    setHeaders(reply, file) {
      // Vite fingerprints everything under assets/; index.html must be revalidated to pick them up.
      const hashed = file.includes(`${path.sep}assets${path.sep}`);
      reply.header("cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  return { built };
}

/** A client-side route (no file extension) gets index.html; a missing file stays a 404. */
export function isClientRoute(url: string): boolean {
  const pathname = url.split("?")[0] ?? "/";
  if (pathname.startsWith("/api/")) return false;
  const last = pathname.split("/").pop() ?? "";
  return !last.includes(".");
}
