/**
 * `npm run bench [-- name…]`: runs the benchmarks in bench/ and writes their figures to
 * docs/PERFORMANCE.md. Big data lives here, never in the test suite.
 */
import { explanationBench } from "./explanation.js";
import { importBench } from "./import.js";
import { pacingBench } from "./pacing.js";
import { routingBench } from "./routing.js";
import { scorecardBench } from "./scorecard.js";

export interface Bench {
  name: string;
  description: string;
  run(): Promise<void>;
}

const benches: Bench[] = [importBench, routingBench, explanationBench, scorecardBench, pacingBench];

const wanted = process.argv.slice(2);
for (const bench of benches) {
  if (wanted.length && !wanted.includes(bench.name)) continue;
  process.stderr.write(`\n▶ ${bench.name}: ${bench.description}\n`);
  const started = performance.now();
  await bench.run();
  process.stderr.write(`✓ ${bench.name} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}
