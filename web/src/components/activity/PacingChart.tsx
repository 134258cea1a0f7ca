/** Opportunities created so far against the linear schedule to the creation deadline. */
import { ComposedChart, CartesianGrid, Line, ReferenceDot, ReferenceLine, Tooltip, XAxis, YAxis } from "recharts";
import type { PacingStatus, Targets } from "../../api/activityTypes.js";
import { pacingSchedule, pacingSeries, type PacingPoint } from "../../utils/activityCharts.js";
import { niceTicks } from "../../utils/chartScale.js";
import { formatCount } from "../../utils/format.js";
import { formatDay } from "../../utils/periods.js";
import { AXIS_TICK, chartRootProps, COLOURS, TooltipBox, tooltipFor } from "../charts/parts.js";

const MARGIN = { top: 18, right: 12, bottom: 0, left: 0 };
const SCHEDULE = "var(--schedule)";
const STATUS_COLOUR: Record<PacingStatus, string> = { "on-track": COLOURS.proactive, behind: "var(--behind)", "at-risk": "var(--at-risk)" };
const MARK_WORDS: Record<PacingPoint["marks"][number], string> = { start: "period start", now: "today", deadline: "creation deadline", end: "period end" };

const PointTooltip = tooltipFor<PacingPoint>((p) => (
  <TooltipBox
    title={`${formatDay(p.date)} · ${p.marks.map((m) => MARK_WORDS[m]).join(", ")}`}
    rows={[
      ...(p.created === null ? [] : [{ label: "Created so far", value: formatCount(p.created), swatch: "swatch-proactive" }]),
      { label: p.marks.includes("now") ? "Scheduled by now" : "Schedule", value: formatCount(Math.ceil(p.schedule)), swatch: "swatch-schedule" },
    ]}
  />
));

export function PacingChart({ targets, height = 200 }: { targets: Targets; height?: number }) {
  const frame = pacingSchedule(targets);
  if (!frame) return <p className="empty">No plan to pace against: {targets.statusReason}.</p>;
  const inputs = targets.working.inputs as { periodStart: string; periodEnd: string };
  const points = pacingSeries(frame, inputs.periodStart);
  const ticks = niceTicks(Math.max(frame.planned, frame.created, 1));
  const colour = STATUS_COLOUR[targets.status];
  // The day axis is labelled at the period's start, the deadline and the end only.
  const dayLabels = new Map<number, string>([
    [frame.endDay, `to ${formatDay(inputs.periodEnd)}`],
    [frame.deadlineDay, `deadline ${formatDay(targets.creationDeadline)}`],
    [0, formatDay(inputs.periodStart)],
  ]);
  const label = `Opportunities created: ${formatCount(frame.created)} so far against ${formatCount(Math.ceil(frame.scheduled))} scheduled by now, ${formatCount(Math.ceil(frame.planned))} planned by ${formatDay(targets.creationDeadline)}`;
  return (
    <figure className="chart" data-testid="pacing-chart" data-created={frame.created} data-scheduled={frame.scheduled} data-planned={frame.planned}>
      <figcaption className="chart-caption">
        <span className="chart-title">Opportunities created vs schedule</span>
        <span className="legend">
          <span className="legend-item">
            <span className="swatch swatch-proactive" /> Created so far
          </span>
          <span className="legend-item">
            <span className="swatch swatch-schedule" /> Schedule to the deadline
          </span>
        </span>
      </figcaption>
      <div className="chart-body">
        <ComposedChart responsive style={{ width: "100%", height }} data={points} margin={MARGIN} {...chartRootProps(label)}>
          <CartesianGrid vertical={false} stroke={COLOURS.grid} />
          <XAxis
            type="number"
            dataKey="day"
            domain={[0, frame.endDay]}
            ticks={[...dayLabels.keys()].sort((a, b) => a - b)}
            tick={<DayTick labels={dayLabels} end={frame.endDay} />}
            tickLine={false}
            axisLine={false}
            interval={0}
          />
          <YAxis width={34} domain={[0, ticks.at(-1) ?? 1]} ticks={ticks} tickFormatter={formatCount} tick={AXIS_TICK} tickLine={false} axisLine={false} />
          <ReferenceLine x={frame.deadlineDay} stroke={COLOURS.gridStrong} />
          <ReferenceLine x={frame.atDay} stroke={COLOURS.gridStrong} strokeDasharray="2 3" label={{ value: "today", position: "top", fill: COLOURS.muted, fontSize: 11 }} />
          <Tooltip content={PointTooltip} cursor={{ stroke: COLOURS.gridStrong }} isAnimationActive={false} />
          <Line type="linear" dataKey="schedule" stroke={SCHEDULE} strokeWidth={2} strokeDasharray="5 4" dot={false} activeDot={false} isAnimationActive={false} />
          <Line type="linear" dataKey="created" stroke={colour} strokeWidth={2.5} connectNulls dot={false} activeDot={false} isAnimationActive={false} />
          <ReferenceDot x={frame.atDay} y={frame.scheduled} r={4} fill="#fff" stroke={SCHEDULE} strokeWidth={2} />
          <ReferenceDot x={frame.atDay} y={frame.created} r={5} fill={colour} stroke="#fff" strokeWidth={2} />
        </ComposedChart>
      </div>
    </figure>
  );
}

/** A day tick: the first label starts at the axis start, the last ends at its end, the deadline is centred. */
function DayTick({ x, y, payload, labels, end }: { x?: number | string; y?: number | string; payload?: { value: number }; labels: Map<number, string>; end: number }) {
  if (x === undefined || y === undefined || !payload) return null;
  const anchor = payload.value === 0 ? "start" : payload.value === end ? "end" : "middle";
  return (
    <text x={Number(x)} y={Number(y)} dy="0.71em" textAnchor={anchor} fill={AXIS_TICK.fill} fontSize={AXIS_TICK.fontSize}>
      {labels.get(payload.value) ?? ""}
    </text>
  );
}
