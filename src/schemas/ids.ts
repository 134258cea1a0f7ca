/**
 * Ids at the edge. People, teams, accounts, tokens and webhooks have `serial` ids: PostgreSQL's
 * `integer`, which ends at 2^31 − 1, so a larger id is refused here with the field named, not
 * by the database as a server fault. Activities, opportunities, 1:1s, promises and audit rows
 * have `bigserial` ids, up to JavaScript's 2^53 − 1 (zod's int() bound).
 */
import { z } from "zod";

export const INT4_MAX = 2_147_483_647;

/** A serial id in a JSON body. */
export const intIdSchema = z.number().int().positive().max(INT4_MAX);
/** A serial id in a path or query string. */
export const intIdParam = z.coerce.number().int().positive().max(INT4_MAX);
/** A bigserial id in a path or query string. */
export const bigIdParam = z.coerce.number().int().positive();
