/**
 * The proactive cadence (D3, D5; docs/CADENCE.md), registered under /api/v1 with one line in
 * app.ts: updates, requests and promises, "My week", the team's cadence report, stale deals,
 * 1:1 schedules, the coaching queue, held 1:1s, the iCalendar feed and webhook endpoints.
 * Access is decided only by src/server/access.ts. While the server listens, two jobs run:
 * stale deals and 1:1 reminders every PROACTIVE_CADENCE_INTERVAL_MINUTES, and the outbox
 * dispatcher every PROACTIVE_NOTIFY_INTERVAL_SECONDS (0 turns either off).
 */
import type { FastifyInstance } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  cadenceQuerySchema,
  coachingQueueQuerySchema,
  coachingQueueSchema,
  holdBodySchema,
  idParamsSchema,
  managerParamsSchema,
  oneOnOneSchema,
  postRequestBodySchema,
  postUpdateBodySchema,
  promiseSchema,
  requestViewSchema,
  scheduleBodySchema,
  scheduleViewSchema,
  staleListSchema,
  teamCadenceSchema,
  updateViewSchema,
  webhookBodySchema,
  webhookParamsSchema,
  webhookViewSchema,
  weekQuerySchema,
  weekSchema,
} from "../../schemas/cadence.js";
import { repParamsSchema, teamParamsSchema } from "../../schemas/teams.js";
import { dispatchOutbox } from "../../notify/dispatch.js";
import { smtpMailer, type Mailer } from "../../notify/email.js";
import { pruneDelivered } from "../../notify/outbox.js";
import { createWebhook, deleteWebhook, listWebhooks } from "../../notify/webhooks.js";
import { findUser, periodOrCurrent, teamReps, teamSubtree } from "../../store/activity-history.js";
import { coachingQueue, findOneOnOne, getOneOnOne, getSchedule, holdOneOnOne, listOneOnOnes, managerIcs, putSchedule, queueReminders } from "../../store/cadence/coaching.js";
import { CadenceError } from "../../store/cadence/errors.js";
import { teamCadence } from "../../store/cadence/report.js";
import { listStaleNudges, refreshStaleDeals } from "../../store/cadence/stale.js";
import { markPromise, postRequest, postUpdate } from "../../store/cadence/updates.js";
import { repWeek } from "../../store/cadence/week.js";
import type { Db } from "../../store/db.js";
import { findTeam } from "../../store/team-summaries.js";
import { canSeeRep, requireRep, requireRole, requireTeam, type Viewer } from "../access.js";
import { viewerOf } from "../auth.js";
import { errorResponses, type RouteContext } from "../context.js";
import { AppError, forbidden, notFound } from "../errors.js";

async function visibleRep(db: Db, viewer: Viewer, repId: number) {
  const rep = await findUser(db, repId);
  if (!rep) throw notFound("Person");
  requireRep(viewer, rep);
  return rep;
}

async function visibleTeam(db: Db, viewer: Viewer, teamId: number) {
  requireTeam(viewer, teamId);
  const team = await findTeam(db, teamId);
  if (!team) throw notFound("Team");
  return team;
}

/** A manager's own coaching (queue, calendar): the manager themselves, or an admin. */
function requireSelfOrAdmin(viewer: Viewer, managerId: number): void {
  if (viewer.role !== "admin" && viewer.id !== managerId) throw forbidden("another manager's coaching cadence");
}

function cadenceError(err: unknown): never {
  if (err instanceof CadenceError) throw new AppError(err.code, err.message, err.field ? { fields: [{ field: err.field, reason: err.message }] } : {});
  throw err;
}

