/** The seven KPIs for a rep or a team: pipeline funnel, conversion, revenue, profit, DEAL documents, desired opportunities, activity counts. */
import type { Kpis } from "../../api/activityTypes.js";
import { ACTIVITY_KINDS } from "../../api/types.js";
import { formatCount, formatMoney, formatMoneyFull, formatShare } from "../../utils/format.js";
import { FORM_KINDS } from "../../utils/activityForm.js";
import { Stat } from "../Stat.js";
import { FunnelChart } from "../charts/lazy.js";

const KIND_LABEL = new Map(FORM_KINDS.map((k) => [k.kind, k.label]));

export function KpiPanel({ kpis }: { kpis: Kpis }) {
  const deal = kpis.dealDocuments;
  return (
    <div className="kpis" data-testid="kpis">
      <div className="kpi-stats">
        <Stat testId="kpi-conversion" label="Conversion" value={formatShare(kpis.conversion)} detail={`${formatCount(kpis.won)} won · ${formatCount(kpis.lost)} lost`} />
        <Stat
          testId="kpi-revenue"
          label="Revenue"
          value={<span title={formatMoneyFull(kpis.revenue)}>{formatMoney(kpis.revenue)}</span>}
          detail={`${formatCount(kpis.won)} deals won`}
        />
        <Stat
          testId="kpi-profit"
          label="Profit"
          value={<span title={formatMoneyFull(kpis.profit)}>{formatMoney(kpis.profit)}</span>}
          detail={kpis.wonWithoutCost > 0 ? `${kpis.wonWithoutCost} won without a cost: overstated` : `cost ${formatMoney(kpis.cost)}`}
        />
        <Stat
          testId="kpi-deal"
          label="DEAL documents"
          value={formatShare(deal.share)}
          detail={`${formatCount(deal.followedUp)} of ${formatCount(deal.meetings)} meetings followed up${deal.medianDelayHours === null ? "" : `, median ${deal.medianDelayHours.toFixed(1)} h`}`}
        />
        <Stat
          testId="kpi-desired"
          label="Desired opportunities"
          value={formatShare(kpis.desiredOpportunities.share)}
          detail={`${formatCount(kpis.desiredOpportunities.fitting)} of ${formatCount(kpis.desiredOpportunities.total)} new fit the ICP`}
        />
      </div>
      <div className="kpi-grid">
        <div>
          <h3 className="sub-title">Open pipeline by stage</h3>
          <FunnelChart pipeline={kpis.pipeline} />
        </div>
        <div>
          <h3 className="sub-title">Activities</h3>
          <table className="kind-table" data-testid="kpi-activities">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col" className="num">Proactive</th>
                <th scope="col" className="num">Reactive</th>
              </tr>
            </thead>
            <tbody>
              {ACTIVITY_KINDS.map((kind) => (
                <tr key={kind} data-kind={kind}>
                  <th scope="row">{KIND_LABEL.get(kind)}</th>
                  <td className="num">{formatCount(kpis.activities[kind].proactive)}</td>
                  <td className="num">{formatCount(kpis.activities[kind].reactive)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
