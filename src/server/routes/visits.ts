/**
 * Field visits (D7): check in at an account (a visit activity with its place and no
 * check-out), check out (time on site and outcome), watch a team's visits live over
 * server-sent events, and a team's visit figures for a period.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { daysBetween, isoDay } from "../../domain/periods.js";
import { activitySchema, checkInSchema, checkOutSchema, visitParamsSchema, visitStatsSchema } from "../../schemas/activity.js";
import { periodQuerySchema } from "../../schemas/performance.js";
import { teamParamsSchema } from "../../schemas/teams.js";
import { checkOutVisit, findActivity, insertActivity, visitStats } from "../../store/activities.js";
import { findUser, periodOrCurrent, teamReps, teamSubtree } from "../../store/activity-history.js";
import { scorecardEnd } from "../../store/scorecards.js";
import { appendAudit } from "../../store/audit.js";
import type { Db } from "../../store/db.js";
import { canSeeRep, requireRep, requireTeam } from "../access.js";
import { viewerOf } from "../auth.js";
import { errorResponses, type RouteContext } from "../context.js";
import { notFound } from "../errors.js";
import { sseFrame, type VisitEventBus } from "../visit-events.js";
import { actingRep, inputError } from "./activities.js";

const KEEP_ALIVE_MS = 25_000;

export interface VisitRouteOptions extends RouteContext {
  bus: VisitEventBus;
}

export const visitRoutes: FastifyPluginAsyncZod<VisitRouteOptions> = async (app, { store, now, bus }) => {
  const db = store.db;

  app.post(
    "/visits/check-in",
    {
      schema: {
        summary: "Check in at an account: starts a visit (proactive unless said otherwise)",
        tags: ["visits"],
        body: checkInSchema,
        response: { 201: activitySchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const { repId, at, ...body } = request.body;
      const rep = await actingRep(db, viewer, repId);
      const visit = await db
        .transaction(async (raw) => {
          const tx = raw as unknown as Db;
          const created = await insertActivity(tx, { ...body, kind: "visit", repId: rep.id, at: at ?? now() });
          await appendAudit(tx, { actorId: viewer.id, action: "check-in", entity: "activity", entityId: created.id, after: created });
          return created;
        })
        .catch(inputError);
      bus.publish({ type: "check-in", teamId: rep.teamId, visit });
      return reply.code(201).send(visit);
    },
  );

  app.post(
    "/visits/:id/check-out",
    {
      schema: {
        summary: "Check out of a visit: sets the check-out time, minutes on site and the outcome",
        tags: ["visits"],
        params: visitParamsSchema,
        body: checkOutSchema,
        response: { 200: activitySchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const visit = await findActivity(db, request.params.id);
      if (!visit || visit.kind !== "visit") throw notFound("Visit");
      const rep = await findUser(db, visit.repId);
      requireRep(viewer, rep!);
      const { at, ...body } = request.body;
      const done = await db
        .transaction(async (raw) => {
          const tx = raw as unknown as Db;
          const after = await checkOutVisit(tx, { id: visit.id, at: at ?? now(), ...body });
          const { teamId: _t, ...before } = visit;
          const { teamId: _u, ...stored } = after;
          await appendAudit(tx, { actorId: viewer.id, action: "check-out", entity: "activity", entityId: visit.id, before, after: stored });
          return after;
        })
        .catch(inputError);
      bus.publish({ type: "check-out", teamId: rep!.teamId, visit: done });
      return done;
    },
  );

  app.get(
    "/teams/:teamId/visits/stream",
    {
      schema: {
        summary: "Server-sent events (text/event-stream): the team's check-ins and check-outs as they happen (per server process)",
        tags: ["visits"],
        params: teamParamsSchema,
        produces: ["text/event-stream"],
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      const { teamId } = request.params;
      requireTeam(viewer, teamId);
      const teams = new Set(await teamSubtree(db, teamId));
      if (teams.size === 0) throw notFound("Team");
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-content-type-options": "nosniff",
      });
      res.write(": connected\n\n");
      const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
      keepAlive.unref();
      const unsubscribe = bus.subscribe(
        (event) => {
          if (event.teamId === null || !teams.has(event.teamId)) return;
          if (!canSeeRep(viewer, { id: event.visit.repId, teamId: event.teamId, managerId: null }) && viewer.teamId !== event.teamId) return;
          res.write(sseFrame(event));
        },
        () => res.end(),
      );
      request.raw.on("close", () => {
        clearInterval(keepAlive);
        unsubscribe();
      });
    },
  );

  app.get(
    "/teams/:teamId/visits",
    {
      schema: {
        summary: "Per rep (a rep sees their own row): visits, visits per week, median time on site, accounts visited; and who is on site now",
        tags: ["visits"],
        params: teamParamsSchema,
        querystring: periodQuerySchema,
        response: { 200: visitStatsSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const { teamId } = request.params;
      requireTeam(viewer, teamId);
      const teams = await teamSubtree(db, teamId);
      if (teams.length === 0) throw notFound("Team");
      const period = periodOrCurrent(request.query.period, now());
      const to = scorecardEnd(period, now());
      const reps = (await teamReps(db, teams, { activeOnly: true })).filter((r) => canSeeRep(viewer, r));
      const stats = await visitStats(db, { repIds: reps.map((r) => r.id), from: period.start, to, now: now() });
      // A period's first days count as one whole week: 4 visits on day 1 are 4 a week, not 28.
      const weeks = Math.max(daysBetween(period.start, to), 7) / 7;
      return {
        period: period.label,
        from: isoDay(period.start),
        to: to.toISOString(),
        reps: reps.map((r) => {
          const s = stats.perRep.get(r.id);
          return {
            repId: r.id,
            name: r.name,
            visits: s?.visits ?? 0,
            visitsPerWeek: (s?.visits ?? 0) / weeks,
            medianMinutesOnSite: s?.median ?? null,
            accountsVisited: s?.accounts ?? 0,
          };
        }),
        onSite: stats.onSite,
      };
    },
  );
};
