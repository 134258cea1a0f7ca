/**
 * The layers hold: the domain core imports no I/O and reads no clock or randomness, so every
 * formula can be tested with plain values (and frozen time is an argument, not a mock).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

const FORBIDDEN_IMPORTS = [/^node:/, /^(fs|path|http|crypto|child_process)$/, /^pg$/, /^@electric-sql\//, /^drizzle-orm/, /^fastify/, /\/(store|server|cli|demo|import)\//, /^react/];
const FORBIDDEN_CALLS = [/\bDate\.now\(/, /new Date\(\s*\)/, /\bMath\.random\(/, /\bprocess\./];

describe("src/domain", () => {
  const files = sourceFiles("src/domain");

  it("has modules to check", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s imports no I/O and reads no clock or randomness", (file) => {
    const text = fs.readFileSync(file, "utf8");
    const imports = [...text.matchAll(/(?:import|export)[^'"]*from\s+["']([^"']+)["']/g)].map((m) => m[1]!);
    for (const spec of imports) {
      for (const pattern of FORBIDDEN_IMPORTS) expect(spec, `${file} imports ${spec}`).not.toMatch(pattern);
    }
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    for (const pattern of FORBIDDEN_CALLS) expect(code, `${file} uses ${pattern}`).not.toMatch(pattern);
  });
});
