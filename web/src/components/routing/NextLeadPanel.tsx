/**
 * "What would win you the next lead" on a rep's page: a headline in plain words, how the
 * team's recent leads went for the rep, a chart of the leads more hunting would have won
 * (nearest first: the bar is the extra proactive points), and lead by lead on request.
 * Numbers from GET /reps/:id/next-lead; words from utils/nextLead.
 */
import type { NextLead } from "../../api/routingTypes.js";
import { useMe } from "../../hooks/useAuth.js";
import { useNextLead } from "../../hooks/useRoutingData.js";
import { Link } from "../../router.js";
import { countOutcomes, nextLeadHeadline } from "../../utils/nextLead.js";
import { ErrorPanel, Loading } from "../States.js";
import { NextLeadTable } from "./NextLeadTable.js";
import { ReachChart } from "../charts/lazy.js";

export function NextLeadPanel({ repId, repName, teamId }: { repId: number; repName: string; teamId: number | null }) {
  const me = useMe();
  const resource = useNextLead(repId);
  const who = { self: me.id === repId, name: repName.split(" ")[0] || repName };
  const title = who.self ? "What would win you the next lead" : `What would win ${who.name} the next lead`;

  return (
    <section className="panel next-lead" aria-label={title} data-testid="next-lead">
      <div className="section-head">
        <h2 className="panel-title">{title}</h2>
        {teamId !== null && (
          <Link to={`/teams/${teamId}/leads`} className="button button-quiet" data-testid="next-lead-feed-link">
            See every decision
          </Link>
        )}
      </div>
      {resource.status === "loading" && <Loading />}
      {resource.status === "error" && resource.error && <ErrorPanel error={resource.error} what="next-lead answer" onRetry={resource.reload} />}
      {resource.status === "ready" && <NextLeadBody data={resource.data} who={who} />}
    </section>
  );
}

const TALLY: { outcome: keyof ReturnType<typeof countOutcomes>; label: string }[] = [
  { outcome: "won", label: "won" },
  { outcome: "points", label: "within reach of more activity" },
  { outcome: "merit", label: "lost on merit" },
  { outcome: "excluded", label: "not eligible" },
  { outcome: "not-applicable", label: "decided by another policy" },
];

function NextLeadBody({ data, who }: { data: NextLead; who: { self: boolean; name: string } }) {
  const { leads, activityWeights, activityWindowDays } = data;
  const counts = countOutcomes(leads);
  return (
    <>
      <p className="next-lead-headline" data-testid="next-lead-headline">
        {nextLeadHeadline(leads, who, activityWeights, activityWindowDays)}
      </p>
      {leads.length > 0 && (
        <ul className="tally" data-testid="next-lead-tally">
          {TALLY.filter((t) => counts[t.outcome] > 0).map((t) => (
            <li key={t.outcome} className={`need-tag need-${t.outcome}`} data-outcome={t.outcome} data-count={counts[t.outcome]}>
              {counts[t.outcome]} {t.label}
            </li>
          ))}
        </ul>
      )}
      <ReachChart leads={leads} weights={activityWeights} windowDays={activityWindowDays} />
      {leads.length > 0 && (
        <details className="next-lead-all">
          <summary>Lead by lead, the last {leads.length}</summary>
          <NextLeadTable leads={leads} who={who} weights={activityWeights} windowDays={activityWindowDays} />
        </details>
      )}
    </>
  );
}
