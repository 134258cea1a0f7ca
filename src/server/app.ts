/**
 * The HTTP server: the JSON API under /api/v1 (validated by the shared zod schemas, which
 * also generate the OpenAPI document), the built web app, security headers on every
 * response, and one error shape for every failure.
 */
import fastifyCookie from "@fastify/cookie";
import fastifySwagger from "@fastify/swagger";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Env } from "../config.js";
import type { Store } from "../store/db.js";
import { deleteExpiredSessions } from "../auth/sessions.js";
import { registerAuth } from "./auth.js";
import { deleteExpiredIdempotencyKeys, registerIdempotency } from "./idempotency.js";
import { registerInputGuard } from "./input-guard.js";
import { recordRoutes } from "./route-table.js";
import type { RouteContext } from "./context.js";
import { errorHandler } from "./error-handler.js";
import { AppError } from "./errors.js";
import { LoginLimiter, type LoginLimiterOptions } from "./login-limiter.js";
import { accountRoutes } from "./routes/accounts.js";
import { auditRoutes } from "./routes/audit.js";
import { exportRoutes } from "./routes/exports.js";
import { activityRoutes } from "./routes/activity.js";
import { authRoutes } from "./routes/auth.js";
import { cadenceRoutes } from "./routes/cadence.js";
import { healthRoutes } from "./routes/health.js";
import { importRoutes } from "./routes/import.js";
import { routingRoutes } from "./routes/routing.js";
import { teamRoutes } from "./routes/teams.js";
import { tokenRoutes } from "./routes/tokens.js";
import { DEFAULT_WEB_ROOT, isClientRoute, registerWeb } from "./web.js";

export const API_PREFIX = "/api/v1";
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface BuildAppOptions {
  store: Store;
  env: Env;
  /** true (default): pino at env.LOG_LEVEL; false: silent; or pino options (merged over the redaction). */
  logger?: boolean | { level?: string; stream?: NodeJS.WritableStream };
  /** "Now" for every time window and expiry; tests freeze it. */
  clock?: () => number;
  bodyLimit?: number;
  /** The built web app (default dist/web). */
  webRoot?: string;
  loginLimits?: LoginLimiterOptions;
}

const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};
const HSTS = "max-age=31536000; includeSubDomains";

/** Secrets never reach the log, whatever a future serializer decides to include. */
const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-proactive-csrf"]',
  'res.headers["set-cookie"]',
  "body.password",
  "password",
  "*.password",
  "token",
  "*.token",
];

function loggerOptions(env: Env, logger: BuildAppOptions["logger"]): FastifyServerOptions["logger"] {
  if (logger === false) return false;
  const base = { level: env.LOG_LEVEL, redact: { paths: REDACT, censor: "[redacted]" } };
  return logger === true || logger === undefined ? base : { ...base, ...logger };
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { store, env } = options;
  const clock = options.clock ?? Date.now;
  const serverOptions: FastifyServerOptions = {
    logger: loggerOptions(env, options.logger),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // PROACTIVE_TLS means a TLS-terminating proxy in front: trust that one hop for the client IP.
    trustProxy: env.PROACTIVE_TLS ? (_address: string, hop: number) => hop === 0 : false,
    routerOptions: { ignoreTrailingSlash: true },
    // A URL that cannot be decoded is refused before routing (and before the onSend hooks):
    // the same error shape and headers as every other answer.
    frameworkErrors: (error, request, reply) => {
      reply.headers(SECURITY_HEADERS);
      if (env.PROACTIVE_TLS) reply.header("strict-transport-security", HSTS);
      errorHandler(error as FastifyError, request, reply);
    },
  };
  const app = Fastify(serverOptions).withTypeProvider<ZodTypeProvider>();

  recordRoutes(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.addHook("onSend", async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    if (env.PROACTIVE_TLS) reply.header("strict-transport-security", HSTS);
    return payload;
  });

  app.setErrorHandler(errorHandler);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Proactive API",
        version: "1",
        description:
          "Sign in with POST /api/v1/auth/login (cookie; send X-Proactive-CSRF: 1 on writes) or send an API token as Authorization: Bearer <token>.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "An API token (pro_…) from POST /api/v1/tokens or `proactive token create`." },
          session: { type: "apiKey", in: "cookie", name: "proactive_session", description: "Writes also need the header X-Proactive-CSRF: 1." },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  const now = () => new Date(clock());
  const context: RouteContext = { store, env, now, loginLimiter: new LoginLimiter(options.loginLimits) };
  registerAuth(app, { db: store.db, now });
  registerIdempotency(app, { db: store.db, now });
  registerInputGuard(app);

  await app.register(
    async (api) => {
      api.get(
        "/openapi.json",
        { config: { public: true }, schema: { summary: "This OpenAPI document", tags: ["system"], security: [] } },
        async () => app.swagger(),
      );
      await api.register(healthRoutes, context);
      await api.register(authRoutes, context);
      await api.register(teamRoutes, context);
      await api.register(tokenRoutes, context);
      await api.register(importRoutes, context);
      await api.register(activityRoutes, context);
      await api.register(accountRoutes, context);
      await api.register(routingRoutes, context);
      await api.register(cadenceRoutes, context);
      await api.register(auditRoutes, context);
      await api.register(exportRoutes, context);
    },
    { prefix: API_PREFIX },
  );

  const web = await registerWeb(app, options.webRoot ?? DEFAULT_WEB_ROOT);
  app.setNotFoundHandler(async (request, reply) => {
    if ((request.method === "GET" || request.method === "HEAD") && web.built && isClientRoute(request.url)) {
      return reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").sendFile("index.html");
    }
    throw new AppError("not_found", `No such resource: ${request.method} ${request.url.split("?")[0]}`);
  });
  await deleteExpiredSessions(store.db, now());
  await deleteExpiredIdempotencyKeys(store.db, now());
  return app;
}
