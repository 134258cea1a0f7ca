/** What an import answers (CLI `--json` and the API alike). Zod-only, shared with the web app. */
import { z } from "zod";

export const importErrorSchema = z.object({
  /** Physical line the row starts on; the header is line 1. */
  line: z.number().int().min(1),
  /** Canonical field at fault, or "row" when the row as a whole is (wrong number of cells). */
  field: z.string(),
  reason: z.string(),
});
export type ImportError = z.infer<typeof importErrorSchema>;

export const importReportSchema = z.object({
  /** Data rows read (the header and blank lines are not rows). */
  read: z.number().int().min(0),
  created: z.number().int().min(0),
  updated: z.number().int().min(0),
  unchanged: z.number().int().min(0),
  rejected: z.number().int().min(0),
  /** One entry per bad field of each rejected row, by line; the first 10,000 are kept. */
  errors: z.array(importErrorSchema),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const MAX_REPORTED_ERRORS = 10_000;
