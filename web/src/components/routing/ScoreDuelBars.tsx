/** Winner vs runner-up: the number that decided (S, or m for top-performer) as two bars on 0–1. */
import { formatScore, type ScoreDuel } from "../../utils/leadFeed.js";

export function ScoreDuelBars({ duel }: { duel: ScoreDuel }) {
  const rows = [
    { role: "winner", ...duel.winner },
    ...(duel.runnerUp ? [{ role: "runner-up", ...duel.runnerUp }] : []),
  ];
  const label = duel.measure === "S" ? "score S" : "merit m";
  return (
    <figure className="duel" data-testid="score-duel" data-measure={duel.measure}>
      <figcaption className="duel-caption">
        {label}
        {duel.margin !== null && (
          <span className="duel-margin" data-testid="decision-margin" data-value={duel.margin}>
            margin {formatScore(duel.margin)}
          </span>
        )}
      </figcaption>
      <ul className="duel-rows">
        {rows.map((row) => (
          <li key={row.role} className={`duel-row duel-${row.role}`} data-role={row.role} data-value={row.value}>
            <span className="duel-name">{row.name}</span>
            <svg className="duel-bar" width="100%" height="8" aria-hidden="true">
              <rect className="duel-track" width="100%" height="8" rx="4" />
              {row.value > 0 && <rect className="duel-fill" width={`${Math.min(1, row.value) * 100}%`} height="8" rx="4" />}
            </svg>
            <span className="duel-value">{formatScore(row.value)}</span>
          </li>
        ))}
      </ul>
      {!duel.runnerUp && <p className="duel-alone">no other eligible rep</p>}
    </figure>
  );
}
