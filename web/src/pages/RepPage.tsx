/** One rep: their pipeline, their last 30 days, and their weekly proactive vs reactive work. */
import { useEffect } from "react";
import { useMe } from "../hooks/useAuth.js";
import { openActivityForm } from "../hooks/activityEvents.js";
import { RecentActivities } from "../components/activity/RecentActivities.js";
import { VisitPanel } from "../components/activity/VisitPanel.js";
import { NextLeadPanel } from "../components/routing/NextLeadPanel.js";
import { OutOfOfficeBadge, Stat } from "../components/Stat.js";
import { ErrorPanel, Loading } from "../components/States.js";
import { ActivityMix, preloadCharts, WeeklyChart } from "../components/charts/lazy.js";
import { useRep } from "../hooks/useData.js";
import { Link } from "../router.js";
import { formatCount, formatMoney, formatMoneyFull, formatShare } from "../utils/format.js";
import { repProactiveShare } from "../utils/teamStats.js";

export function RepPage({ repId }: { repId: number }) {
  const me = useMe();
  const resource = useRep(repId);
  // The charts' chunk downloads while the rep does.
  useEffect(preloadCharts, []);
  if (resource.status === "loading") return <Loading label="Loading rep…" />;
  if (resource.status === "error") return <ErrorPanel error={resource.error} what="rep's page" onRetry={resource.reload} />;

  const { rep } = resource.data;
  const share = repProactiveShare(rep);
  // Link the team only where the viewer may open it (mirrors the server's access rule).
  const canSeeTeam =
    rep.teamId !== null && (me.role === "admin" || (me.role === "manager" && (me.teamId === rep.teamId || me.managedTeamIds.includes(rep.teamId))));
  // Logging: the rep themselves, or a manager/admin for a rep they can see (the API checks again).
  const canLog = me.id === rep.id || me.role !== "rep";
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {canSeeTeam && rep.teamId !== null ? <Link to={`/teams/${rep.teamId}`}>{rep.teamName}</Link> : (rep.teamName ?? "No team")}
          </p>
          <h1 data-testid="rep-name">
            {rep.name} {rep.outOfOffice && <OutOfOfficeBadge />}
          </h1>
          <p className="muted">
            {rep.email ?? "No email"}
            {rep.managerName && ` · Manager: ${rep.managerName}`}
          </p>
        </div>
        <div className="head-actions">
          {rep.role === "rep" && (
            // The week: the rep's updates and promises; for their manager, where to request information on a deal.
            <Link to={`/reps/${rep.id}/week`} className="button" data-testid="rep-week-link">
              {me.id === rep.id ? "My week" : "Week and deals"}
            </Link>
          )}
          <Link to={`/reps/${rep.id}/targets`} className="button" data-testid="rep-targets-link">
            Targets and pacing
          </Link>
          {canLog && (
            <button type="button" className="button button-primary" onClick={() => openActivityForm(me.id === rep.id ? {} : { repId: rep.id, repName: rep.name })} data-testid="rep-log-activity">
              Log activity
            </button>
          )}
        </div>
      </div>
      <section className="stats" aria-label="Rep totals">
        <Stat
          testId="rep-pipeline-value"
          label="Open pipeline"
          value={<span title={formatMoneyFull(rep.openPipeline.value)}>{formatMoney(rep.openPipeline.value)}</span>}
          detail={`${formatCount(rep.openPipeline.count)} open opportunities`}
        />
        <Stat
          testId="rep-activities"
          label="Activities, last 30 days"
          value={formatCount(rep.activity30d.total)}
          detail={`${formatCount(rep.activity30d.byKind["opportunity-created"])} opportunities created`}
        />
        <Stat
          testId="rep-proactive-share"
          label="Proactive share, 30 days"
          value={formatShare(share)}
          detail={`${formatCount(rep.activity30d.proactive)} proactive · ${formatCount(rep.activity30d.reactive)} reactive`}
        />
      </section>
      {rep.role === "rep" && <NextLeadPanel repId={rep.id} repName={rep.name} teamId={rep.teamId} />}
      <div className="rep-grid">
        <section className="panel">
          <WeeklyChart weeks={rep.weekly} label="Activity per week, last 12 weeks" height={220} />
        </section>
        <section className="panel">
          <h2 className="panel-title">Last 30 days by kind</h2>
          <ActivityMix byKind={rep.activity30d.byKind} />
        </section>
      </div>
      <div className="rep-grid rep-grid-below">
        <section className="panel" aria-label="Recent activities">
          <h2 className="panel-title">Recent activities</h2>
          <RecentActivities repId={rep.id} />
        </section>
        {canLog && (
          <section className="panel" aria-label="Field visit">
            <h2 className="panel-title">Field visit</h2>
            <VisitPanel repId={rep.id} self={me.id === rep.id} />
          </section>
        )}
      </div>
    </>
  );
}
