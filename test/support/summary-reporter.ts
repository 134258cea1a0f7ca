/**
 * Prints the plain closing line CI reads: `N passed, N failed` (after `N skipped`, if any).
 * A test file that fails to load or whose hooks throw, and an unhandled error, count as failures.
 */
import type { Reporter, TestModule } from "vitest/node";
import type { SerializedError } from "vitest";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failedHere++;
        else skipped++;
      }
      // A file can fail with no failed test: it did not load, or a beforeAll/afterAll hook threw
      // (its tests then show as skipped). That is a failure too.
      if (failedHere === 0 && module.state() === "failed") failedHere = 1;
      failed += failedHere;
    }
    // Skipped tests on a line of their own: the last line is exactly "N passed, N failed".
    process.stdout.write(`\n${skipped ? `${skipped} skipped\n` : ""}${passed} passed, ${failed} failed\n`);
  }
}
