/**
 * THE expected access matrix: every API route × role × scope → allowed / forbidden /
 * unauthenticated. test/security/access-matrix.test.ts checks the server against it (and
 * fails on a route that has no entry); scripts/security-matrix.ts renders it into
 * docs/SECURITY.md. Edit here, then run `npx tsx scripts/security-matrix.ts`.
 *
 * Viewers: rep = a1 (team Alpha), manager = mA (manages Alpha), admin (no team).
 * Scopes, by what the route's path or body points at:
 * - team routes:   ownTeam (Alpha) / otherTeam (Beta);
 * - record routes: ownRecord (the viewer's own: themselves, their visit, their token) /
 *                  teamRecord (a1's for the manager and admin, a2's for a1) / otherRecord (b1's, team Beta);
 * - any: the route points at nothing (lists, forms, the viewer's own session).
 * "forbidden" is 403, or 404 where the route hides that the record exists (other people's tokens).
 * "invalid" is a 400 for a target the action makes no sense for (a 1:1 with oneself).
 * Routes keyed by a manager (coaching queue, calendar): own = the viewer's; team's and other
 * team's = the manager of the cell's person (a rep's own manager; for a manager, themselves).
 * 1:1 records: the 1:1 about the cell's person, held by their manager (admin when they have none).
 * Lists that are allowed but filtered (a rep's team scorecard, visits, alerts) are checked
 * for leaks in access-visibility.test.ts.
 */
export const EXPECTS = ["allowed", "forbidden", "unauthenticated", "invalid"] as const;
export type Expect = (typeof EXPECTS)[number];
export const ROLES = ["rep", "manager", "admin"] as const;
export type MatrixRole = (typeof ROLES)[number];
export type ScopeKind = "any" | "team" | "record";
export const SCOPES = { any: ["any"], team: ["ownTeam", "otherTeam"], record: ["ownRecord", "teamRecord", "otherRecord"] } as const;
export type Scope = (typeof SCOPES)[ScopeKind][number];

export interface MatrixEntry {
  scope: ScopeKind;
  /** Without credentials. */
  anonymous: Expect;
  /** Per role, one expectation per scope of the kind, in the order of SCOPES[scope]. */
  rep: Expect[];
  manager: Expect[];
  admin: Expect[];
  /** Why, in a few words (shown in docs/SECURITY.md). */
  note?: string;
}

const A: Expect = "allowed";
const F: Expect = "forbidden";
const U: Expect = "unauthenticated";
const I: Expect = "invalid";

const open = (note?: string): MatrixEntry => ({ scope: "any", anonymous: A, rep: [A], manager: [A], admin: [A], note });
const signedIn = (note?: string): MatrixEntry => ({ scope: "any", anonymous: U, rep: [A], manager: [A], admin: [A], note });
const any = (rep: Expect, manager: Expect, admin: Expect, note?: string): MatrixEntry => ({ scope: "any", anonymous: U, rep: [rep], manager: [manager], admin: [admin], note });
const team = (rep: Expect[], manager: Expect[], admin: Expect[], note?: string): MatrixEntry => ({ scope: "team", anonymous: U, rep, manager, admin, note });
const record = (rep: Expect[], manager: Expect[], admin: Expect[], note?: string): MatrixEntry => ({ scope: "record", anonymous: U, rep, manager, admin, note });

/** Members see their team; managers their teams; admins all. */
const memberOfTeam = (note?: string) => team([A, F], [A, F], [A, A], note);
/** Only the team's manager and admins. */
const managerOfTeam = (note?: string) => team([F, F], [A, F], [A, A], note);
/** A rep: only their own; a manager: their own and their teams' reps; admins: everyone. */
const ownOrManaged = (note?: string) => record([A, F, F], [A, A, F], [A, A, A], note);

