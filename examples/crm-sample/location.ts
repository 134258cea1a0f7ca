/**
 * Where the real CRM sample is read from: `../shared/data/crm-sample` (the export as handed to
 * the team) when this checkout sits beside it, else the verbatim copy committed in
 * `examples/crm-sample/data`, so a clone anywhere runs the same tests and benchmarks.
 * `test/crm-sample-copy.test.ts` keeps the copy byte-identical to the original.
 */
import fs from "node:fs";
import path from "node:path";

export const SHARED_SAMPLE_DIR = path.resolve("../shared/data/crm-sample");
export const COPIED_SAMPLE_DIR = path.resolve("examples/crm-sample/data");
export const SAMPLE_FILES = ["products.csv", "accounts.csv", "sales_teams.csv", "sales_pipeline.csv", "data_dictionary.csv"] as const;

export const SAMPLE_DIR = fs.existsSync(path.join(SHARED_SAMPLE_DIR, "sales_pipeline.csv")) ? SHARED_SAMPLE_DIR : COPIED_SAMPLE_DIR;
