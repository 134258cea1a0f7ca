/** The last 30 days' activities by kind, as labelled horizontal bars. */
import { ACTIVITY_KINDS, type ActivityKind } from "../api/types.js";
import { formatCount } from "../utils/format.js";

const KIND_LABELS: Record<ActivityKind, string> = {
  call: "Calls",
  email: "Emails",
  meeting: "Meetings",
  visit: "Visits",
  proposal: "Proposals",
  "follow-up": "Follow-ups",
  "next-step": "Next steps",
  "opportunity-created": "Opps created",
};

export function ActivityMix({ byKind }: { byKind: Record<ActivityKind, number> }) {
  const max = Math.max(1, ...ACTIVITY_KINDS.map((kind) => byKind[kind] ?? 0));
  return (
    <ul className="mix" data-testid="activity-mix">
      {ACTIVITY_KINDS.map((kind) => {
        const count = byKind[kind] ?? 0;
        return (
          <li key={kind} className="mix-row">
            <span className="mix-label">{KIND_LABELS[kind]}</span>
            <svg className="mix-bar" width="100%" height="8" aria-hidden="true">
              <rect className="mix-track" width="100%" height="8" rx="4" />
              {count > 0 && <rect className="mix-fill" width={`${(100 * count) / max}%`} height="8" rx="4" />}
            </svg>
            <span className="mix-count">{formatCount(count)}</span>
          </li>
        );
      })}
    </ul>
  );
}
