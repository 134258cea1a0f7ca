/**
 * Targets, pacing alerts, scorecards, KPIs, tiers, leadership and team settings (D2, D4, D6,
 * D7). Each route checks access, loads through the store and lets the domain compute.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  kpisSchema,
  leadershipSchema,
  pacingAlertListSchema,
  periodQuerySchema,
  settingParamsSchema,
  settingResponseSchema,
  targetsQuerySchema,
  targetsSchema,
  teamPacingSchema,
  teamScorecardSchema,
  tierHistorySchema,
  tiersQuerySchema,
} from "../../schemas/performance.js";
import { repParamsSchema, teamParamsSchema } from "../../schemas/teams.js";
import { findUser, periodOrCurrent, teamReps, teamSubtree } from "../../store/activity-history.js";
import { kpis } from "../../store/kpis.js";
import { listPacingAlerts } from "../../store/pacing.js";
import { teamScorecard } from "../../store/scorecards.js";
import { findTeam } from "../../store/team-summaries.js";
import { getSetting, putSetting, SettingError } from "../../store/team-settings.js";
import { atWithin, repsPacing, repTargets, TargetsError } from "../../store/targets.js";
import { leadership, monthsEnding, teamTierHistory } from "../../store/tiers.js";
import { canSeeRep, requireRep, requireRole, requireTeam, type Viewer } from "../access.js";
import { viewerOf } from "../auth.js";
import { errorResponses, type RouteContext } from "../context.js";
import { AppError, forbidden, notFound } from "../errors.js";
import type { Db } from "../../store/db.js";

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

/** Only the team's manager (or a manager above it) and admins change its settings. */
function requireTeamManager(viewer: Viewer, teamId: number): void {
  requireRole(viewer, "manager", "admin");
  if (viewer.role !== "admin" && !viewer.managedTeamIds.includes(teamId)) throw forbidden("this team's settings");
}

/** The period asked (default: the current month) and the instant within it (default: now, kept inside). */
function periodAndAt(query: { period?: string; at?: string }, now: Date) {
  const period = periodOrCurrent(query.period, now);
  return { period, at: query.at ? new Date(query.at) : atWithin(period, now) };
}

function targetsError(err: unknown): never {
  if (err instanceof TargetsError) {
    throw new AppError(err.code, err.message, err.field ? { fields: [{ field: err.field, reason: err.message }] } : {});
  }
  throw err;
}

