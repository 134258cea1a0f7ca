/**
 * Open pipeline by stage as a horizontal funnel: bars centred on one axis, sized by count, the
 * count and value beside. Centred bars rather than recharts' <Funnel> trapezoids: stage counts
 * need not shrink stage by stage, and a trapezoid joining two stages would suggest they do.
 */
import { Bar, BarChart, Tooltip, XAxis, YAxis, type BarShapeProps } from "recharts";
import type { Kpis } from "../../api/activityTypes.js";
import { funnelBars, type FunnelBar } from "../../utils/activityCharts.js";
import { formatCount, formatMoney } from "../../utils/format.js";
import { BAR_CURSOR, chartRootProps, COLOURS, ROW_LABEL_AXIS, ROW_VALUE_AXIS, TooltipBox, tooltipFor } from "../charts/parts.js";
import { SIZES } from "../charts/sizes.js";
import { CountTick, LabelTick } from "../charts/ticks.js";

const VALUE_WIDTH = 112;

/** A stage's bar, carrying its numbers. */
function StageBar({ x, y, width, height, payload }: BarShapeProps) {
  const bar = payload as FunnelBar;
  return (
    <g data-stage={bar.stage} data-count={bar.count} data-value={bar.value}>
      {width > 0 && <rect className="funnel-bar" x={x} y={y} width={width} height={height} rx={3} />}
    </g>
  );
}

const StageTooltip = tooltipFor<FunnelBar>((bar) => (
  <TooltipBox
    title={bar.stage}
    rows={[
      { label: "Open opportunities", value: formatCount(bar.count), swatch: "swatch-proactive" },
      { label: "Value", value: formatMoney(bar.value) },
    ]}
  />
));

export function FunnelChart({ pipeline }: { pipeline: Kpis["pipeline"] }) {
  const bars = funnelBars(pipeline);
  const byStage = new Map(bars.map((b) => [b.stage, b]));
  const total = bars.reduce((sum, b) => sum + b.count, 0);
  const summary = `Open pipeline by stage: ${formatCount(total)} opportunities; ${bars.map((b) => `${b.stage} ${formatCount(b.count)} (${formatMoney(b.value)})`).join(", ")}.`;
  return (
    <div className="funnel" data-testid="funnel">
      <BarChart responsive layout="vertical" style={{ width: "100%", height: bars.length * SIZES.funnelRow }} data={bars} margin={{ top: 0, right: 0, bottom: 0, left: 0 }} barCategoryGap={5} {...chartRootProps(summary)}>
        <XAxis type="number" hide domain={[0, 1]} />
        <YAxis {...ROW_LABEL_AXIS} dataKey="stage" width={104} tickMargin={8} tick={<LabelTick labelClass="chart-label chart-label-dark" />} />
        <YAxis
          {...ROW_VALUE_AXIS}
          yAxisId="value"
          dataKey="stage"
          width={VALUE_WIDTH}
          tick={
            <CountTick
              axisWidth={VALUE_WIDTH}
              labelClass="chart-label"
              text={(stage) => {
                const bar = byStage.get(stage);
                return bar ? `${formatCount(bar.count)} · ${formatMoney(bar.value)}` : "";
              }}
            />
          }
        />
        <Tooltip content={StageTooltip} cursor={BAR_CURSOR} isAnimationActive={false} />
        <Bar dataKey="span" fill={COLOURS.proactive} background={{ fill: "#f4f5f9", radius: 3 }} shape={StageBar} isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
