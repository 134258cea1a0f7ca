import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { repDetailSchema, repParamsSchema, teamDetailSchema, teamListSchema, teamParamsSchema } from "../../schemas/teams.js";
import { findPerson, findTeam, listTeamMembers, listTeams, repSummaries } from "../../store/team-summaries.js";
import { canSeeRep, requireRep, requireTeam, visibleTeamIds } from "../access.js";
import { viewerOf } from "../auth.js";
import { errorResponses, type RouteContext } from "../context.js";
import { notFound } from "../errors.js";

export const teamRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { store, now }) => {
  const db = store.db;

  app.get(
    "/teams",
    {
      schema: {
        summary: "The teams the signed-in user may see (a rep: their own team)",
        tags: ["teams"],
        response: { 200: teamListSchema, ...errorResponses(401) },
      },
    },
    async (request) => listTeams(db, visibleTeamIds(viewerOf(request))),
  );

  app.get(
    "/teams/:teamId",
    {
      schema: {
        summary: "A team and a summary per member (a rep sees only their own row)",
        tags: ["teams"],
        params: teamParamsSchema,
        response: { 200: teamDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      requireTeam(viewer, request.params.teamId);
      const team = await findTeam(db, request.params.teamId);
      if (!team) throw notFound("Team");
      const members = (await listTeamMembers(db, team.id)).filter((m) => canSeeRep(viewer, m));
      return { team, reps: await repSummaries(db, members, now()) };
    },
  );

  app.get(
    "/reps/:repId",
    {
      schema: {
        summary: "One person's summary",
        tags: ["teams"],
        params: repParamsSchema,
        response: { 200: repDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      const person = await findPerson(db, request.params.repId);
      if (!person) throw notFound("Person");
      requireRep(viewer, person);
      const [summary] = await repSummaries(db, [person], now());
      return { rep: { ...summary!, teamId: person.teamId, teamName: person.teamName, managerName: person.managerName } };
    },
  );
};
