/** Stacked weekly bars: proactive work at the base (the part that matters), reactive on top. */
import type { WeekActivity } from "../api/types.js";
import { useElementWidth } from "../hooks/useElementWidth.js";
import { niceTicks } from "../utils/chartScale.js";
import { formatCount, formatShare, formatWeekLabel, formatWeekTitle, shareOf } from "../utils/format.js";

const MARGIN = { top: 8, right: 16, bottom: 24, left: 34 };

export function WeeklyChart({ weeks, label, height = 180 }: { weeks: readonly WeekActivity[]; label: string; height?: number }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(640);
  const plotWidth = Math.max(120, width - MARGIN.left - MARGIN.right);
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const ticks = niceTicks(Math.max(0, ...weeks.map((w) => w.proactive + w.reactive)));
  const top = ticks.at(-1) ?? 1;
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const band = plotWidth / Math.max(1, weeks.length);
  const barWidth = Math.min(36, band * 0.62);
  // On a phone, label every other week so the dates stay legible.
  const labelEvery = band < 38 ? 2 : 1;
  const totalProactive = weeks.reduce((sum, w) => sum + w.proactive, 0);
  const total = weeks.reduce((sum, w) => sum + w.proactive + w.reactive, 0);

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
      <div ref={ref} className="chart-body">
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={`${label}: ${formatCount(totalProactive)} proactive of ${formatCount(total)} activities over ${weeks.length} weeks (${formatShare(shareOf(totalProactive, total))}).`}
        >
          {ticks.map((tick) => (
            <g key={tick} className="chart-grid">
              <line x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={y(tick)} y2={y(tick)} />
              <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
                {formatCount(tick)}
              </text>
            </g>
          ))}
          {weeks.map((week, index) => {
            const x = MARGIN.left + index * band + (band - barWidth) / 2;
            const proactiveTop = y(week.proactive);
            const reactiveTop = y(week.proactive + week.reactive);
            return (
              <g
                key={week.weekStart}
                className="chart-week"
                data-week={week.weekStart}
                data-proactive={week.proactive}
                data-reactive={week.reactive}
              >
                <title>{`${formatWeekTitle(week.weekStart)}: ${week.proactive} proactive, ${week.reactive} reactive`}</title>
                <rect className="bar-reactive" x={x} width={barWidth} y={reactiveTop} height={Math.max(0, proactiveTop - reactiveTop)} rx={2} />
                <rect className="bar-proactive" x={x} width={barWidth} y={proactiveTop} height={Math.max(0, y(0) - proactiveTop)} rx={2} />
                {index % labelEvery === (weeks.length - 1) % labelEvery && (
                  <text className="chart-axis" x={x + barWidth / 2} y={height - 6} textAnchor="middle">
                    {formatWeekLabel(week.weekStart)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
      </div>
    </figure>
  );
}
