/** Each rep's tier month by month, with arrows where it moved. */
import type { TierHistory } from "../../api/activityTypes.js";
import { tierGrid } from "../../utils/activityCharts.js";
import { periodLabel, shortMonthLabel } from "../../utils/periods.js";
import { TierBadge } from "./Badges.js";

export function TierGrid({ history, highlightRepId }: { history: TierHistory; highlightRepId?: number }) {
  const { periods, rows } = tierGrid(history);
  const shown = highlightRepId === undefined ? rows : rows.filter((r) => r.repId === highlightRepId);
  if (shown.length === 0) return <p className="empty">No tiers yet: tiers need a quota or proactive activity in a month.</p>;
  return (
    <div className="table-wrap">
      <table className="tier-grid" data-testid="tier-grid">
        <thead>
          <tr>
            <th scope="col">Rep</th>
            {periods.map((p) => (
              <th key={p} scope="col" title={periodLabel(p)}>
                {shortMonthLabel(p)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.repId} data-rep={row.repId}>
              <th scope="row">{row.name}</th>
              {row.cells.map((cell) => (
                <td key={cell.period} data-period={cell.period} data-tier={cell.tier ?? ""}>
                  <TierBadge tier={cell.tier} />
                  {cell.move && (
                    <span className={`tier-move tier-${cell.move}`} title={cell.move === "up" ? "Moved up" : "Moved down"}>
                      {cell.move === "up" ? "↑" : "↓"}
                    </span>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
