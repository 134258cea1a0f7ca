/** Open pipeline by stage as a horizontal funnel: centred bars sized by count, value beside. */
import type { Kpis } from "../../api/activityTypes.js";
import { funnelBars } from "../../utils/activityCharts.js";
import { formatCount, formatMoney } from "../../utils/format.js";

const ROW = 26;
const LABEL = 104;
const VALUE = 120;

export function FunnelChart({ pipeline, width = 460 }: { pipeline: Kpis["pipeline"]; width?: number }) {
  const bars = funnelBars(pipeline);
  const plot = Math.max(80, width - LABEL - VALUE);
  const height = bars.length * ROW;
  const total = bars.reduce((sum, b) => sum + b.count, 0);
  return (
    <svg width="100%" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Open pipeline by stage: ${formatCount(total)} opportunities`} data-testid="funnel" className="funnel">
      {bars.map((bar, i) => {
        const w = bar.width * plot;
        const y = i * ROW;
        return (
          <g key={bar.stage} data-stage={bar.stage} data-count={bar.count} data-value={bar.value}>
            <title>{`${bar.stage}: ${formatCount(bar.count)} open, ${formatMoney(bar.value)}`}</title>
            <text className="funnel-stage" x={LABEL - 8} y={y + ROW / 2} dy="0.32em" textAnchor="end">
              {bar.stage}
            </text>
            <rect className="funnel-track" x={LABEL} y={y + 3} width={plot} height={ROW - 6} rx={3} />
            {w > 0 && <rect className="funnel-bar" x={LABEL + (plot - w) / 2} y={y + 3} width={w} height={ROW - 6} rx={3} />}
            <text className="funnel-value" x={LABEL + plot + 8} y={y + ROW / 2} dy="0.32em">
              {formatCount(bar.count)} · {formatMoney(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
