/**
 * A 1:1 agenda as a manager walks through it (D3): pacing, then warning signs, then the
 * early-stage deals that need attention (each with why it is there), then open promises.
 * Late-stage deals are not discussed: one line says how many.
 */
import type { ReactNode } from "react";
import type { Agenda, AgendaItem } from "../../api/cadenceTypes.js";
import { AGENDA_KIND_LABEL, agendaSections, type DealOnAgenda } from "../../utils/cadence.js";
import { formatMoney } from "../../utils/format.js";
import { RequestInfoButton } from "./RequestInfoButton.js";

/**
 * `requestFor`: the rep a manager may ask about a deal from here (omitted for the rep's own view).
 * `maxDeals`: a preview (the queue) lists the first deals and says how many more there are.
 */
export function AgendaView({ agenda, requestFor, maxDeals }: { agenda: Agenda; requestFor?: number; maxDeals?: number }) {
  const s = agendaSections(agenda);
  const deals = maxDeals === undefined ? s.deals : s.deals.slice(0, maxDeals);
  const nothing = agenda.items.length === 0;
  return (
    <div className="agenda" data-testid="agenda">
      {nothing && <p className="empty-line">Nothing raised: the early-stage deals have next steps, plans and strategies, and no warning sign shows.</p>}
      {s.pacing.length > 0 && (
        <AgendaSection title="Pacing">
          {s.pacing.map((item) => (
            <ItemLine key={item.key} item={item} />
          ))}
        </AgendaSection>
      )}
      {s.warnings.length > 0 && (
        <AgendaSection title="Warning signs" tone="warning">
          {s.warnings.map((item) => (
            <ItemLine key={item.key} item={item} />
          ))}
        </AgendaSection>
      )}
      {s.deals.length > 0 && (
        <AgendaSection title={`Early-stage deals to coach (${s.deals.length} of ${agenda.earlyStageDeals})`}>
          {deals.map((deal) => (
            <DealLine key={deal.opportunity.externalId} deal={deal} requestFor={requestFor} />
          ))}
          {deals.length < s.deals.length && <li className="agenda-more">+ {s.deals.length - deals.length} more on the full agenda</li>}
        </AgendaSection>
      )}
      {s.promises.length > 0 && (
        <AgendaSection title="Open promises">
          {s.promises.map((item) => (
            <ItemLine key={item.key} item={item} />
          ))}
        </AgendaSection>
      )}
      <p className="agenda-late" data-testid="late-stage-note">
        {agenda.lateStageNote ?? "No late-stage deals."}
      </p>
    </div>
  );
}

function AgendaSection({ title, tone, children }: { title: string; tone?: "warning"; children: ReactNode }) {
  return (
    <section className={`agenda-section${tone ? ` agenda-${tone}` : ""}`}>
      <h3 className="sub-title">{title}</h3>
      <ul className="agenda-items">{children}</ul>
    </section>
  );
}

function ItemLine({ item }: { item: AgendaItem }) {
  return (
    <li className="agenda-item" data-kind={item.kind} data-key={item.key}>
      <span className="agenda-title">{item.title}</span>
      <span className="agenda-why">{item.detail}</span>
    </li>
  );
}

/** One deal, its reasons as chips, and each reason's why. */
function DealLine({ deal, requestFor }: { deal: DealOnAgenda; requestFor?: number }) {
  const o = deal.opportunity;
  return (
    <li className="agenda-item agenda-deal" data-deal={o.externalId}>
      <div className="agenda-deal-head">
        <span className="agenda-title">
          {o.name ?? o.externalId} <span className="muted-inline">{o.name ? o.externalId : ""}</span>
        </span>
        <span className="muted-inline">
          {o.stage}
          {o.value !== null && ` · ${formatMoney(o.value / 100)}`}
        </span>
        {requestFor !== undefined && <RequestInfoButton repId={requestFor} subject={o.externalId} pending={false} onSent={() => undefined} />}
      </div>
      <ul className="agenda-reasons">
        {deal.items.map((item) => (
          <li key={item.key} data-kind={item.kind} data-key={item.key}>
            <span className="tag">{AGENDA_KIND_LABEL[item.kind]}</span> {item.detail}
          </li>
        ))}
      </ul>
    </li>
  );
}