export const cadenceRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, context) => {
  const { store, now } = context;
  const db = store.db;

  app.post(
    "/updates",
    {
      schema: {
        summary: "Post an update on a deal (external id), an account (account:<name>) or your week (rep); classified preemptive or not as it is written",
        tags: ["cadence"],
        body: postUpdateBodySchema,
        response: { 201: updateViewSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const rep = await findUser(db, viewerOf(request).id);
      if (!rep) throw notFound("Person");
      const update = await postUpdate(db, { rep, body: request.body, now: now() }).catch(cadenceError);
      return reply.code(201).send(update);
    },
  );

  app.post(
    "/requests",
    {
      schema: {
        summary: "Log a request for information to a rep on a subject (managers); open until the rep's next update on it",
        tags: ["cadence"],
        body: postRequestBodySchema,
        response: { 201: requestViewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      requireRole(viewer, "manager", "admin");
      const rep = await visibleRep(db, viewer, request.body.rep);
      if (rep.id === viewer.id) throw new AppError("validation", "rep: a request for information is asked of someone else.", { fields: [{ field: "rep", reason: "is yourself" }] });
      const manager = (await findUser(db, viewer.id))!;
      const created = await postRequest(db, { managerId: viewer.id, managerName: manager.name, rep, body: request.body, now: now() }).catch(cadenceError);
      return reply.code(201).send(created);
    },
  );

  for (const [mark, kept] of [["kept", true], ["broken", false]] as const) {
    app.post(
      `/promises/:id/${mark}`,
      {
        schema: {
          summary: `Mark your promise ${mark} (once)`,
          tags: ["cadence"],
          params: idParamsSchema,
          response: { 200: promiseSchema, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) => markPromise(db, { promiseId: request.params.id, repId: viewerOf(request).id, kept, now: now() }).catch(cadenceError),
    );
  }

  app.get(
    "/reps/:repId/week",
    {
      schema: {
        summary: "My week: updates, open requests, promises, stale-deal nudges and the preemptive ratio",
        tags: ["cadence"],
        params: repParamsSchema,
        querystring: weekQuerySchema,
        response: { 200: weekSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const rep = await visibleRep(db, viewer, request.params.repId);
      return repWeek(db, { rep, day: request.query.week, now: now(), asRep: viewer.id === rep.id });
    },
  );

  app.get(
    "/teams/:teamId/cadence",
    {
      schema: {
        summary: "The team's cadence for a period: preemptive ratio (team, reps, weekly trend), promise-keeping, 1:1 adherence and flagged managers",
        tags: ["cadence"],
        params: teamParamsSchema,
        querystring: cadenceQuerySchema,
        response: { 200: teamCadenceSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      await visibleTeam(db, viewer, request.params.teamId);
      requireRole(viewer, "manager", "admin");
      return teamCadence(db, { teamId: request.params.teamId, period: periodOrCurrent(request.query.period, now()), now: now() });
    },
  );

  app.get(
    "/teams/:teamId/stale",
    {
      schema: {
        summary: "Stale deals of the team's reps past their grace period (the rep was nudged first)",
        tags: ["cadence"],
        params: teamParamsSchema,
        response: { 200: staleListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      await visibleTeam(db, viewer, request.params.teamId);
      requireRole(viewer, "manager", "admin");
      const reps = (await teamReps(db, await teamSubtree(db, request.params.teamId))).filter((r) => canSeeRep(viewer, r) && r.id !== viewer.id);
      return { nudges: await listStaleNudges(db, { repIds: reps.map((r) => r.id), now: now(), escalatedOnly: true }) };
    },
  );

  app.get(
    "/reps/:repId/one-on-one-schedule",
    {
      schema: {
        summary: "The rep's recurring 1:1 (null when none is set)",
        tags: ["coaching"],
        params: repParamsSchema,
        response: { 200: scheduleViewSchema.nullable(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => getSchedule(db, (await visibleRep(db, viewerOf(request), request.params.repId)).id),
  );

  app.put(
    "/reps/:repId/one-on-one-schedule",
    {
      schema: {
        summary: "Set the rep's recurring 1:1 (their manager): weekday, time, time zone, interval in weeks",
        tags: ["coaching"],
        params: repParamsSchema,
        body: scheduleBodySchema,
        response: { 200: scheduleViewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      requireRole(viewer, "manager", "admin");
      const rep = await visibleRep(db, viewer, request.params.repId);
      if (rep.id === viewer.id) throw new AppError("validation", "A 1:1 is between a manager and someone else.");
      let managerId = viewer.id;
      if (viewer.role === "admin") {
        // An admin sets it on behalf of the rep's manager.
        const team = rep.teamId === null ? null : await findTeam(db, rep.teamId);
        const owner = rep.managerId ?? team?.managerId ?? null;
        if (owner === null) throw new AppError("validation", "This rep has no manager to hold the 1:1.");
        managerId = owner;
      }
      return putSchedule(db, { managerId, rep, body: request.body, now: now(), actorId: viewer.id }).catch(cadenceError);
    },
  );

  app.get(
    "/managers/:managerId/coaching-queue",
    {
      schema: {
        summary: "The manager's upcoming 1:1s, each with the rep's agenda",
        tags: ["coaching"],
        params: managerParamsSchema,
        querystring: coachingQueueQuerySchema,
        response: { 200: coachingQueueSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      requireSelfOrAdmin(viewerOf(request), request.params.managerId);
      if (!(await findUser(db, request.params.managerId))) throw notFound("Manager");
      return coachingQueue(db, { managerId: request.params.managerId, now: now(), days: request.query.days });
    },
  );

  app.get(
    "/managers/:managerId/cadence.ics",
    {
      schema: {
        summary: "The manager's 1:1s as an iCalendar feed (text/calendar)",
        tags: ["coaching"],
        params: managerParamsSchema,
        produces: ["text/calendar"],
        response: { 200: z.string(), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      requireSelfOrAdmin(viewerOf(request), request.params.managerId);
      const ics = await managerIcs(db, request.params.managerId, now()).catch(cadenceError);
      return reply.type("text/calendar; charset=utf-8").header("content-disposition", 'inline; filename="cadence.ics"').send(ics);
    },
  );

  app.get(
    "/one-on-ones/:id",
    {
      schema: {
        summary: "A 1:1 with its notes, decisions, agenda (as held; before that, as it stands now) and commitments (the rep, their manager, admins)",
        tags: ["coaching"],
        params: idParamsSchema,
        response: { 200: oneOnOneSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const meeting = await findOneOnOne(db, request.params.id);
      if (!meeting) throw notFound("1:1");
      const rep = await findUser(db, meeting.repId);
      if (!rep || !(viewer.id === meeting.managerId || canSeeRep(viewer, rep))) throw forbidden("this 1:1");
      return getOneOnOne(db, meeting.id, now(), { live: true });
    },
  );

  app.get(
    "/reps/:repId/one-on-ones",
    {
      schema: {
        summary: "The rep's 1:1s, newest first",
        tags: ["coaching"],
        params: repParamsSchema,
        response: { 200: z.object({ oneOnOnes: z.array(oneOnOneSchema) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ oneOnOnes: await listOneOnOnes(db, (await visibleRep(db, viewerOf(request), request.params.repId)).id, now()) }),
  );

  app.post(
    "/one-on-ones/:id/hold",
    {
      schema: {
        summary: "Record a 1:1 as held: notes (private), decisions, commitments (they become the rep's promises)",
        tags: ["coaching"],
        params: idParamsSchema,
        body: holdBodySchema,
        response: { 200: oneOnOneSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const meeting = await findOneOnOne(db, request.params.id);
      if (!meeting) throw notFound("1:1");
      if (viewer.role !== "admin" && viewer.id !== meeting.managerId) throw forbidden("this 1:1");
      return holdOneOnOne(db, { id: meeting.id, body: request.body, now: now(), actorId: viewer.id }).catch(cadenceError);
    },
  );

  app.post(
    "/webhooks",
    {
      schema: {
        summary: "Register a webhook endpoint (admin); the answer shows its signing secret once",
        tags: ["notifications"],
        body: webhookBodySchema,
        response: { 201: webhookViewSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      requireRole(viewer, "admin");
      const hook = await createWebhook(db, { url: request.body.url, secret: request.body.secret, teamId: request.body.teamId, createdBy: viewer.id, now: now() });
      return reply.code(201).send(hook);
    },
  );

  app.get(
    "/webhooks",
    {
      schema: { summary: "Active webhook endpoints (admin)", tags: ["notifications"], response: { 200: z.object({ webhooks: z.array(webhookViewSchema) }), ...errorResponses(401, 403) } },
    },
    async (request) => {
      requireRole(viewerOf(request), "admin");
      return { webhooks: await listWebhooks(db) };
    },
  );

  app.delete(
    "/webhooks/:id",
    {
      schema: { summary: "Deactivate a webhook endpoint (admin)", tags: ["notifications"], params: webhookParamsSchema, response: { 204: z.null(), ...errorResponses(401, 403, 404) } },
    },
    async (request, reply) => {
      const viewer = viewerOf(request);
      requireRole(viewer, "admin");
      if (!(await deleteWebhook(db, request.params.id, { actorId: viewer.id, now: now() }))) throw notFound("Webhook");
      return reply.code(204).send(null);
    },
  );

  startJobs(app, context);
};

/** The background jobs of a listening server (tests using inject never start them). */
function startJobs(app: FastifyInstance, context: RouteContext): void {
  const { store, env, now } = context;
  const timers: NodeJS.Timeout[] = [];
  let mailer: Mailer | null = null;
  const every = (ms: number, name: string, job: () => Promise<unknown>) => {
    if (ms <= 0) return;
    let running = false;
    const timer = setInterval(() => {
      if (running) return; // a slow run is never overlapped by the next
      running = true;
      job()
        .then((result) => app.log.debug({ [name]: result }, `${name} ran`))
        .catch((err: unknown) => app.log.error({ err }, `${name} failed`))
        .finally(() => (running = false));
    }, ms);
    timer.unref();
    timers.push(timer);
  };
  app.addHook("onListen", async () => {
    if (timers.length) return;
    mailer = env.PROACTIVE_SMTP_URL ? smtpMailer(env.PROACTIVE_SMTP_URL, env.PROACTIVE_SMTP_FROM) : null;
    const retentionMs = env.PROACTIVE_OUTBOX_RETENTION_DAYS * 86_400_000;
    every(env.PROACTIVE_CADENCE_INTERVAL_MINUTES * 60_000, "cadence", async () => ({
      stale: await refreshStaleDeals(store.db, now()),
      reminders: await queueReminders(store.db, now()),
      prunedNotifications: retentionMs > 0 ? await pruneDelivered(store.db, new Date(now().getTime() - retentionMs)) : 0,
    }));
    every(env.PROACTIVE_NOTIFY_INTERVAL_SECONDS * 1000, "notify", async () => {
      const run = await dispatchOutbox(store.db, { now, mailer });
      // Targets only (webhook:<id>, email:<address>) and error texts already free of URLs and secrets.
      const failures = run.attempts.filter((a) => a.status !== "delivered").map(({ outboxId, target, attempt, code, error }) => ({ outboxId, target, attempt, code, error }));
      if (run.failed) app.log.warn({ dead: run.failed, failures }, "notifications given up (dead): `proactive notify --dead` lists them");
      else if (failures.length) app.log.info({ failures }, "notification deliveries failed; retrying with backoff");
      return { claimed: run.claimed, delivered: run.delivered, retrying: run.retrying, failed: run.failed, lost: run.lost };
    });
  });
  app.addHook("onClose", async () => {
    for (const t of timers) clearInterval(t);
    mailer?.close();
  });
}
