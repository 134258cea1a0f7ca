/**
 * One lead decision as the team sees it: the lead, who got it and the sentence why, the
 * winner against the runner-up, the winner's numbers, who was excluded and by what, and for
 * SLA re-routes the decision they replace. The full candidate table folds away (and loads when opened).
 */
import type { Decision } from "../../api/routingTypes.js";
import { finalists, formatDecisionTime, groupExclusions, leadSummary, scoreDuel } from "../../utils/leadFeed.js";
import { AllCandidates } from "./AllCandidates.js";
import { PolicyBadge } from "./PolicyBadge.js";
import { ScoreDuelBars } from "./ScoreDuelBars.js";
import { WinnerNumbers } from "./WinnerNumbers.js";

export function DecisionCard({ teamId, decision, reroutedBy, meId }: { teamId: number; decision: Decision; reroutedBy?: Decision; meId: number }) {
  const { winner } = finalists(decision);
  const duel = scoreDuel(decision);
  const excluded = groupExclusions(decision.candidates);
  const mine = decision.assigneeId === meId;
  const classes = ["decision", decision.kind === "sla-reroute" ? "decision-reroute" : "", mine ? "decision-mine" : ""].filter(Boolean).join(" ");
  return (
    <article
      className={classes}
      id={`decision-${decision.id}`}
      data-testid="decision"
      data-decision-id={decision.id}
      data-kind={decision.kind}
      data-policy={decision.policy}
    >
      <header className="decision-head">
        <span className="decision-lead">
          <strong data-testid="decision-lead">{decision.lead}</strong>
          <span className="muted-inline"> {leadSummary(decision.leadInfo)}</span>
        </span>
        <span className="decision-meta">
          <PolicyBadge policy={decision.policy} />
          <span title="routing settings version">v{decision.settingsVersion}</span>
          <time dateTime={decision.decidedAt}>{formatDecisionTime(decision.decidedAt)}</time>
        </span>
      </header>
      {decision.kind === "sla-reroute" && (
        <p className="decision-link" data-testid="reroute-of">
          SLA re-route: {decision.previousAssignee ?? "the previous assignee"} made no first touch in time. Replaces{" "}
          {decision.previousDecisionId !== null ? <a href={`#decision-${decision.previousDecisionId}`}>the earlier decision (#{decision.previousDecisionId})</a> : "the earlier decision"}.
        </p>
      )}
      {reroutedBy && (
        <p className="decision-link" data-testid="rerouted-by">
          No first touch in time: <a href={`#decision-${reroutedBy.id}`}>re-routed (#{reroutedBy.id})</a> to {reroutedBy.assignee ?? "nobody"}.
        </p>
      )}
      <div className="decision-body">
        <div className="decision-outcome">
          <p className="decision-assignee">
            {decision.assignee === null ? (
              <span className="decision-unassigned" data-testid="decision-assignee">
                Not assigned
              </span>
            ) : (
              <>
                → <b data-testid="decision-assignee">{decision.assignee}</b>
                {mine && <span className="badge badge-mine">you</span>}
              </>
            )}
            {decision.runnerUp && (
              <span className="muted-inline" data-testid="decision-runner-up">
                {" "}
                · {decision.policy === "milk-round" ? "next up" : "runner-up"} {decision.runnerUp}
              </span>
            )}
          </p>
          <p className="decision-reason" data-testid="decision-reason">
            {decision.reason}
          </p>
          {winner && <WinnerNumbers decision={decision} winner={winner} />}
          {excluded.length > 0 && (
            <p className="decision-excluded" data-testid="decision-excluded">
              <span className="muted-inline">Excluded: </span>
              {excluded.map((group, i) => (
                <span key={group.label} className="exclusion">
                  {i > 0 && "; "}
                  {group.reps.map((r, j) => (
                    <span key={r.repId} data-rep-id={r.repId} title={r.excluded}>
                      {j > 0 && ", "}
                      {r.rep}
                    </span>
                  ))}{" "}
                  <span className="exclusion-why">({group.label})</span>
                </span>
              ))}
            </p>
          )}
        </div>
        {duel && <ScoreDuelBars duel={duel} />}
      </div>
      <AllCandidates teamId={teamId} decision={decision} />
    </article>
  );
}
