/**
 * The rep's open deals, early-stage first. The rep posts an update on one; their manager
 * requests information on one (a deal with a request still open says so instead).
 */
import { useState } from "react";
import type { OpenDeal, RequestView } from "../../api/cadenceTypes.js";
import { formatMoney } from "../../utils/format.js";
import { RequestInfoButton } from "./RequestInfoButton.js";

const SHOWN_AT_FIRST = 8;

export function OpenDeals({
  deals,
  repId,
  self,
  openRequests,
  onUpdate,
  onRequested,
}: {
  deals: readonly OpenDeal[];
  repId: number;
  self: boolean;
  openRequests: readonly RequestView[];
  onUpdate: (subject: string) => void;
  onRequested: () => void;
}) {
  const [showAll, setShowAll] = useState(false);
  if (deals.length === 0) return <p className="empty-line">No open deals.</p>;
  const asked = new Set(openRequests.map((r) => r.subject));
  const shown = showAll ? deals : deals.slice(0, SHOWN_AT_FIRST);
  return (
    <>
      <table className="rep-table compact deal-table" data-testid="open-deals">
        <thead>
          <tr>
            <th scope="col">Deal</th>
            <th scope="col">Stage</th>
            <th scope="col" className="num">Value</th>
            <th scope="col" className="visually-hidden">
              Action
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((d) => (
            <tr key={d.externalId} data-deal={d.externalId} data-phase={d.phase}>
              <th scope="row">
                {d.accountName ?? "No account"} <span className="muted-inline">{d.externalId}</span>
              </th>
              <td data-label="Stage">
                {d.stage}
                {d.phase === "late" && <span className="muted-inline"> · late</span>}
              </td>
              <td className="num" data-label="Value">
                {d.value === null ? "—" : formatMoney(d.value)}
              </td>
              <td className="deal-action">
                {self ? (
                  <button type="button" className="button button-small" onClick={() => onUpdate(d.externalId)}>
                    Update
                  </button>
                ) : (
                  <RequestInfoButton repId={repId} subject={d.externalId} pending={asked.has(d.externalId)} onSent={onRequested} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deals.length > SHOWN_AT_FIRST && (
        <button type="button" className="button button-quiet show-more" onClick={() => setShowAll(!showAll)}>
          {showAll ? "Show fewer" : `Show all ${deals.length} open deals`}
        </button>
      )}
    </>
  );
}
