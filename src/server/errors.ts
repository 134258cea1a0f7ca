/**
 * Typed application errors. Routes throw these; the error handler in app.ts maps every
 * error (these, validation, fastify's own) to the one response shape, once.
 */
export const ERROR_STATUS = {
  validation: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  field: string;
  reason: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { fields?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const unauthenticated = () => new AppError("unauthenticated", "Sign in, or send an API token as `Authorization: Bearer <token>`.");
export const forbidden = (what = "this") => new AppError("forbidden", `You may not see or change ${what}.`);
export const notFound = (what: string) => new AppError("not_found", `${what} not found.`);

/** The code for an HTTP status that did not come from an AppError (fastify's own errors). */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 413:
      return "too_large";
    case 415:
      return "unsupported_media_type";
    case 429:
      return "rate_limited";
    default:
      return status >= 500 ? "internal" : "bad_request";
  }
}
