/** Managers ranked by team attainment: one horizontal bar each, with the 100% target line. */
import type { Leadership } from "../../api/activityTypes.js";
import { useElementWidth } from "../../hooks/useElementWidth.js";
import { attainmentAxisTop } from "../../utils/activityCharts.js";
import { formatMoney, formatShare } from "../../utils/format.js";

const ROW = 34;
const LABEL = 190;
const RIGHT = 120;

export function LeadershipChart({ rows }: { rows: Leadership["rows"] }) {
  const [ref, width] = useElementWidth<HTMLDivElement>(720);
  const top = attainmentAxisTop(rows);
  const plot = Math.max(100, width - LABEL - RIGHT);
  const x = (share: number) => LABEL + (Math.min(share, top) / top) * plot;
  const height = rows.length * ROW + 24;
  const ticks = Array.from({ length: Math.round(top / 0.25) + 1 }, (_, i) => i * 0.25);
  return (
    <div ref={ref} className="chart-body">
      <svg width={width} height={height} role="img" aria-label="Team attainment against target, by manager" data-testid="leadership-chart">
        {ticks.map((t) => (
          <g key={t} className="chart-grid">
            <line x1={x(t)} x2={x(t)} y1={0} y2={rows.length * ROW} />
            <text x={x(t)} y={height - 6} textAnchor="middle">
              {formatShare(t)}
            </text>
          </g>
        ))}
        {rows.map((row, i) => {
          const y = i * ROW;
          const share = row.attainment;
          return (
            <g key={`${row.managerId}:${row.teamId}`} data-testid="leadership-row" data-manager-id={row.managerId} data-attainment={share ?? ""}>
              <title>{`${row.rank}. ${row.managerName}, ${row.teamName}: ${formatMoney(row.won)} of ${formatMoney(row.target)} (${formatShare(share)})`}</title>
              <text className="lead-name" x={LABEL - 10} y={y + ROW / 2 - 5} textAnchor="end">
                {row.rank}. {row.managerName}
              </text>
              <text className="lead-team" x={LABEL - 10} y={y + ROW / 2 + 10} textAnchor="end">
                {row.teamName}
              </text>
              <rect className="lead-track" x={LABEL} y={y + 8} width={plot} height={ROW - 16} rx={3} />
              {share !== null && share > 0 && <rect className={share >= 1 ? "lead-bar lead-met" : "lead-bar"} x={LABEL} y={y + 8} width={x(share) - LABEL} height={ROW - 16} rx={3} />}
              <text className="lead-value" x={LABEL + plot + 10} y={y + ROW / 2} dy="0.32em">
                {share === null ? "no target" : `${formatShare(share)} · ${formatMoney(row.won)}`}
              </text>
            </g>
          );
        })}
        <line className="lead-target" x1={x(1)} x2={x(1)} y1={-2} y2={rows.length * ROW + 2} />
      </svg>
    </div>
  );
}
