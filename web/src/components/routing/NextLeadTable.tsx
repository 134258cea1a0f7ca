/** Each of the team's recent leads for one rep: who got it, and what it would have taken, in words. */
import type { NextLeadItem } from "../../api/routingTypes.js";
import { formatDecisionTime, formatPoints } from "../../utils/leadFeed.js";
import { nextLeadVerdict, pointsAsActivities } from "../../utils/nextLead.js";

const OUTCOME_TAGS: Record<NextLeadItem["outcome"], string> = {
  won: "Won",
  points: "Activity",
  merit: "Merit",
  excluded: "Not eligible",
  "not-applicable": "Other policy",
  "not-a-candidate": "Not a candidate",
};

export function NextLeadTable({
  leads,
  who,
  weights,
  windowDays,
}: {
  leads: readonly NextLeadItem[];
  who: { self: boolean; name: string };
  weights: Readonly<Record<string, number>> | null | undefined;
  windowDays: number | null | undefined;
}) {
  return (
    <div className="table-wrap">
      <table className="next-lead-table" data-testid="next-lead-table">
        <thead>
          <tr>
            <th scope="col">Lead</th>
            <th scope="col">Went to</th>
            <th scope="col">What it would have taken</th>
          </tr>
        </thead>
        <tbody>
          {leads.map((lead) => (
            <tr key={lead.decisionId} data-testid="next-lead-row" data-decision-id={lead.decisionId} data-outcome={lead.outcome} data-points={lead.pointsNeeded ?? ""}>
              <td>
                <b>{lead.lead}</b> <span className="muted-inline">{lead.product ?? ""}</span>
                <div className="next-lead-when">{formatDecisionTime(lead.decidedAt)}</div>
              </td>
              <td>{lead.assignee ?? <span className="muted-inline">nobody</span>}</td>
              <td>
                <span className={`need-tag need-${lead.outcome}`}>{OUTCOME_TAGS[lead.outcome]}</span>{" "}
                {lead.outcome === "points" && <b data-testid="next-lead-points">+{formatPoints(lead.pointsNeeded)}</b>}{" "}
                <span className="need-words" data-testid="next-lead-verdict">
                  {nextLeadVerdict(lead, who, windowDays)}
                  {lead.outcome === "points" && lead.pointsNeeded !== null && pointsAsActivities(lead.pointsNeeded, weights) && ` That is ${pointsAsActivities(lead.pointsNeeded, weights)}.`}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
