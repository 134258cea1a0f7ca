/**
 * The one place errors become HTTP answers: AppErrors keep their code, validation failures
 * name their fields, constraint violations are conflicts, and a server fault says nothing
 * about its insides to the client (the log gets them, without query parameters).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { ErrorResponse } from "../schemas/errors.js";
import { AppError, codeForStatus, type FieldError } from "./errors.js";

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body, headers } = toErrorResponse(error);
  if (status >= 500) request.log.error({ err: loggableError(error) }, "request failed");
  return reply
    .code(status)
    .headers(headers ?? {})
    .send(body);
}

export function toErrorResponse(error: FastifyError): { status: number; body: ErrorResponse; headers?: Record<string, string> } {
  if (error instanceof AppError) {
    const fields = error.options.fields;
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, ...(fields ? { fields } : {}) } },
      headers: error.options.headers,
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const part = error.validationContext ?? "body";
    const fields: FieldError[] = error.validation.map((issue) => ({
      field: issue.instancePath.split("/").filter(Boolean).join(".") || part,
      reason: issue.message ?? "is not valid",
    }));
    const summary = fields.map((f) => `${f.field}: ${f.reason}`).join("; ");
    return { status: 400, body: { error: { code: "validation", message: `Invalid ${part}: ${summary}`, fields } } };
  }
  const constraint = postgresConstraintError(error);
  if (constraint) return { status: 409, body: { error: { code: "conflict", message: constraint } } };
  const status = typeof error.statusCode === "number" && error.statusCode >= 400 ? error.statusCode : 500;
  const code = codeForStatus(status);
  if (status >= 500) return { status, body: { error: { code, message: "Something went wrong on the server; it has been logged." } } };
  const message =
    code === "too_large" ? "The request body is too large." : code === "unsupported_media_type" ? `${error.message}.` : error.message;
  const field = frameworkErrorField(error, status);
  return { status, body: { error: { code, message, ...(field ? { fields: [{ field, reason: message }] } : {}) } } };
}

/**
 * Fastify's own refusals (before any route code) name the part at fault like validation
 * errors do: a URL that cannot be decoded, a body that is not what its content type says or
 * is too large, a content type no route takes.
 */
function frameworkErrorField(error: FastifyError, status: number): string | undefined {
  if (error.code === "FST_ERR_BAD_URL") return "url";
  if (status === 413 || (status === 400 && (error.code?.startsWith("FST_ERR_CTP") || error instanceof SyntaxError))) return "body";
  if (status === 415) return "content-type";
  return undefined;
}

/**
 * A unique or foreign-key violation is a conflict with the data, not a server fault. Both
 * drivers put the SQLSTATE in `code`; Drizzle wraps the driver's error as its `cause`.
 */
function postgresConstraintError(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 3; e = e.cause as typeof e, depth++) {
    if (e.code === "23505") return "That already exists (a unique value is taken).";
    if (e.code === "23503") return "That refers to something that does not exist, or is still referred to.";
  }
  return undefined;
}

/**
 * A failed query's message carries its parameters (hashes, personal data), and PostgreSQL
 * quotes offending values in its own message: log the SQL, the SQLSTATE and the stack only.
 */
function loggableError(error: Error): Error | Record<string, unknown> {
  const failed = error as Error & { query?: unknown; params?: unknown; cause?: { message?: string; code?: unknown } };
  if (typeof failed.query !== "string" || !("params" in failed)) return error;
  return {
    type: failed.name,
    message: "Failed query",
    query: failed.query,
    cause: failed.cause?.message?.replace(/"[^"]*"/g, '"…"'),
    code: failed.cause?.code,
    stack: failed.stack?.split("\n").filter((line) => line.startsWith("    at ")).join("\n"),
  };
}
