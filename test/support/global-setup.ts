import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import pg from "pg";
import { ensurePgliteTemplate, ensurePostgresTemplate, TEST_DATABASE_URL } from "./templates.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
    testRunId: string;
  }
}

export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const [pgliteTemplate, postgresTemplate] = await Promise.all([ensurePgliteTemplate(), ensurePostgresTemplate()]);
  project.provide("pgliteTemplate", pgliteTemplate);
  project.provide("postgresTemplate", postgresTemplate);
  project.provide("testRunId", runId);
  return async () => {
    // The browser demo's dump (test/support/browser-demo.ts), if a browser test built one.
    for (const file of fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`proactive-browser-demo-${runId}`))) {
      fs.rmSync(path.join(os.tmpdir(), file), { force: true });
    }
    // Drop any database a crashed test file left behind.
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where datname like $1", [
      `proactive_t_${runId}_%`,
    ]);
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.end();
  };
}
