/**
 * The preemptive ratio week by week: each bar is the share of that week's updates posted
 * before anyone asked, on a 0–100% scale (the faint track is 100%). A week without updates
 * has no ratio and shows no bar, rather than a misleading 0%.
 */
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type BarShapeProps } from "recharts";
import type { WeekRatio } from "../../api/cadenceTypes.js";
import { formatShare, formatWeekLabel, formatWeekTitle } from "../../utils/format.js";
import { AXIS_TICK, BAR_CURSOR, chartRootProps, COLOURS, TooltipBox, tooltipFor } from "../charts/parts.js";

const MARGIN = { top: 8, right: 8, bottom: 0, left: 0 };
const TICKS = [0, 0.5, 1];

interface Datum extends WeekRatio {
  /** The bar's height: the ratio, 0 for a week without updates (which draws no bar). */
  shown: number;
}

function RatioBar({ x, y, width, height, payload }: BarShapeProps) {
  const week = payload as Datum;
  return (
    <g className="chart-week" data-week={week.weekStart} data-updates={week.updates} data-preemptive={week.preemptive}>
      {week.ratio !== null && height > 0 && <rect className="bar-proactive" x={x} y={y} width={width} height={height} rx={2} />}
    </g>
  );
}

const WeekTooltip = tooltipFor<Datum>((w) => (
  <TooltipBox
    title={formatWeekTitle(w.weekStart)}
    rows={w.updates === 0 ? [] : [{ label: "Before anyone asked", value: `${w.preemptive} of ${w.updates} updates`, swatch: "swatch-proactive" }]}
    note={w.updates === 0 ? "No updates that week" : `${formatShare(w.ratio)} preemptive`}
  />
));

export function RatioTrendChart({ weeks, height = 180 }: { weeks: readonly WeekRatio[]; height?: number }) {
  const data: Datum[] = weeks.map((w) => ({ ...w, shown: w.ratio ?? 0 }));
  const total = weeks.reduce((s, w) => s + w.updates, 0);
  const preemptive = weeks.reduce((s, w) => s + w.preemptive, 0);
  const label = `Preemptive ratio per week: ${preemptive} of ${total} updates before anyone asked over ${weeks.length} weeks.`;
  return (
    <figure className="chart" data-testid="ratio-trend">
      <figcaption className="chart-caption">
        <span className="chart-title">Preemptive ratio per week</span>
        <span className="legend">
          <span className="legend-item">
            <span className="swatch swatch-proactive" /> Before anyone asked
          </span>
        </span>
      </figcaption>
      <div className="chart-body">
        <BarChart responsive style={{ width: "100%", height }} data={data} margin={MARGIN} barCategoryGap="36%" {...chartRootProps(label)}>
          <CartesianGrid vertical={false} stroke={COLOURS.grid} />
          <XAxis dataKey="weekStart" tickFormatter={formatWeekLabel} tick={AXIS_TICK} tickLine={false} axisLine={false} interval="preserveEnd" minTickGap={6} />
          <YAxis width={38} domain={[0, 1]} ticks={TICKS} tickFormatter={(t: number) => formatShare(t)} tick={AXIS_TICK} tickLine={false} axisLine={false} />
          <Tooltip content={WeekTooltip} cursor={BAR_CURSOR} isAnimationActive={false} />
          <Bar dataKey="shown" fill={COLOURS.proactive} maxBarSize={40} background={{ fill: "#f1f3f8", radius: 2 }} shape={RatioBar} isAnimationActive={false} />
        </BarChart>
      </div>
    </figure>
  );
}
