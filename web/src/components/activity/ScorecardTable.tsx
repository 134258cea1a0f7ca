/** The team scorecard: per rep each metric against target, weighted score, tier and pacing; sortable. */
import { useMemo, useState } from "react";
import type { ScorecardLine } from "../../api/activityTypes.js";
import { Link } from "../../router.js";
import { formatShare } from "../../utils/format.js";
import { METRIC_LABELS, nextScorecardSort, SCORECARD_METRICS, sortScorecard, type ScorecardRow, type ScorecardSort, type ScorecardSortKey } from "../../utils/scorecard.js";
import { BulletBar, PacingBadge, TierBadge } from "./Badges.js";

const COLUMNS: { key: ScorecardSortKey; label: string; hint: string }[] = [
  { key: "name", label: "Rep", hint: "Rep" },
  ...SCORECARD_METRICS.map((metric) => ({ key: metric, label: METRIC_LABELS[metric], hint: `${METRIC_LABELS[metric]} against target (sorts by attainment)` })),
  { key: "score", label: "Score", hint: "Weighted score: each metric's attainment (capped at 100%) by its weight" },
  { key: "tier", label: "Tier", hint: "A/B/C tier among the team this month" },
  { key: "pacing", label: "Pacing", hint: "Opportunities created against the schedule to make the number" },
];

export function ScorecardTable({ rows, teamLines, teamScore, period }: { rows: readonly ScorecardRow[]; teamLines: readonly ScorecardLine[]; teamScore: number; period: string }) {
  const [sort, setSort] = useState<ScorecardSort>({ key: "score", direction: "desc" });
  const sorted = useMemo(() => sortScorecard(rows, sort), [rows, sort]);
  const teamByMetric = new Map(teamLines.map((l) => [l.metric, l]));
  if (rows.length === 0) return <p className="empty">No active reps in this team.</p>;

  return (
    <div className="table-wrap">
      <table className="rep-table scorecard" data-testid="scorecard">
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key;
              return (
                <th key={column.key} scope="col" aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}>
                  <button type="button" className="sort" title={column.hint} onClick={() => setSort(nextScorecardSort(sort, column.key))}>
                    {column.label}
                    <span className={`sort-arrow${active ? " active" : ""}`} aria-hidden="true">
                      {active && sort.direction === "asc" ? "▲" : "▼"}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={row.repId} data-testid="scorecard-row" data-rep={row.repId}>
              <th scope="row" data-col="name">
                <Link to={`/reps/${row.repId}/targets${period ? `?period=${period}` : ""}`} className="rep-name">
                  {row.name}
                </Link>
              </th>
              {SCORECARD_METRICS.map((metric) => {
                const line = row.lines[metric];
                return (
                  <td key={metric} data-col={metric} data-label={METRIC_LABELS[metric]} data-actual={line?.actual} data-target={line?.target}>
                    {line ? <BulletBar actual={line.actual} target={line.target} label={METRIC_LABELS[metric]} /> : "—"}
                  </td>
                );
              })}
              <td className="num score" data-col="score" data-label="Score" data-value={row.score}>
                {formatShare(row.score)}
              </td>
              <td data-col="tier" data-label="Tier">
                <TierBadge tier={row.tier} />
              </td>
              <td data-col="pacing" data-label="Pacing">
                {row.pacing.state === "ready" ? (
                  <PacingBadge status={row.pacing.status} since={row.pacing.since} reason={row.pacing.reason} />
                ) : row.pacing.state === "none" ? (
                  <span className="muted-inline" title={row.pacing.reason}>No quota</span>
                ) : row.pacing.state === "error" ? (
                  <span className="muted-inline" title={row.pacing.reason}>Unavailable</span>
                ) : (
                  <span className="muted-inline">…</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="scorecard-team">
            <th scope="row">Team</th>
            {SCORECARD_METRICS.map((metric) => {
              const line = teamByMetric.get(metric);
              return (
                <td key={metric} data-col={metric} data-label={METRIC_LABELS[metric]}>
                  {line ? <BulletBar actual={line.actual} target={line.target} label={`Team ${METRIC_LABELS[metric]}`} /> : "—"}
                </td>
              );
            })}
            <td className="num score" data-col="score" data-label="Score">
              {formatShare(teamScore)}
            </td>
            <td />
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
