/** Opportunities created so far against the linear schedule to the creation deadline. */
import type { Targets } from "../../api/activityTypes.js";
import { useElementWidth } from "../../hooks/useElementWidth.js";
import { pacingSchedule } from "../../utils/activityCharts.js";
import { niceTicks } from "../../utils/chartScale.js";
import { formatCount } from "../../utils/format.js";
import { formatDay } from "../../utils/periods.js";

const MARGIN = { top: 12, right: 16, bottom: 26, left: 34 };

export function PacingChart({ targets, height = 200 }: { targets: Targets; height?: number }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(520);
  const frame = pacingSchedule(targets);
  if (!frame) return <p className="empty">No plan to pace against: {targets.statusReason}.</p>;
  const plotW = Math.max(120, width - MARGIN.left - MARGIN.right);
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const ticks = niceTicks(Math.max(frame.planned, frame.created, 1));
  const top = ticks.at(-1) ?? 1;
  const x = (day: number) => MARGIN.left + (day / frame.endDay) * plotW;
  const y = (n: number) => MARGIN.top + plotH - (n / top) * plotH;
  const inputs = targets.working.inputs as { periodStart?: string; periodEnd?: string };
  const schedule = `${x(0)},${y(0)} ${x(frame.deadlineDay)},${y(frame.planned)} ${x(frame.endDay)},${y(frame.planned)}`;
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
      <div ref={ref} className="chart-body">
        <svg width={width} height={height} role="img" aria-label={label}>
          <title>{label}</title>
          {ticks.map((tick) => (
            <g key={tick} className="chart-grid">
              <line x1={MARGIN.left} x2={MARGIN.left + plotW} y1={y(tick)} y2={y(tick)} />
              <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
                {formatCount(tick)}
              </text>
            </g>
          ))}
          <line className="pacing-deadline" x1={x(frame.deadlineDay)} x2={x(frame.deadlineDay)} y1={MARGIN.top} y2={MARGIN.top + plotH} />
          <polyline className="pacing-schedule" points={schedule} />
          <line className="pacing-now" x1={x(frame.atDay)} x2={x(frame.atDay)} y1={MARGIN.top} y2={MARGIN.top + plotH} />
          <line className={`pacing-actual pacing-${targets.status}`} x1={x(0)} y1={y(0)} x2={x(frame.atDay)} y2={y(frame.created)} />
          <circle className="pacing-scheduled-dot" cx={x(frame.atDay)} cy={y(frame.scheduled)} r={4} />
          <circle className={`pacing-dot pacing-${targets.status}`} cx={x(frame.atDay)} cy={y(frame.created)} r={5} />
          <text className="chart-axis" x={x(0)} y={height - 6}>
            {inputs.periodStart ? formatDay(inputs.periodStart) : ""}
          </text>
          <text className="chart-axis" x={x(frame.deadlineDay)} y={height - 6} textAnchor="middle">
            deadline {formatDay(targets.creationDeadline)}
          </text>
          <text className="chart-axis" x={x(frame.endDay)} y={height - 6} textAnchor="end">
            {inputs.periodEnd ? `to ${formatDay(inputs.periodEnd)}` : ""}
          </text>
        </svg>
      </div>
    </figure>
  );
}
