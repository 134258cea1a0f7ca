/** Axis maths for the small bar charts. */

/**
 * Ticks for an axis of whole counts from 0 to at least `max`: about `count` steps of
 * 1, 2 or 5 × 10^n, the last tick being the axis top.
 */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude);
  const ticks = [0];
  let top = 0;
  while (top < max) {
    top += step;
    ticks.push(top);
  }
  return ticks;
}