export const performanceRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { store, now }) => {
  const db = store.db;

  app.get(
    "/reps/:repId/targets",
    {
      schema: {
        summary: "A rep's reverse-funnel targets and pacing for a period as of an instant, with the working",
        tags: ["targets"],
        params: repParamsSchema,
        querystring: targetsQuerySchema,
        response: { 200: targetsSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const rep = await visibleRep(db, viewerOf(request), request.params.repId);
      const { period, at } = periodAndAt(request.query, now());
      return repTargets(db, { repId: rep.id, period, at }).catch(targetsError);
    },
  );

  app.get(
    "/teams/:teamId/pacing",
    {
      schema: {
        summary: "Each active rep's pacing status for a period in one answer (a rep sees their own line), or that they have no quota",
        tags: ["targets"],
        params: teamParamsSchema,
        querystring: targetsQuerySchema,
        response: { 200: teamPacingSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const team = await visibleTeam(db, viewer, request.params.teamId);
      const reps = (await teamReps(db, await teamSubtree(db, team.id), { activeOnly: true })).filter((r) => canSeeRep(viewer, r));
      const { period, at } = periodAndAt(request.query, now());
      const lines = await repsPacing(db, reps, period, at).catch(targetsError);
      return { teamId: team.id, period: period.label, at: at.toISOString(), reps: lines };
    },
  );

  app.get(
    "/reps/:repId/alerts",
    {
      schema: {
        summary: "A rep's open pacing alerts (the rep sees theirs at once)",
        tags: ["targets"],
        params: repParamsSchema,
        querystring: z.object({ resolved: z.enum(["true", "false"]).default("false") }),
        response: { 200: pacingAlertListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const rep = await visibleRep(db, viewer, request.params.repId);
      // Someone else's alerts (a manager's view) only after the grace period.
      const visibleAt = viewer.id === rep.id ? undefined : now();
      return { alerts: await listPacingAlerts(db, { repIds: [rep.id], now: now(), visibleAt, includeResolved: request.query.resolved === "true" }) };
    },
  );

  app.get(
    "/teams/:teamId/alerts",
    {
      schema: {
        summary: "Open pacing alerts of the team's reps whose grace period has passed",
        tags: ["targets"],
        params: teamParamsSchema,
        querystring: z.object({ resolved: z.enum(["true", "false"]).default("false") }),
        response: { 200: pacingAlertListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      await visibleTeam(db, viewer, request.params.teamId);
      const reps = (await teamReps(db, await teamSubtree(db, request.params.teamId))).filter((r) => canSeeRep(viewer, r) && r.id !== viewer.id);
      return {
        alerts: await listPacingAlerts(db, { repIds: reps.map((r) => r.id), now: now(), visibleAt: now(), includeResolved: request.query.resolved === "true" }),
      };
    },
  );

  app.get(
    "/teams/:teamId/scorecard",
    {
      schema: {
        summary: "Per rep and team totals: outreach, meetings, visits, proposals, next steps against target, and the weighted score",
        tags: ["scorecards"],
        params: teamParamsSchema,
        querystring: periodQuerySchema,
        response: { 200: teamScorecardSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      await visibleTeam(db, viewer, request.params.teamId);
      const card = await teamScorecard(db, { teamId: request.params.teamId, period: periodOrCurrent(request.query.period, now()), now: now() });
      // A rep sees their own row and the team line.
      if (viewer.role === "rep") card.reps = card.reps.filter((r) => r.repId === viewer.id);
      return card;
    },
  );

  app.get(
    "/reps/:repId/kpis",
    {
      schema: {
        summary: "A rep's KPIs for a period (default: the current month)",
        tags: ["scorecards"],
        params: repParamsSchema,
        querystring: periodQuerySchema,
        response: { 200: kpisSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const rep = await visibleRep(db, viewerOf(request), request.params.repId);
      const period = periodOrCurrent(request.query.period, now());
      return kpis(db, { scope: { kind: "rep", rep }, period, now: now() });
    },
  );

  app.get(
    "/teams/:teamId/kpis",
    {
      schema: {
        summary: "A team's KPIs (its reps and those of its sub-teams) for a period (default: the current month)",
        tags: ["scorecards"],
        params: teamParamsSchema,
        querystring: periodQuerySchema,
        response: { 200: kpisSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const team = await visibleTeam(db, viewer, request.params.teamId);
      requireRole(viewer, "manager", "admin");
      const period = periodOrCurrent(request.query.period, now());
      return kpis(db, { scope: { kind: "team", teamId: team.id, name: team.name }, period, now: now() });
    },
  );

  app.get(
    "/teams/:teamId/tiers",
    {
      schema: {
        summary: "Each rep's A/B/C tier month by month, with movements",
        tags: ["scorecards"],
        params: teamParamsSchema,
        querystring: tiersQuerySchema,
        response: { 200: tierHistorySchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      await visibleTeam(db, viewer, request.params.teamId);
      requireRole(viewer, "manager", "admin");
      const last = request.query.to ?? now().toISOString().slice(0, 7);
      return teamTierHistory(db, { teamId: request.params.teamId, months: monthsEnding(last, request.query.months) });
    },
  );

  app.get(
    "/leadership",
    {
      schema: {
        summary: "Managers ranked by team attainment (won ÷ the sum of their reps' quotas); a manager sees their own rows",
        tags: ["scorecards"],
        querystring: periodQuerySchema,
        response: { 200: leadershipSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      requireRole(viewer, "manager", "admin");
      const result = await leadership(db, periodOrCurrent(request.query.period, now()), now());
      if (viewer.role === "manager") result.rows = result.rows.filter((r) => r.managerId === viewer.id);
      return result;
    },
  );

  app.get(
    "/teams/:teamId/settings/:key",
    {
      schema: {
        summary: "A team setting (stageWinRates, scorecard, icp, pacing, tiers): the team's own value and what applies",
        tags: ["settings"],
        params: settingParamsSchema,
        response: { 200: settingResponseSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await visibleTeam(db, viewerOf(request), request.params.teamId);
      return getSetting(db, request.params.teamId, request.params.key);
    },
  );

  app.put(
    "/teams/:teamId/settings/:key",
    {
      schema: {
        summary: "Set a team setting, validated by the domain's schema (the team's manager or an admin); audited",
        tags: ["settings"],
        params: settingParamsSchema,
        body: z.unknown(),
        response: { 200: settingResponseSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      await visibleTeam(db, viewer, request.params.teamId);
      requireTeamManager(viewer, request.params.teamId);
      try {
        return await putSetting(db, { teamId: request.params.teamId, key: request.params.key, value: request.body, actorId: viewer.id });
      } catch (err) {
        if (err instanceof SettingError) throw new AppError("validation", err.message, { fields: [{ field: err.field, reason: err.message }] });
        throw err;
      }
    },
  );
};
