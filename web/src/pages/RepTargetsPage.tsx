/**
 * A rep's numbers for a period: what it takes to make the number (the reverse funnel in
 * plain words, from the API's working), the pacing chart, their alerts, KPIs and tiers.
 */
import { AlertList } from "../components/activity/AlertList.js";
import { PacingBadge } from "../components/activity/Badges.js";
import { KpiPanel } from "../components/activity/KpiPanel.js";
import { PacingChart } from "../components/activity/PacingChart.js";
import { PeriodPicker } from "../components/activity/PeriodPicker.js";
import { TierGrid } from "../components/activity/TierGrid.js";
import { Stat } from "../components/Stat.js";
import { ErrorPanel, Loading } from "../components/States.js";
import { openActivityForm } from "../hooks/activityEvents.js";
import { usePeriodParam, useRepAlerts, useRepKpis, useTargets, useTierHistory } from "../hooks/useActivityData.js";
import { useMe } from "../hooks/useAuth.js";
import { useRep } from "../hooks/useData.js";
import { Link } from "../router.js";
import type { Targets } from "../api/activityTypes.js";
import { formatCount, formatMoney, formatMoneyFull } from "../utils/format.js";
import { formatDay, periodLabel } from "../utils/periods.js";

const perWeek = (value: number | null) => (value === null ? "—" : formatCount(Math.ceil(value)));

export function RepTargetsPage({ repId }: { repId: number }) {
  const me = useMe();
  const [asked, setPeriod] = usePeriodParam();
  const rep = useRep(repId);
  const targets = useTargets(repId, asked);
  const alerts = useRepAlerts(repId);
  const kpis = useRepKpis(repId, asked);
  const period = asked ?? targets.data?.period ?? kpis.data?.period ?? "";
  const name = rep.data?.rep.name ?? targets.data?.repName ?? "";
  const teamId = rep.data?.rep.teamId ?? null;

  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            <Link to={`/reps/${repId}`}>{me.id === repId ? "My page" : name || "Rep"}</Link>
          </p>
          <h1 data-testid="targets-title">{me.id === repId ? "My numbers" : `${name}: numbers`}</h1>
          <p className="muted">What it takes to make the number in {period ? periodLabel(period) : "this month"}.</p>
        </div>
        <div className="head-actions">
          <PeriodPicker period={period} onChange={setPeriod} />
          <button type="button" className="button button-primary" onClick={() => openActivityForm(me.id === repId ? {} : { repId, repName: name })}>
            Log activity
          </button>
        </div>
      </div>
      {alerts.data && <AlertList alerts={alerts.data.alerts} showRep={false} />}
      {targets.status === "loading" && <Loading label="Working out your targets…" />}
      {targets.status === "error" &&
        (targets.error.status === 404 && /quota/i.test(targets.error.message) ? (
          <div className="state state-error" data-testid="no-quota">
            <h2>No quota for {periodLabel(period)}</h2>
            <p>{targets.error.message}</p>
          </div>
        ) : (
          <ErrorPanel error={targets.error} what="targets" onRetry={targets.reload} />
        ))}
      {targets.status === "ready" && <TargetsView targets={targets.data} />}
      <section className="panel" aria-label="KPIs">
        <h2 className="panel-title">KPIs · {periodLabel(period)}</h2>
        {kpis.status === "ready" ? <KpiPanel kpis={kpis.data} /> : kpis.status === "error" ? <ErrorPanel error={kpis.error} what="KPIs" onRetry={kpis.reload} /> : <Loading />}
      </section>
      {teamId !== null && me.role !== "rep" && <RepTiers teamId={teamId} repId={repId} />}
    </>
  );
}

function TargetsView({ targets }: { targets: Targets }) {
  return (
    <>
      <section className="stats stats-four" aria-label="What it takes" data-testid="targets-numbers">
        <Stat
          testId="target-gap"
          label="Gap to quota"
          value={<span title={formatMoneyFull(targets.gap)}>{formatMoney(targets.gap)}</span>}
          detail={`${formatMoney(targets.quota)} quota · ${formatMoney(targets.won)} won · ${formatMoney(targets.expectedFromPipeline)} expected`}
        />
        <Stat
          testId="target-new-opps"
          label="New opportunities needed"
          value={targets.newOpportunitiesNeeded === null ? "—" : formatCount(Math.ceil(targets.newOpportunitiesNeeded))}
          detail={`${formatCount(targets.opportunitiesCreated)} created so far`}
        />
        <Stat
          testId="target-deadline"
          label="Create them by"
          value={formatDay(targets.creationDeadline)}
          detail={targets.deadlineClamped ? "the period end (the sales cycle is longer than what is left)" : `${targets.weeksToDeadline.toFixed(1)} weeks from now`}
        />
        <Stat
          testId="target-weekly"
          label="Every week"
          value={<span data-testid="target-weekly-opps">{perWeek(targets.weeklyOpportunitiesNeeded)} opps</span>}
          detail={<span data-testid="target-weekly-activities">{perWeek(targets.weeklyProactiveActivitiesNeeded)} proactive activities</span>}
        />
      </section>
      <div className="rep-grid">
        <section className="panel" aria-label="Pacing">
          <div className="section-head">
            <h2 className="panel-title">Pacing</h2>
            <PacingBadge status={targets.status} reason={targets.statusReason} />
          </div>
          <p className="muted status-reason" data-testid="status-reason">
            {targets.statusReason.charAt(0).toUpperCase() + targets.statusReason.slice(1)}.
          </p>
          <PacingChart targets={targets} />
        </section>
        <section className="panel" aria-label="How this is worked out">
          <h2 className="panel-title">How this is worked out</h2>
          <ol className="working" data-testid="working">
            {targets.working.lines.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
        </section>
      </div>
    </>
  );
}

function RepTiers({ teamId, repId }: { teamId: number; repId: number }) {
  const tiers = useTierHistory(teamId, "", 12);
  return (
    <section className="panel" aria-label="Tier history">
      <h2 className="panel-title">Tier, last 12 months</h2>
      {tiers.status === "ready" ? <TierGrid history={tiers.data} highlightRepId={repId} /> : tiers.status === "error" ? <ErrorPanel error={tiers.error} what="tiers" /> : <Loading />}
    </section>
  );
}
