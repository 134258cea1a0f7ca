/**
 * The team's lead feed: every routing decision with its one-sentence reason, newest first.
 * Public to the whole team on purpose (D1, "Vocalise it"): everyone sees who got each lead,
 * why, by what margin, and so what would win them the next one.
 */
import { DecisionCard } from "../components/routing/DecisionCard.js";
import { TeamTabs } from "../components/routing/TeamTabs.js";
import { ErrorPanel, Loading } from "../components/States.js";
import { useMe } from "../hooks/useAuth.js";
import { useTeam } from "../hooks/useData.js";
import { useLeadFeed } from "../hooks/useRoutingData.js";
import { reroutesByOriginal } from "../utils/leadFeed.js";

export function LeadFeedPage({ teamId }: { teamId: number }) {
  const me = useMe();
  const team = useTeam(teamId);
  const feed = useLeadFeed(teamId);
  const reroutes = reroutesByOriginal(feed.decisions);

  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{team.data?.team.name ?? "Team"}</p>
          <h1 data-testid="lead-feed-title">Lead feed</h1>
          <p className="muted">Who got each lead and why, in plain words. Every decision is public to the whole team.</p>
        </div>
      </div>
      <TeamTabs teamId={teamId} current="leads" />
      {feed.status === "loading" && <Loading label="Loading decisions…" />}
      {feed.status === "error" && feed.error && <ErrorPanel error={feed.error} what="team's lead feed" onRetry={feed.reload} />}
      {feed.status === "ready" && feed.decisions.length === 0 && (
        <p className="panel empty" data-testid="lead-feed-empty">
          No leads have been routed to this team yet. Decisions appear here as leads arrive.
        </p>
      )}
      {feed.decisions.length > 0 && (
        <section className="feed" aria-label="Lead decisions" data-testid="lead-feed">
          {feed.decisions.map((decision) => (
            <DecisionCard key={decision.id} teamId={teamId} decision={decision} reroutedBy={reroutes.get(decision.id)} meId={me.id} />
          ))}
        </section>
      )}
      {feed.moreError && <p className="form-error">{feed.moreError.message}</p>}
      {feed.hasMore && (
        <div className="feed-more">
          <button type="button" className="button" onClick={feed.loadMore} disabled={feed.loadingMore} data-testid="feed-load-more">
            {feed.loadingMore ? "Loading…" : "Load older decisions"}
          </button>
        </div>
      )}
      {feed.status === "ready" && !feed.hasMore && feed.decisions.length > 0 && (
        <p className="feed-end muted" data-testid="feed-end">
          That's every decision.
        </p>
      )}
    </>
  );
}
