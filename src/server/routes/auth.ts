import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { loginRequestSchema, loginResponseSchema, meSchema, type Me } from "../../schemas/auth.js";
import { verifyPassword } from "../../auth/password.js";
import { createSession, deleteSession, SESSION_COOKIE } from "../../auth/sessions.js";
import { users } from "../../store/schema.js";
import type { Db } from "../../store/db.js";
import { findPerson } from "../../store/team-summaries.js";
import { appendAudit } from "../../store/audit.js";
import type { Viewer } from "../access.js";
import { loadViewer } from "../access.js";
import { clearSessionCookie, setSessionCookie, viewerOf } from "../auth.js";
import { errorResponses, type RouteContext } from "../context.js";
import { AppError, unauthenticated } from "../errors.js";

export async function meOf(db: Db, viewer: Viewer): Promise<Me> {
  const person = await findPerson(db, viewer.id);
  if (!person) throw unauthenticated();
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    role: person.role,
    teamId: person.teamId,
    teamName: person.teamName,
    managedTeamIds: viewer.managedTeamIds,
  };
}

export const authRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { store, env, now, loginLimiter }) => {
  const db = store.db;

  app.post(
    "/auth/login",
    {
      config: { public: true },
      schema: {
        summary: "Sign in with email and password; sets the proactive_session cookie",
        tags: ["auth"],
        security: [],
        body: loginRequestSchema,
        response: { 200: loginResponseSchema, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const email = request.body.email.trim().toLowerCase();
      const keys = [`account:${email}`, `ip:${request.ip}`];
      const at = now().getTime();
      // Counted before the (slow) password check, so concurrent guesses cannot outrun the limit.
      const waitMs = loginLimiter.begin(keys, at);
      if (waitMs > 0) {
        const seconds = Math.ceil(waitMs / 1000);
        throw new AppError("rate_limited", `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute(s).`, {
          headers: { "retry-after": String(seconds) },
        });
      }
      const [user] = await db
        .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
        .from(users)
        .where(eq(sql`lower(${users.email})`, email))
        .limit(1);
      // verifyPassword spends the same time on a missing hash, so absent accounts do not answer faster.
      const ok = (await verifyPassword(request.body.password, user?.passwordHash)) && user?.active === true;
      const viewer = ok ? await loadViewer(db, user.id) : undefined;
      if (!viewer) {
        // Who tried and from where, never the password.
        await appendAudit(db, { actorId: null, action: "sign-in-failed", entity: "user", entityId: user?.id ?? null, after: { email, ip: request.ip } });
        throw new AppError("invalid_credentials", "The email or password is not correct.");
      }
      loginLimiter.succeeded(keys[0]!, keys.slice(1), at);
      const session = await db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        const created = await createSession(tx, viewer.id, now());
        await appendAudit(tx, { actorId: viewer.id, action: "sign-in", entity: "user", entityId: viewer.id, after: { ip: request.ip } });
        return created;
      });
      setSessionCookie(reply, session.token, env.PROACTIVE_TLS);
      return { user: await meOf(db, viewer) };
    },
  );

  app.post(
    "/auth/logout",
    {
      schema: {
        summary: "Sign out: deletes the session and clears the cookie",
        tags: ["auth"],
        response: { 204: z.undefined(), ...errorResponses(401, 403) },
      },
    },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      const viewer = viewerOf(request);
      await db.transaction(async (raw) => {
        const tx = raw as unknown as Db;
        if (token) await deleteSession(tx, token);
        await appendAudit(tx, { actorId: viewer.id, action: "sign-out", entity: "user", entityId: viewer.id, after: { via: request.auth?.via ?? null } });
      });
      clearSessionCookie(reply, env.PROACTIVE_TLS);
      return reply.code(204).send();
    },
  );

  app.get(
    "/me",
    { schema: { summary: "The signed-in user", tags: ["auth"], response: { 200: meSchema, ...errorResponses(401) } } },
    async (request) => meOf(db, viewerOf(request)),
  );
};
