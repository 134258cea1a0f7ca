/** The team's reps, one row each, sortable by any column. */
import { useMemo, useState } from "react";
import type { RepSummary } from "../api/types.js";
import { Link } from "../router.js";
import { formatCount, formatMoney, formatMoneyFull, formatShare } from "../utils/format.js";
import { nextSort, sortReps, type RepSort, type RepSortKey } from "../utils/sortReps.js";
import { repProactiveShare } from "../utils/teamStats.js";
import { ShareBar } from "./ShareBar.js";
import { Sparkline } from "./Sparkline.js";
import { OutOfOfficeBadge } from "./Stat.js";

const COLUMNS: { key: RepSortKey; label: string; numeric: boolean; hint?: string }[] = [
  { key: "name", label: "Rep", numeric: false },
  { key: "pipelineCount", label: "Open opps", numeric: true, hint: "Open opportunities" },
  { key: "pipelineValue", label: "Pipeline", numeric: true, hint: "Value of open opportunities" },
  { key: "activities", label: "Activities", numeric: true, hint: "Activities in the last 30 days" },
  { key: "proactiveShare", label: "Proactive", numeric: false, hint: "Share of the last 30 days' activities that were proactive" },
  { key: "trend", label: "12-week proactive", numeric: false, hint: "Proactive activities per week, last 12 weeks, on one scale for the team" },
];

export function RepTable({ reps }: { reps: readonly RepSummary[] }) {
  const [sort, setSort] = useState<RepSort>({ key: "proactiveShare", direction: "desc" });
  const sorted = useMemo(() => sortReps(reps, sort), [reps, sort]);
  // One scale for every sparkline, so a glance down the column compares reps.
  const weeklyMax = useMemo(() => Math.max(1, ...reps.flatMap((rep) => rep.weekly.map((w) => w.proactive))), [reps]);

  if (reps.length === 0) return <p className="empty">This team has no reps yet.</p>;

  return (
    <div className="table-wrap">
      <table className="rep-table" data-testid="rep-table">
        <thead>
          <tr>
            {COLUMNS.map((column) => {
              const active = sort.key === column.key;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.numeric ? "num" : undefined}
                  aria-sort={active ? (sort.direction === "asc" ? "ascending" : "descending") : "none"}
                >
                  <button type="button" className="sort" title={column.hint} onClick={() => setSort(nextSort(sort, column.key))}>
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
          {sorted.map((rep) => {
            const share = repProactiveShare(rep);
            return (
              <tr key={rep.id} data-testid="rep-row" data-rep-id={rep.id}>
                <th scope="row" data-col="name">
                  <Link to={`/reps/${rep.id}`} className="rep-name">
                    {rep.name}
                  </Link>
                  {rep.outOfOffice && <OutOfOfficeBadge />}
                </th>
                <td className="num" data-col="pipelineCount" data-label="Open opps" data-value={rep.openPipeline.count}>
                  {formatCount(rep.openPipeline.count)}
                </td>
                <td
                  className="num"
                  data-col="pipelineValue"
                  data-label="Pipeline"
                  data-value={rep.openPipeline.value}
                  title={formatMoneyFull(rep.openPipeline.value)}
                >
                  {formatMoney(rep.openPipeline.value)}
                </td>
                <td className="num" data-col="activities" data-label="Activities 30d" data-value={rep.activity30d.total}>
                  {formatCount(rep.activity30d.total)}
                </td>
                <td data-col="proactiveShare" data-label="Proactive" data-value={share ?? ""}>
                  <ShareBar share={share} />
                </td>
                <td data-col="trend" data-label="12 weeks">
                  <Sparkline
                    values={rep.weekly.map((w) => w.proactive)}
                    max={weeklyMax}
                    label={`${rep.name}: proactive activities per week, ${formatShare(share)} proactive in the last 30 days`}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
