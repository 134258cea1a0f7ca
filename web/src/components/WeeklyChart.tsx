/** Stacked weekly bars: proactive work at the base (the part that matters), reactive on top. */
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type BarShapeProps } from "recharts";
import type { WeekActivity } from "../api/types.js";
import { niceTicks } from "../utils/chartScale.js";
import { formatCount, formatShare, formatWeekLabel, formatWeekTitle, shareOf } from "../utils/format.js";
import { AXIS_TICK, BAR_CURSOR, chartRootProps, COLOURS, TooltipBox, tooltipFor } from "./charts/parts.js";

const MARGIN = { top: 8, right: 8, bottom: 0, left: 0 };

/** The proactive bar, carrying its week's numbers for tests and tools to read. */
function ProactiveBar({ x, y, width, height, payload }: BarShapeProps) {
  const week = payload as WeekActivity;
  return (
    <g className="chart-week" data-week={week.weekStart} data-proactive={week.proactive} data-reactive={week.reactive}>
      {height > 0 && <rect className="bar-proactive" x={x} y={y} width={width} height={height} rx={2} />}
    </g>
  );
}

const WeekTooltip = tooltipFor<WeekActivity>((week) => (
  <TooltipBox
    title={formatWeekTitle(week.weekStart)}
    rows={[
      { label: "Proactive", value: formatCount(week.proactive), swatch: "swatch-proactive" },
      { label: "Reactive", value: formatCount(week.reactive), swatch: "swatch-reactive" },
    ]}
    note={`${formatShare(shareOf(week.proactive, week.proactive + week.reactive))} proactive`}
  />
));

export function WeeklyChart({ weeks, label, height = 180 }: { weeks: readonly WeekActivity[]; label: string; height?: number }) {
  const ticks = niceTicks(Math.max(0, ...weeks.map((w) => w.proactive + w.reactive)));
  const totalProactive = weeks.reduce((sum, w) => sum + w.proactive, 0);
  const total = weeks.reduce((sum, w) => sum + w.proactive + w.reactive, 0);
  const summary = `${label}: ${formatCount(totalProactive)} proactive of ${formatCount(total)} activities over ${weeks.length} weeks (${formatShare(shareOf(totalProactive, total))}).`;

  return (
    <figure className="chart" data-testid="weekly-chart">
      <figcaption className="chart-caption">
        <span className="chart-title">{label}</span>
        <span className="legend">
          <span className="legend-item">
            <span className="swatch swatch-proactive" /> Proactive
          </span>
          <span className="legend-item">
            <span className="swatch swatch-reactive" /> Reactive
          </span>
        </span>
      </figcaption>
      <div className="chart-body">
        <BarChart responsive style={{ width: "100%", height }} data={weeks as WeekActivity[]} margin={MARGIN} barCategoryGap="32%" {...chartRootProps(summary)}>
          <CartesianGrid vertical={false} stroke={COLOURS.grid} />
          <XAxis dataKey="weekStart" tickFormatter={formatWeekLabel} tick={AXIS_TICK} tickLine={false} axisLine={false} interval="preserveEnd" minTickGap={6} />
          <YAxis width={34} domain={[0, ticks.at(-1) ?? 1]} ticks={ticks} tickFormatter={formatCount} tick={AXIS_TICK} tickLine={false} axisLine={false} />
          <Tooltip content={WeekTooltip} cursor={BAR_CURSOR} isAnimationActive={false} />
          <Bar dataKey="proactive" stackId="week" fill={COLOURS.proactive} maxBarSize={36} shape={ProactiveBar} isAnimationActive={false} />
          <Bar dataKey="reactive" stackId="week" fill={COLOURS.reactive} maxBarSize={36} radius={[2, 2, 0, 0]} className="bar-reactive" isAnimationActive={false} />
        </BarChart>
      </div>
    </figure>
  );
}
