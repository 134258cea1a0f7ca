/**
 * A mapping file says how a CRM export's headers and spellings translate to canonical fields:
 *
 *   {"columns": {"<field>": "<csv header>"}, "values": {"<field>": {"<as written>": "<meant>"}}}
 *
 * Zod-only (no node imports) so the web app can validate a mapping before upload.
 */
import { z } from "zod";
import { fieldNames, type ImportEntity } from "./fields.js";

export const mappingSchema = z
  .object({
    columns: z.record(z.string(), z.string().min(1, "a CSV header name must not be empty")).default({}),
    values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
  })
  .strict();
export type Mapping = z.infer<typeof mappingSchema>;

export const EMPTY_MAPPING: Mapping = { columns: {}, values: {} };

/** Thrown for problems with what the caller asked for (not with a row): a usage error. */
export class ImportUsageError extends Error {}

/** Parses mapping JSON text, or throws `ImportUsageError` naming the problem. */
export function parseMapping(json: string, source = "mapping"): Mapping {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (err) {
    throw new ImportUsageError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = mappingSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(top level)"}: ${i.message}`);
    throw new ImportUsageError(`${source} is not a valid mapping: ${problems.join("; ")}`);
  }
  return parsed.data;
}

/** A mapping may only name canonical fields of the entity; a typo is a usage error. */
export function checkMappingFields(mapping: Mapping, entity: ImportEntity): void {
  const known = new Set(fieldNames(entity));
  for (const section of ["columns", "values"] as const) {
    for (const field of Object.keys(mapping[section])) {
      if (!known.has(field)) {
        throw new ImportUsageError(
          `mapping ${section}.${field}: "${field}" is not a field of ${entity} (fields: ${[...known].join(", ")})`,
        );
      }
    }
  }
}
