/**
 * Spreadsheet exports of a team (and its sub-teams): activities and opportunities as CSV,
 * for the team's manager (or a manager above it) and admins. Text cells are neutralised
 * against formula injection (csv-safe.ts).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { teamParamsSchema } from "../../schemas/teams.js";
import { teamSubtree } from "../../store/activity-history.js";
import { query, sql, type Db } from "../../store/db.js";
import { requireRole, type Viewer } from "../access.js";
import { viewerOf } from "../auth.js";
import { errorResponses, type RouteContext } from "../context.js";
import { forbidden, notFound } from "../errors.js";
import { safeCsv, type CsvValue } from "../csv-safe.js";

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const units = (cents: unknown) => (cents === null || cents === undefined ? null : Number(cents) / 100);

async function exportTeams(db: Db, viewer: Viewer, teamId: number): Promise<number[]> {
  requireRole(viewer, "manager", "admin");
  if (viewer.role !== "admin" && !viewer.managedTeamIds.includes(teamId)) throw forbidden("this team's exports");
  const teams = await teamSubtree(db, teamId);
  if (teams.length === 0) throw notFound("Team");
  return teams;
}

const ACTIVITY_HEADER = ["id", "externalId", "rep", "kind", "proactive", "at", "durationMinutes", "account", "opportunity", "outcome", "latitude", "longitude", "checkOutAt"];

async function activityRows(db: Db, teams: number[]): Promise<CsvValue[][]> {
  const rows = await query<Record<string, string | number | boolean | Date | null>>(
    db,
    sql`select a.id::text as id, a.external_id, u.name as rep, a.kind, a.proactive, a.at, a.duration_minutes, ac.name as account,
               o.external_id as opportunity, a.outcome, a.latitude, a.longitude, a.check_out_at
        from activities a join users u on u.id = a.rep_id
        left join accounts ac on ac.id = a.account_id left join opportunities o on o.id = a.opportunity_id
        where u.team_id in (${sql.join(teams.map((t) => sql`${t}`), sql`, `)})
        order by a.at, a.id`,
  );
  return rows.map((r) => [
    Number(r.id),
    r.external_id as string | null,
    r.rep as string,
    r.kind as string,
    r.proactive as boolean,
    iso(r.at as string),
    num(r.duration_minutes),
    r.account as string | null,
    r.opportunity as string | null,
    r.outcome as string | null,
    num(r.latitude),
    num(r.longitude),
    iso(r.check_out_at as string | null),
  ]);
}

const OPPORTUNITY_HEADER = ["externalId", "owner", "account", "product", "stage", "outcome", "value", "cost", "discountPct", "createdOn", "closedAt", "nextStep", "strategy"];

async function opportunityRows(db: Db, teams: number[]): Promise<CsvValue[][]> {
  const rows = await query<Record<string, string | number | Date | null>>(
    db,
    sql`select o.external_id, u.name as owner, ac.name as account, p.name as product, s.name as stage, o.outcome,
               o.value_cents, o.cost_cents, o.discount_pct, o.created_on, o.closed_at, o.next_step, o.strategy
        from opportunities o join users u on u.id = o.owner_id join stages s on s.id = o.stage_id
        left join accounts ac on ac.id = o.account_id left join products p on p.id = o.product_id
        where u.team_id in (${sql.join(teams.map((t) => sql`${t}`), sql`, `)})
        order by o.external_id`,
  );
  return rows.map((r) => [
    r.external_id as string,
    r.owner as string,
    r.account as string | null,
    r.product as string | null,
    r.stage as string,
    r.outcome as string,
    units(r.value_cents),
    units(r.cost_cents),
    num(r.discount_pct),
    iso(r.created_on as string | null),
    iso(r.closed_at as string | null),
    r.next_step as string | null,
    r.strategy as string | null,
  ]);
}

export const exportRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, { store }) => {
  const db = store.db;
  const csvReply = { 200: z.string().describe("text/csv; charset=utf-8"), ...errorResponses(400, 401, 403, 404) };

  app.get(
    "/teams/:teamId/export/activities.csv",
    {
      schema: {
        summary: "The team's activities as CSV (the team's manager or an admin); formula-like text is neutralised",
        tags: ["exports"],
        params: teamParamsSchema,
        produces: ["text/csv"],
        response: csvReply,
      },
    },
    async (request, reply) => {
      const teams = await exportTeams(db, viewerOf(request), request.params.teamId);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="team-${request.params.teamId}-activities.csv"`)
        .send(safeCsv(ACTIVITY_HEADER, await activityRows(db, teams)));
    },
  );

  app.get(
    "/teams/:teamId/export/opportunities.csv",
    {
      schema: {
        summary: "The team's opportunities as CSV, amounts in currency units (the team's manager or an admin)",
        tags: ["exports"],
        params: teamParamsSchema,
        produces: ["text/csv"],
        response: csvReply,
      },
    },
    async (request, reply) => {
      const teams = await exportTeams(db, viewerOf(request), request.params.teamId);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="team-${request.params.teamId}-opportunities.csv"`)
        .send(safeCsv(OPPORTUNITY_HEADER, await opportunityRows(db, teams)));
    },
  );
};
