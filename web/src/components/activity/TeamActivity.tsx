/**
 * Activity management on the team page. On top: the numbers that matter, pacing alerts, who
 * is on site now (live) and the scorecard. Then the page's own overview (children). Below:
 * field visits, tiers over time and the seven KPIs (loaded once scrolled near). The period
 * lives in the URL (?period=).
 */
import { useMemo, type ReactNode } from "react";
import { useInView, usePeriodParam, useScorecard, useTeamAlerts, useTeamKpis, useTeamPacing, useTierHistory, useVisitStats } from "../../hooks/useActivityData.js";
import { useMe } from "../../hooks/useAuth.js";
import { useVisitStream } from "../../hooks/useVisitStream.js";
import { formatCount, formatShare } from "../../utils/format.js";
import { monthOf, periodLabel } from "../../utils/periods.js";
import { scorecardRows, tiersInMonth } from "../../utils/scorecard.js";
import { Stat } from "../Stat.js";
import { ErrorPanel, Loading } from "../States.js";
import { AlertList } from "./AlertList.js";
import { KpiPanel } from "./KpiPanel.js";
import { OnSiteStrip } from "./OnSiteStrip.js";
import { PeriodPicker } from "./PeriodPicker.js";
import { ScorecardTable } from "./ScorecardTable.js";
import { TierGrid } from "./TierGrid.js";
import { VisitTable } from "./VisitTable.js";

const TIER_MONTHS = 6;

/** The tier history ends at the scorecard's last month: the period's, or the server's current one. */
function tierEnd(scorecardTo: string): string {
  return monthOf(new Date(Date.parse(scorecardTo) - 1));
}

export function TeamActivity({ teamId, children }: { teamId: number; children?: ReactNode }) {
  // A rep may open their team's page, but these figures are the manager's (the API says so too).
  if (useMe().role === "rep") return <>{children}</>;
  return <ManagerTeamActivity teamId={teamId}>{children}</ManagerTeamActivity>;
}

function ManagerTeamActivity({ teamId, children }: { teamId: number; children?: ReactNode }) {
  const [asked, setPeriod] = usePeriodParam();
  const scorecard = useScorecard(teamId, asked);
  const period = scorecard.data?.period ?? asked;
  const alerts = useTeamAlerts(teamId);
  const visits = useVisitStats(teamId, asked);
  const tierMonth = scorecard.data ? tierEnd(scorecard.data.to) : undefined;
  const tiers = useTierHistory(teamId, tierMonth, TIER_MONTHS);
  const live = useVisitStream(teamId, visits.data?.onSite, visits.reload);
  const pacing = useTeamPacing(teamId, asked, alerts.data?.alerts);
  const tierMap = useMemo(() => tiersInMonth(tiers.data, tierMonth ?? ""), [tiers.data, tierMonth]);

  const statuses = [...pacing.byRep.values()].flatMap((p) => (p.state === "ready" ? [p.status] : []));
  const atRisk = statuses.filter((s) => s === "at-risk").length;
  const behind = statuses.filter((s) => s === "behind").length;
  const totalVisits = visits.data?.reps.reduce((sum, r) => sum + r.visits, 0);

  return (
    <>
    <section className="activity-top" aria-label="Scorecard" data-testid="team-activity">
      <div className="section-head">
        <h2>
          Scorecard <span className="muted-inline">· {period ? periodLabel(period) : "this month"}</span>
        </h2>
        <PeriodPicker period={period ?? ""} onChange={setPeriod} />
      </div>
      <div className="stats stats-four" aria-label="Numbers that matter">
        <Stat testId="team-score" label="Team score" value={scorecard.data ? formatShare(scorecard.data.team.score) : "…"} detail="Weighted attainment of the activity targets" />
        <Stat
          testId="team-falling-behind"
          label="Falling behind"
          value={pacing.status === "ready" ? (statuses.length ? `${formatCount(atRisk + behind)} of ${formatCount(statuses.length)}` : "–") : pacing.status === "error" ? "–" : "…"}
          detail={pacing.status === "ready" && statuses.length === 0 ? "Nobody has a quota for this period" : `${formatCount(atRisk)} at risk · ${formatCount(behind)} behind`}
        />
        <Stat testId="team-on-site" label="On site now" value={formatCount(live.onSite.length)} detail={live.state === "live" ? "Updated live" : "Connecting…"} />
        <Stat
          testId="team-visits"
          label="Field visits"
          value={totalVisits === undefined ? "…" : formatCount(totalVisits)}
          detail={`in ${period ? periodLabel(period) : "this month"}${visits.data && visits.data.reps.length > 0 ? `, ${(visits.data.reps.reduce((s, r) => s + r.visitsPerWeek, 0) / visits.data.reps.length).toFixed(1)} per rep a week` : ""}`}
        />
      </div>
      {alerts.data && <AlertList alerts={alerts.data.alerts} showRep />}
      <OnSiteStrip onSite={live.onSite} state={live.state} />
      <div className="panel panel-flush">
        {scorecard.status === "loading" && <Loading label="Loading scorecard…" />}
        {scorecard.status === "error" && <ErrorPanel error={scorecard.error} what="scorecard" onRetry={scorecard.reload} />}
        {scorecard.status === "ready" && (
          <ScorecardTable
            rows={scorecardRows(scorecard.data.reps, tierMap, pacing.byRep, pacing.missing)}
            teamLines={scorecard.data.team.lines}
            teamScore={scorecard.data.team.score}
            period={period ?? ""}
          />
        )}
      </div>
    </section>
    {children}
    <TeamActivityDetails teamId={teamId} asked={asked} period={period ?? ""} visits={visits} tiers={tiers} />
    </>
  );
}

function TeamActivityDetails({
  teamId,
  asked,
  period,
  visits,
  tiers,
}: {
  teamId: number;
  asked: string | undefined;
  period: string;
  visits: ReturnType<typeof useVisitStats>;
  tiers: ReturnType<typeof useTierHistory>;
}) {
  const [ref, inView] = useInView<HTMLDivElement>();
  const kpis = useTeamKpis(teamId, asked, inView);
  return (
    <div ref={ref} className="activity-details">
      <div className="rep-grid">
        <section className="panel" aria-label="Field visits">
          <h2 className="panel-title">Field visits · {periodLabel(period)}</h2>
          {visits.status === "ready" ? <VisitTable stats={visits.data} /> : visits.status === "error" ? <ErrorPanel error={visits.error} what="visits" onRetry={visits.reload} /> : <Loading />}
        </section>
        <section className="panel" aria-label="Tiers over time">
          <h2 className="panel-title">Tiers, last {TIER_MONTHS} months</h2>
          {tiers.status === "ready" ? <TierGrid history={tiers.data} /> : tiers.status === "error" ? <ErrorPanel error={tiers.error} what="tiers" onRetry={tiers.reload} /> : <Loading />}
        </section>
      </div>
      <section className="panel" aria-label="Team KPIs">
        <h2 className="panel-title">KPIs · {periodLabel(period)}</h2>
        {kpis.status === "ready" ? <KpiPanel kpis={kpis.data} /> : kpis.status === "error" ? <ErrorPanel error={kpis.error} what="KPIs" onRetry={kpis.reload} /> : <Loading label="Loading KPIs…" />}
      </section>
    </div>
  );
}
