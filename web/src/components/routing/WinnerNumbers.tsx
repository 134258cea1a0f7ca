/**
 * The winner's five numbers with the counts behind them, on one line (the reason above says
 * the same in a sentence; hovering a number gives its long form): merit M and m with the
 * record, activity A and a with the rank and target T, and the score S.
 */
import type { Decision, DecisionCandidate } from "../../api/routingTypes.js";
import { activityText, formatPoints, formatScore, ordinal, recordText, shortRecord, targetText } from "../../utils/leadFeed.js";

export function WinnerNumbers({ decision, winner }: { decision: Decision; winner: DecisionCandidate }) {
  const { basis } = decision;
  const counts = winner.counts;
  if (decision.policy === "milk-round" || !basis || !counts) return null;
  const equilibrium = decision.policy === "equilibrium";
  const rank = counts.pointsRank;
  return (
    <ul
      className="winner-numbers"
      data-testid="winner-numbers"
      data-m={winner.m ?? ""}
      data-big-m={winner.M ?? ""}
      data-a={winner.a ?? ""}
      data-big-a={winner.A ?? ""}
      data-s={winner.S ?? ""}
    >
      <li title={`${recordText(counts, basis.similarity)} in ${basis.meritWindowDays} days`} data-testid="winner-merit">
        <span className="number-label">Merit</span> {equilibrium && <b>M {formatScore(winner.M)}</b>}{" "}
        <span className={equilibrium ? "number-note" : undefined}>m {formatScore(winner.m)}</span>{" "}
        <span className="number-note">({shortRecord(counts, basis.similarity)})</span>
      </li>
      {equilibrium && (
        <li title={`${activityText(winner, basis)}; ${targetText(decision.T, basis.targetSource) ?? "no target"}`} data-testid="winner-activity">
          <span className="number-label">Activity</span> <b>A {formatScore(winner.A)}</b>{" "}
          <span className="number-note">
            a {formatPoints(winner.a)} pts in {basis.activityWindowDays} d{rank !== null && `, ${ordinal(rank)} of ${basis.eligibleCount}`}; T{" "}
            {formatPoints(decision.T)} {basis.targetSource === "manager" ? "(manager's)" : "(75th pct)"}
          </span>
        </li>
      )}
      {equilibrium && (
        <li title={`S = M^${basis.meritWeight} · A^${Math.round((1 - basis.meritWeight) * 100) / 100}`}>
          <span className="number-label">Score</span> <b>S {formatScore(winner.S)}</b>
        </li>
      )}
    </ul>
  );
}
