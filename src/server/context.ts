/** What route modules receive: the store, the environment and the clock. */
import type { Env } from "../config.js";
import type { Store } from "../store/db.js";
import type { LoginLimiter } from "./login-limiter.js";
import { errorResponseSchema } from "../schemas/errors.js";

export interface RouteContext {
  store: Store;
  env: Env;
  now: () => Date;
  loginLimiter: LoginLimiter;
}

/** Error responses for the OpenAPI document (they all share one shape). */
export function errorResponses<const S extends readonly number[]>(...statuses: S): { [K in S[number]]: typeof errorResponseSchema } {
  return Object.fromEntries(statuses.map((s) => [s, errorResponseSchema])) as { [K in S[number]]: typeof errorResponseSchema };
}
