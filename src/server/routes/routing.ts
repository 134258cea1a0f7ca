/**
 * Lead routing over HTTP: route one lead or many, per-team settings (versioned), a preview of
 * another policy over recent leads, the team's lead feed (public to the team on purpose) and
 * a rep's "what would have won me the next one". While the server listens it also runs the
 * first-touch SLA sweep every PROACTIVE_SLA_INTERVAL_SECONDS (0 = off).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { eq } from "drizzle-orm";
import { routingParamsSchema } from "../../domain/routing/index.js";
import {
  decisionListSchema,
  decisionSchema,
  feedQuerySchema,
  leadBulkSchema,
  leadPostSchema,
  nextLeadSchema,
  previewRequestSchema,
  previewResponseSchema,
  routingSettingsPutSchema,
  routingSettingsResponseSchema,
  type LeadPost,
} from "../../schemas/routing.js";
import { repParamsSchema, teamDecisionParamsSchema, teamParamsSchema } from "../../schemas/teams.js";
import type { Db } from "../../store/db.js";
import {
  currentRoutingSettings,
  nextLeadFor,
  previewRouting,
  rerouteOverdueLeads,
  resolveLeadRefs,
  routeLeadInStore,
  saveRoutingSettings,
  teamFeedDecision,
  teamLeadFeed,
  type NewLead,
  type StoredSettings,
} from "../../store/routing/index.js";
import { teams, users } from "../../store/schema.js";
import { requireRep, requireRole, requireTeam, type Viewer } from "../access.js";
import { viewerOf } from "../auth.js";
import { errorResponses, type RouteContext } from "../context.js";
import { AppError, notFound, type FieldError } from "../errors.js";

async function requireTeamExists(db: Db, teamId: number): Promise<void> {
  const [row] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
  if (!row) throw notFound("Team");
}

/** Managers of the team and admins manage its routing; organisation-wide leads are the admins'. */
function requireRoutingManager(viewer: Viewer, teamId: number | null): void {
  requireRole(viewer, "manager", "admin");
  if (teamId === null) requireRole(viewer, "admin");
  else requireTeam(viewer, teamId);
}

function settingsJson(s: StoredSettings, teamId: number) {
  return { teamId, policy: s.policy, version: s.version, params: s.params, createdAt: s.createdAt?.toISOString() ?? null };
}

function paramsOrThrow(params: unknown) {
  const parsed = routingParamsSchema.safeParse(params);
  if (parsed.success) return parsed.data;
  const fields: FieldError[] = parsed.error.issues.map((i) => ({ field: ["params", ...i.path.map(String)].join("."), reason: i.message }));
  throw new AppError("validation", `Invalid params: ${fields.map((f) => `${f.field}: ${f.reason}`).join("; ")}`, { fields });
}

/** Resolves names and checks the viewer may route each lead; field errors name `prefix.field`. */
async function prepareLeads(db: Db, viewer: Viewer, posts: LeadPost[], now: Date, prefix: (i: number) => string): Promise<NewLead[]> {
  const drafts = posts.map((p) => ({
    ...p,
    arrivedAt: p.arrivedAt ? new Date(p.arrivedAt) : now,
    valueCents: p.value == null ? null : Math.round(p.value * 100),
  }));
  const resolved = await resolveLeadRefs(db, drafts);
  const fields: FieldError[] = [];
  resolved.forEach((r, i) => {
    if ("issues" in r) for (const issue of r.issues) fields.push({ field: `${prefix(i)}${issue.field}`, reason: issue.reason });
  });
  if (fields.length) throw new AppError("validation", `Invalid lead: ${fields.map((f) => `${f.field}: ${f.reason}`).join("; ")}`, { fields });
  const leads = resolved as NewLead[];
  for (const teamId of new Set(leads.map((l) => l.teamId))) requireRoutingManager(viewer, teamId);
  return leads;
}

