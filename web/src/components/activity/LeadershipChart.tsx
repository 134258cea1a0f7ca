/** Managers ranked by team attainment: one horizontal bar each, with the 100% target line. */
import { Bar, BarChart, CartesianGrid, ReferenceLine, Tooltip, XAxis, YAxis, type BarShapeProps } from "recharts";
import type { Leadership } from "../../api/activityTypes.js";
import { attainmentAxisTop } from "../../utils/activityCharts.js";
import { formatMoney, formatShare } from "../../utils/format.js";
import { AXIS_TICK, BAR_CURSOR, chartRootProps, COLOURS, ROW_LABEL_AXIS, ROW_VALUE_AXIS, TooltipBox, tooltipFor } from "../charts/parts.js";
import { CountTick, TwoLineTick } from "../charts/ticks.js";

type Row = Leadership["rows"][number];
interface Datum extends Row {
  key: string;
  /** The bar's length: attainment capped at the axis top, 0 without a target. */
  shown: number;
}

const ROW = 42;
const NAME_WIDTH = 190;
const VALUE_WIDTH = 120;
const MARGIN = { top: 18, right: 0, bottom: 0, left: 0 };

function AttainmentBar({ x, y, width, height, payload }: BarShapeProps) {
  const row = payload as Datum;
  const met = row.attainment !== null && row.attainment >= 1;
  return (
    <g data-testid="leadership-row" data-manager-id={row.managerId} data-attainment={row.attainment ?? ""}>
      {width > 0 && <rect className={met ? "lead-bar lead-met" : "lead-bar"} x={x} y={y} width={width} height={height} rx={3} />}
    </g>
  );
}

const RowTooltip = tooltipFor<Datum>((row) => (
  <TooltipBox
    title={`${row.rank}. ${row.managerName} · ${row.teamName}`}
    rows={[
      { label: "Attainment", value: formatShare(row.attainment), swatch: row.attainment !== null && row.attainment >= 1 ? "swatch-proactive" : "swatch-below" },
      { label: "Won", value: formatMoney(row.won) },
      { label: "Target", value: row.target > 0 ? formatMoney(row.target) : "none" },
    ]}
  />
));

export function LeadershipChart({ rows }: { rows: Leadership["rows"] }) {
  const top = attainmentAxisTop(rows);
  const ticks = Array.from({ length: Math.round(top / 0.25) + 1 }, (_, i) => i * 0.25);
  const data: Datum[] = rows.map((row) => ({ ...row, key: `${row.managerId}:${row.teamId}`, shown: Math.min(row.attainment ?? 0, top) }));
  const byKey = new Map(data.map((d) => [d.key, d]));
  const met = rows.filter((r) => r.attainment !== null && r.attainment >= 1).length;
  const summary = `Team attainment against target, by manager: ${met} of ${rows.length} at or above target. ${rows
    .map((r) => `${r.rank}. ${r.managerName}, ${r.teamName}: ${formatShare(r.attainment)}`)
    .join("; ")}.`;
  return (
    <div className="chart-body" data-testid="leadership-chart">
      <BarChart responsive layout="vertical" style={{ width: "100%", height: rows.length * ROW + MARGIN.top + 24 }} data={data} margin={MARGIN} barCategoryGap={10} {...chartRootProps(summary)}>
        <CartesianGrid horizontal={false} stroke={COLOURS.grid} />
        <XAxis type="number" domain={[0, top]} ticks={ticks} tickFormatter={(t: number) => formatShare(t)} tick={AXIS_TICK} tickLine={false} axisLine={false} />
        <YAxis
          {...ROW_LABEL_AXIS}
          dataKey="key"
          width={NAME_WIDTH}
          tick={
            <TwoLineTick
              text={(key) => {
                const row = byKey.get(key);
                return { name: row ? `${row.rank}. ${row.managerName}` : key, detail: row?.teamName ?? "" };
              }}
            />
          }
        />
        <YAxis
          {...ROW_VALUE_AXIS}
          yAxisId="value"
          dataKey="key"
          width={VALUE_WIDTH}
          tick={
            <CountTick
              axisWidth={VALUE_WIDTH}
              labelClass="chart-label"
              text={(key) => {
                const row = byKey.get(key);
                return !row ? "" : row.attainment === null ? "no target" : `${formatShare(row.attainment)} · ${formatMoney(row.won)}`;
              }}
            />
          }
        />
        <Tooltip content={RowTooltip} cursor={BAR_CURSOR} isAnimationActive={false} />
        <Bar dataKey="shown" background={{ fill: "#f4f5f9", radius: 3 }} shape={AttainmentBar} isAnimationActive={false} />
        <ReferenceLine x={1} stroke={COLOURS.text} strokeWidth={2} label={{ value: "target", position: "top", fill: COLOURS.text, fontSize: 11 }} />
      </BarChart>
    </div>
  );
}
