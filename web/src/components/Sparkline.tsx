/**
 * A tiny line of weekly counts with the latest week marked. Pass a shared `max` to make
 * several sparklines comparable (the team table does); by default it scales to its own peak.
 *
 * Hand-drawn on purpose, unlike the charts (recharts): one sits in every row of the team
 * table, with no axis, legend or tooltip for a chart library to add, and a recharts chart
 * per row more than doubled the team page's render work in a measurement (6 rows).
 */
export function Sparkline({
  values,
  label,
  max: sharedMax,
  width = 96,
  height = 26,
}: {
  values: readonly number[];
  label: string;
  max?: number;
  width?: number;
  height?: number;
}) {
  const max = Math.max(1, sharedMax ?? 0, ...values);
  const pad = 3;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const points = values.map((value, i) => [pad + i * step, height - pad - (value / max) * (height - 2 * pad)] as const);
  const last = points.at(-1);
  const line = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ");
  const area = points.length > 1 ? `${pad},${height - pad} ${line} ${(width - pad).toFixed(1)},${height - pad}` : "";
  return (
    <svg className="sparkline" width={width} height={height} role="img" aria-label={label} data-values={values.join(",")}>
      <title>{label}</title>
      {area && <polygon className="sparkline-area" points={area} />}
      <polyline className="sparkline-line" points={line} />
      {last && <circle className="sparkline-dot" cx={last[0]} cy={last[1]} r={2.5} />}
    </svg>
  );
}
