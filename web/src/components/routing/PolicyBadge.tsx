/** The policy a decision (or preview) used, as a small badge. */
import type { RoutingPolicy } from "../../api/routingTypes.js";
import { POLICY_LABELS } from "../../utils/leadFeed.js";

export function PolicyBadge({ policy }: { policy: RoutingPolicy }) {
  return <span className={`policy policy-${policy}`}>{POLICY_LABELS[policy]}</span>;
}