export const ACCESS_MATRIX: Record<string, MatrixEntry> = {
  "GET /api/v1/health": open("liveness"),
  "GET /api/v1/openapi.json": open("the API description"),
  "POST /api/v1/auth/login": open("sign-in (rate limited)"),
  "POST /api/v1/auth/logout": signedIn(),
  "GET /api/v1/me": signedIn(),
  "GET /api/v1/teams": signedIn("lists only the teams one may see"),
  "GET /api/v1/teams/:teamId": memberOfTeam("a rep sees only their own row"),
  "GET /api/v1/reps/:repId": ownOrManaged(),
  "POST /api/v1/tokens": signedIn("a token for oneself"),
  "GET /api/v1/tokens": signedIn("one's own tokens"),
  "DELETE /api/v1/tokens/:id": record([A, F, F], [A, F, F], [A, A, A], "own tokens; admins any; others' are 404"),
  "POST /api/v1/import/:entity": any(F, F, A, "admins only"),
  "POST /api/v1/activities": ownOrManaged("scope = the body's repId"),
  "POST /api/v1/activities/bulk": ownOrManaged("rows for people one may not log for are refused"),
  "GET /api/v1/reps/:repId/activities": ownOrManaged(),
  "POST /api/v1/visits/check-in": ownOrManaged("scope = the body's repId"),
  "POST /api/v1/visits/:id/check-out": ownOrManaged("scope = whose visit"),
  "GET /api/v1/teams/:teamId/visits/stream": memberOfTeam("a rep receives only their own visits"),
  "GET /api/v1/teams/:teamId/visits": memberOfTeam("a rep sees only their own row"),
  "GET /api/v1/reps/:repId/targets": record([A, F, F], [F, A, F], [F, A, A], "targets need a quota: a manager's or admin's own is 404"),
  "GET /api/v1/teams/:teamId/pacing": memberOfTeam("a rep sees only their own line"),
  "GET /api/v1/reps/:repId/alerts": ownOrManaged("pacing alerts are never another rep's"),
  "GET /api/v1/teams/:teamId/alerts": memberOfTeam("a rep gets an empty list: never another rep's alerts"),
  "GET /api/v1/teams/:teamId/scorecard": memberOfTeam("a rep sees their own row and the team line"),
  "GET /api/v1/reps/:repId/kpis": ownOrManaged(),
  "GET /api/v1/teams/:teamId/kpis": managerOfTeam(),
  "GET /api/v1/teams/:teamId/tiers": managerOfTeam(),
  "GET /api/v1/leadership": any(F, A, A, "a manager sees their own rows"),
  "GET /api/v1/teams/:teamId/settings/:key": memberOfTeam(),
  "PUT /api/v1/teams/:teamId/settings/:key": managerOfTeam(),
  "GET /api/v1/accounts": signedIn("names only, for typeaheads"),
  "POST /api/v1/leads": managerOfTeam("scope = the lead's team"),
  "POST /api/v1/leads/bulk": managerOfTeam("scope = the leads' team"),
  "GET /api/v1/teams/:teamId/routing-settings": managerOfTeam(),
  "PUT /api/v1/teams/:teamId/routing-settings": managerOfTeam(),
  "POST /api/v1/teams/:teamId/routing-preview": managerOfTeam("changes nothing"),
  "GET /api/v1/teams/:teamId/lead-feed": memberOfTeam("lead decisions are public to the team (D1)"),
  "GET /api/v1/teams/:teamId/lead-feed/:decisionId": memberOfTeam("one decision of that feed, every rep's numbers"),
  "GET /api/v1/reps/:repId/next-lead": ownOrManaged(),
  "GET /api/v1/audit": any(F, F, A, "admins only"),
  "GET /api/v1/teams/:teamId/export/activities.csv": managerOfTeam(),
  "GET /api/v1/teams/:teamId/export/opportunities.csv": managerOfTeam(),
  // The cadence (D3, D5): a rep never sees another rep's updates, requests, 1:1s or nudges.
  "POST /api/v1/updates": signedIn("always the viewer's own update; a deal named must be theirs"),
  "POST /api/v1/requests": record([F, F, F], [I, A, F], [I, A, A], "scope = the body's rep; asked of someone else"),
  "POST /api/v1/promises/:id/kept": record([A, F, F], [A, F, F], [A, F, F], "only the one who promised marks it (their word)"),
  "POST /api/v1/promises/:id/broken": record([A, F, F], [A, F, F], [A, F, F], "only the one who promised marks it (their word)"),
  "GET /api/v1/reps/:repId/week": ownOrManaged("updates to, and requests from, the manager"),
  "GET /api/v1/teams/:teamId/cadence": managerOfTeam(),
  "GET /api/v1/teams/:teamId/stale": managerOfTeam("escalated nudges only"),
  "GET /api/v1/reps/:repId/one-on-one-schedule": ownOrManaged(),
  "PUT /api/v1/reps/:repId/one-on-one-schedule": record([F, F, F], [I, A, F], [I, A, A], "a 1:1 is with someone else"),
  "GET /api/v1/managers/:managerId/coaching-queue": record([A, F, F], [A, A, F], [A, A, A], "one's own queue (its agendas); admins any"),
  "GET /api/v1/managers/:managerId/cadence.ics": record([A, F, F], [A, A, F], [A, A, A], "one's own calendar; admins any"),
  "GET /api/v1/one-on-ones/:id": ownOrManaged("notes: the rep, their manager, admins"),
  "GET /api/v1/reps/:repId/one-on-ones": ownOrManaged("notes: the rep, their manager, admins"),
  "POST /api/v1/one-on-ones/:id/hold": record([F, F, F], [F, A, F], [A, A, A], "the 1:1's manager (not the one coached), admins"),
  "POST /api/v1/webhooks": any(F, F, A, "admins only; the secret is shown once"),
  "GET /api/v1/webhooks": any(F, F, A, "admins only; no secrets"),
  "DELETE /api/v1/webhooks/:id": any(F, F, A, "admins only"),
};
