/** One team: headline totals, its weekly proactive vs reactive work, and its reps. */
import { useEffect } from "react";
import { TeamActivity } from "../components/activity/TeamActivity.js";
import { TeamCadencePanel } from "../components/cadence/TeamCadencePanel.js";
import { RepTable } from "../components/RepTable.js";
import { TeamTabs } from "../components/routing/TeamTabs.js";
import { Stat } from "../components/Stat.js";
import { ErrorPanel, Loading } from "../components/States.js";
import { preloadCharts, WeeklyChart } from "../components/charts/lazy.js";
import { useTeam } from "../hooks/useData.js";
import { formatCount, formatMoney, formatMoneyFull, formatShare } from "../utils/format.js";
import { teamTotals, weeklyTotals } from "../utils/teamStats.js";

export function TeamPage({ teamId }: { teamId: number }) {
  const resource = useTeam(teamId);
  // The charts' chunk downloads while the team does.
  useEffect(preloadCharts, []);
  if (resource.status === "loading") return <Loading label="Loading team…" />;
  if (resource.status === "error") return <ErrorPanel error={resource.error} what="team" onRetry={resource.reload} />;

  const { team } = resource.data;
  // The API lists every visible member; the table and totals are about the selling reps.
  const reps = resource.data.reps.filter((member) => member.role === "rep");
  const totals = teamTotals(reps);
  const weeks = weeklyTotals(reps);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{team.parentName ?? "Team"}</p>
          <h1 data-testid="team-name">{team.name}</h1>
          <p className="muted">
            Managed by {team.managerName ?? "nobody yet"} · {reps.length} {reps.length === 1 ? "rep" : "reps"}
            {totals.outOfOffice > 0 && ` · ${totals.outOfOffice} out of office`}
          </p>
        </div>
      </div>
      <TeamTabs teamId={team.id} current="overview" />
      <TeamActivity teamId={team.id}>
      <div className="overview">
      <section className="stats stats-stacked" aria-label="Team totals">
        <Stat
          testId="team-pipeline-value"
          label="Open pipeline"
          value={<span title={formatMoneyFull(totals.openValue)}>{formatMoney(totals.openValue)}</span>}
          detail={`${formatCount(totals.openCount)} open opportunities`}
        />
        <Stat
          testId="team-activities"
          label="Activities, last 30 days"
          value={formatCount(totals.activityTotal)}
          detail={reps.length > 0 ? `${formatCount(totals.activityTotal / reps.length)} per rep on average` : "No reps yet"}
        />
        <Stat
          testId="team-proactive-share"
          label="Proactive share, 30 days"
          value={formatShare(totals.proactiveShare)}
          detail={`${formatCount(totals.proactive)} proactive · ${formatCount(totals.reactive)} reactive`}
        />
      </section>
      <section className="panel">
        <WeeklyChart weeks={weeks} label="Team activity per week, last 12 weeks" height={236} />
      </section>
      </div>
      <section className="panel panel-flush" aria-label="Reps">
        <RepTable reps={reps} />
      </section>
      <TeamCadencePanel teamId={team.id} />
      </TeamActivity>
    </>
  );
}
