/** Pick a routing policy: three radio cards, each with what it does in one line. */
import type { RoutingPolicy } from "../../api/routingTypes.js";
import { POLICY_LABELS } from "../../utils/leadFeed.js";
import { ROUTING_POLICIES } from "../../utils/routingSettings.js";

export const POLICY_DESCRIPTIONS: Record<RoutingPolicy, string> = {
  equilibrium: "The rep both good at winning deals like the lead and recently proactive. Strong in only one is not enough.",
  "milk-round": "Baseline: strict rotation, skipping reps who fail a constraint. Ignores who can win the deal.",
  "top-performer": "Baseline: the best closer on deals like the lead. Rewards waiting over hunting.",
};

export function PolicyChoice({ name, value, onChange, error }: { name: string; value: RoutingPolicy; onChange: (policy: RoutingPolicy) => void; error?: string }) {
  return (
    <fieldset className="policy-choice" data-testid={`${name}-choice`}>
      <legend className="visually-hidden">Policy</legend>
      {ROUTING_POLICIES.map((policy) => (
        <label key={policy} className={policy === value ? "policy-option selected" : "policy-option"}>
          <input type="radio" name={name} value={policy} checked={policy === value} onChange={() => onChange(policy)} />
          <span className="policy-option-name">{POLICY_LABELS[policy]}</span>
          <span className="policy-option-text">{POLICY_DESCRIPTIONS[policy]}</span>
        </label>
      ))}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}