export const routingRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { store, env, now }) => {
  const db = store.db;

  app.post(
    "/leads",
    {
      schema: {
        summary: "Route one lead (as of its arrivedAt); a known externalId returns its first decision",
        tags: ["routing"],
        body: leadPostSchema,
        response: { 200: decisionSchema, 201: decisionSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      requireRole(viewer, "manager", "admin");
      const [lead] = await prepareLeads(db, viewer, [request.body], now(), () => "");
      const result = await routeLeadInStore(db, lead!, { actorId: viewer.id });
      return reply.code(result.created ? 201 : 200).send(result.decision);
    },
  );

  app.post(
    "/leads/bulk",
    {
      schema: {
        summary: "Route up to 1,000 leads, in order of arrivedAt",
        tags: ["routing"],
        body: leadBulkSchema,
        response: { 200: decisionListSchema, ...errorResponses(400, 401, 403, 413) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      requireRole(viewer, "manager", "admin");
      const leads = await prepareLeads(db, viewer, request.body, now(), (i) => `${i}.`);
      const order = leads.map((lead, i) => ({ lead, i })).sort((x, y) => x.lead.arrivedAt.getTime() - y.lead.arrivedAt.getTime() || x.i - y.i);
      const decisions = [];
      for (const { lead } of order) decisions.push((await routeLeadInStore(db, lead, { actorId: viewer.id })).decision);
      return { decisions };
    },
  );

  app.get(
    "/teams/:teamId/routing-settings",
    {
      schema: {
        summary: "The team's current routing settings (version 0 = the defaults)",
        tags: ["routing"],
        params: teamParamsSchema,
        response: { 200: routingSettingsResponseSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { teamId } = request.params;
      requireRoutingManager(viewerOf(request), teamId);
      await requireTeamExists(db, teamId);
      return settingsJson(await currentRoutingSettings(db, teamId), teamId);
    },
  );

  app.put(
    "/teams/:teamId/routing-settings",
    {
      schema: {
        summary: "Set the team's routing policy and parameters (a new version)",
        tags: ["routing"],
        params: teamParamsSchema,
        body: routingSettingsPutSchema,
        response: { 200: routingSettingsResponseSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const { teamId } = request.params;
      requireRoutingManager(viewer, teamId);
      await requireTeamExists(db, teamId);
      const params = paramsOrThrow(request.body.params);
      return settingsJson(await saveRoutingSettings(db, teamId, { policy: request.body.policy, params }, viewer.id), teamId);
    },
  );

  app.post(
    "/teams/:teamId/routing-preview",
    {
      schema: {
        summary: "What a policy would have done with the team's last N leads (assigns nothing)",
        tags: ["routing"],
        params: teamParamsSchema,
        body: previewRequestSchema,
        response: { 200: previewResponseSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { teamId } = request.params;
      requireRoutingManager(viewerOf(request), teamId);
      await requireTeamExists(db, teamId);
      const { policy, params, lastN } = request.body;
      if (params !== undefined) paramsOrThrow(params);
      return previewRouting(db, teamId, { policy, params, lastN });
    },
  );

  app.get(
    "/teams/:teamId/lead-feed",
    {
      schema: {
        summary: "The team's routing decisions, newest first, with reasons (visible to every member)",
        tags: ["routing"],
        params: teamParamsSchema,
        querystring: feedQuerySchema,
        response: { 200: decisionListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { teamId } = request.params;
      requireTeam(viewerOf(request), teamId);
      await requireTeamExists(db, teamId);
      return { decisions: await teamLeadFeed(db, teamId, request.query) };
    },
  );

  app.get(
    "/teams/:teamId/lead-feed/:decisionId",
    {
      schema: {
        summary: "One decision of the team's lead feed, with every rep it weighed",
        tags: ["routing"],
        params: teamDecisionParamsSchema,
        response: { 200: decisionSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { teamId, decisionId } = request.params;
      requireTeam(viewerOf(request), teamId);
      await requireTeamExists(db, teamId);
      const decision = await teamFeedDecision(db, teamId, decisionId);
      if (!decision) throw notFound("Decision");
      return decision;
    },
  );

  app.get(
    "/reps/:repId/next-lead",
    {
      schema: {
        summary: "For the team's last 20 leads: what would have won this rep each one",
        tags: ["routing"],
        params: repParamsSchema,
        response: { 200: nextLeadSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const [rep] = await db
        .select({ id: users.id, name: users.name, teamId: users.teamId, managerId: users.managerId })
        .from(users)
        .where(eq(users.id, request.params.repId));
      if (!rep) throw notFound("Person");
      requireRep(viewerOf(request), rep);
      return nextLeadFor(db, rep);
    },
  );

  // The SLA sweep runs only in a listening server (never in inject()-based tests).
  const intervalMs = env.PROACTIVE_SLA_INTERVAL_SECONDS * 1000;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  app.addHook("onListen", async () => {
    if (intervalMs <= 0) return;
    timer = setInterval(() => {
      if (running) return;
      running = true;
      rerouteOverdueLeads(db, now())
        .then((done) => done.length && app.log.info({ rerouted: done.length }, "SLA: re-routed leads without a first touch"))
        .catch((err: unknown) => app.log.error({ err }, "SLA sweep failed"))
        .finally(() => (running = false));
    }, intervalMs);
    timer.unref();
  });
  app.addHook("onClose", async () => clearInterval(timer));
};

