/**
 * Every rep's numbers behind one decision, folded away. A feed page carries only the candidates
 * its cards show (at 1,000 reps, every candidate of a page would be megabytes), so the full
 * table asks the server for its decision the first time it is opened.
 */
import { useState } from "react";
import { routingApi } from "../../api/routingEndpoints.js";
import type { Decision } from "../../api/routingTypes.js";
import { useResource } from "../../hooks/useResource.js";
import { ErrorPanel, Loading } from "../States.js";
import { CandidateTable } from "./CandidateTable.js";

export function AllCandidates({ teamId, decision }: { teamId: number; decision: Decision }) {
  const [opened, setOpened] = useState(false);
  const count = decision.candidateCount ?? decision.candidates.length;
  const complete = decision.candidates.length >= count;
  return (
    <details className="decision-details" onToggle={(event) => event.currentTarget.open && setOpened(true)}>
      <summary>All {count.toLocaleString("en")} reps' numbers</summary>
      {complete ? <CandidateTable decision={decision} /> : opened && <FetchedCandidates teamId={teamId} decisionId={decision.id} />}
    </details>
  );
}

function FetchedCandidates({ teamId, decisionId }: { teamId: number; decisionId: number }) {
  const full = useResource(`feed-decision:${teamId}:${decisionId}`, (signal) => routingApi.feedDecision(teamId, decisionId, signal));
  if (full.status === "loading") return <Loading label="Loading every rep's numbers…" />;
  if (full.status === "error") return <ErrorPanel error={full.error} what="decision" onRetry={full.reload} />;
  return <CandidateTable decision={full.data} />;
}
