/** Leads per rep, actual beside preview: two bars each, on one scale. */
import { Bar, BarChart, Tooltip, XAxis, YAxis, type BarShapeProps } from "recharts";
import { formatCount } from "../../utils/format.js";
import { BAR_CURSOR, chartRootProps, COLOURS, ROW_LABEL_AXIS, ROW_VALUE_AXIS, TooltipBox, tooltipFor } from "../charts/parts.js";
import { LabelTick } from "../charts/ticks.js";

const ROW = 26;
const VALUES_WIDTH = 72;

interface Datum {
  rep: string;
  actual: number;
  preview: number;
}

/** The preview bar (the lower of the two), carrying the rep's numbers. */
function PreviewBar({ x, y, width, height, payload }: BarShapeProps) {
  const d = payload as Datum;
  return (
    <g className="per-rep-row" data-rep={d.rep} data-actual={d.actual} data-preview={d.preview}>
      {width > 0 && <rect className="per-rep-preview" x={x} y={y} width={width} height={height} rx={height / 2} />}
    </g>
  );
}

const RepTooltip = tooltipFor<Datum>((d) => (
  <TooltipBox
    title={d.rep}
    rows={[
      { label: "Actually routed", value: `${formatCount(d.actual)} ${d.actual === 1 ? "lead" : "leads"}`, swatch: "swatch-actual" },
      { label: "In the preview", value: `${formatCount(d.preview)} ${d.preview === 1 ? "lead" : "leads"}`, swatch: "swatch-proactive" },
    ]}
  />
));

export function PreviewPerRep({ actual, preview }: { actual: Record<string, number>; preview: Record<string, number> }) {
  const reps = [...new Set([...Object.keys(actual), ...Object.keys(preview)])].sort(
    (a, b) => (preview[b] ?? 0) - (preview[a] ?? 0) || (actual[b] ?? 0) - (actual[a] ?? 0) || a.localeCompare(b),
  );
  if (reps.length === 0) return null;
  const data: Datum[] = reps.map((rep) => ({ rep, actual: actual[rep] ?? 0, preview: preview[rep] ?? 0 }));
  const byRep = new Map(data.map((d) => [d.rep, d]));
  const max = Math.max(1, ...data.map((d) => Math.max(d.actual, d.preview)));
  const summary = `Leads per rep, actual then preview: ${data.map((d) => `${d.rep} ${formatCount(d.actual)} → ${formatCount(d.preview)}`).join(", ")}.`;
  return (
    <figure className="per-rep" data-testid="preview-per-rep">
      <figcaption className="legend">
        <span className="legend-item">
          <span className="swatch swatch-actual" /> Actual
        </span>
        <span className="legend-item">
          <span className="swatch swatch-proactive" /> Preview
        </span>
      </figcaption>
      <BarChart responsive layout="vertical" style={{ width: "100%", height: data.length * ROW }} data={data} margin={{ top: 0, right: 0, bottom: 0, left: 0 }} barCategoryGap={5} barGap={2} {...chartRootProps(summary)}>
        <XAxis type="number" hide domain={[0, max]} />
        <YAxis {...ROW_LABEL_AXIS} dataKey="rep" width={150} tick={<LabelTick labelClass="chart-label chart-label-dark" />} />
        <YAxis {...ROW_VALUE_AXIS} yAxisId="values" dataKey="rep" width={VALUES_WIDTH} tick={<ValuesTick byRep={byRep} />} />
        <Tooltip content={RepTooltip} cursor={BAR_CURSOR} isAnimationActive={false} />
        <Bar dataKey="actual" fill={COLOURS.reactive} background={{ fill: "#f4f5f9", radius: 3.5 }} radius={3.5} isAnimationActive={false} />
        <Bar dataKey="preview" fill={COLOURS.proactive} background={{ fill: "#f4f5f9", radius: 3.5 }} shape={PreviewBar} isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}

/** "3 → 5", the preview in bold, right-aligned at the edge. */
function ValuesTick({ x, y, payload, byRep }: { x?: number | string; y?: number | string; payload?: { value: string }; byRep: Map<string, Datum> }) {
  const d = payload && byRep.get(String(payload.value));
  if (x === undefined || y === undefined || !d) return null;
  return (
    <text className="chart-label chart-label-dark" x={Number(x) + VALUES_WIDTH} y={Number(y)} dy="0.32em" textAnchor="end">
      {formatCount(d.actual)} → <tspan fontWeight={700}>{formatCount(d.preview)}</tspan>
    </text>
  );
}
