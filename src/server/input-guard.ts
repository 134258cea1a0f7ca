/**
 * Text PostgreSQL cannot store, refused at the edge with the field named: the NUL character
 * (U+0000) is not allowed in `text` or `jsonb`, so a value carrying one would otherwise reach
 * the database and fail there as a server fault. Checks the path parameters, the query string
 * and the body (JSON at any depth; a CSV or NDJSON body by line) before validation.
 */
import type { FastifyInstance } from "fastify";
import { AppError, type FieldError } from "./errors.js";

const NUL = "\u0000";

function findNul(value: unknown, path: string[], out: FieldError[], depth = 0): void {
  if (out.length > 0 || depth > 64) return;
  if (typeof value === "string") {
    if (value.includes(NUL)) out.push({ field: path.join(".") || "body", reason: "contains a NUL character (U+0000), which cannot be stored" });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => findNul(v, [...path, String(i)], out, depth + 1));
    return;
  }
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes(NUL)) out.push({ field: [...path, k.replaceAll(NUL, "\\u0000")].join("."), reason: "a key contains a NUL character (U+0000)" });
      else findNul(v, [...path, k], out, depth + 1);
    }
  }
}

export function registerInputGuard(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    const fields: FieldError[] = [];
    findNul(request.params, [], fields);
    findNul(request.query, [], fields);
    if (typeof request.body === "string") {
      const at = request.body.indexOf(NUL);
      if (at >= 0) {
        const line = request.body.slice(0, at).split("\n").length;
        fields.push({ field: "body", reason: `line ${line} contains a NUL character (U+0000), which cannot be stored` });
      }
    } else findNul(request.body, [], fields);
    if (fields.length) throw new AppError("validation", `Invalid input: ${fields[0]!.field}: ${fields[0]!.reason}`, { fields });
  });
}
