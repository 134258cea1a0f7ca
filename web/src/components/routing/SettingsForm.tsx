/**
 * The team's routing settings as a form: policy, the merit/activity blend, merit smoothing and
 * windows, and the hard limits. Fields the chosen policy ignores are dimmed, not hidden, so a
 * leader switching policies keeps their numbers. The server validates; its errors show beside
 * the field they name.
 */
import type { FormEvent } from "react";
import { fieldMatters, SIMILARITY_KEYS, WEIGHT_KINDS, type NumberField, type SettingsErrors, type SettingsForm as Form, type WeightKind } from "../../utils/routingSettings.js";
import { PolicyChoice } from "./PolicyChoice.js";
import { SettingsField } from "./SettingsField.js";

const WEIGHT_LABELS: Record<WeightKind, string> = {
  call: "Call",
  email: "Email",
  meeting: "Meeting",
  visit: "Visit",
  proposal: "Proposal",
  "follow-up": "Follow-up",
  "next-step": "Next step",
  "opportunity-created": "Opportunity created",
};

const KEY_LABELS: Record<(typeof SIMILARITY_KEYS)[number], string> = { product: "Product", segment: "Segment", region: "Region", sizeBand: "Deal size band" };

export function SettingsForm({
  form,
  errors,
  saving,
  dirty,
  onChange,
  onSubmit,
  onReset,
}: {
  form: Form;
  errors: SettingsErrors;
  saving: boolean;
  dirty: boolean;
  onChange: (form: Form) => void;
  onSubmit: () => void;
  onReset: () => void;
}) {
  const number = (field: NumberField) => ({
    name: field,
    value: form.numbers[field],
    error: errors.fields[field],
    dimmed: !fieldMatters(form.policy, field),
    onChange: (value: string) => onChange({ ...form, numbers: { ...form.numbers, [field]: value } }),
  });
  const toggleKey = (key: string, on: boolean) =>
    onChange({ ...form, similarityKeys: on ? [...form.similarityKeys, key] : form.similarityKeys.filter((k) => k !== key) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };

  return (
    <form className="settings-form" onSubmit={submit} noValidate data-testid="routing-settings-form">
      <PolicyChoice name="policy" value={form.policy} onChange={(policy) => onChange({ ...form, policy })} error={errors.fields.policy} />

      <div className="settings-groups">
        <fieldset className="settings-group">
          <legend>The blend</legend>
          <SettingsField {...number("meritWeight")} label="Merit weight w" hint="S = M^w · A^(1−w); 0.5 weighs merit and activity equally (0 < w < 1)" />
          <SettingsField {...number("activityTarget")} label="Activity target T (points)" placeholder="75th percentile" hint="Activity counts up to T and no further. Blank: the team's 75th percentile" />
          <SettingsField {...number("activityWindowDays")} inputMode="numeric" label="Activity window (days)" hint="Proactive points count over this many days" />
        </fieldset>

        <fieldset className="settings-group">
          <legend>Merit</legend>
          <SettingsField {...number("smoothingK")} label="Smoothing k" hint="Pseudo-deals pulling each win rate towards the team's; higher is more cautious" />
          <SettingsField {...number("meritWindowDays")} inputMode="numeric" label="Merit window (days)" hint="Closed deals count over this many days" />
          <fieldset className={fieldMatters(form.policy, "similarityKeys") ? "setting keys" : "setting keys dimmed"} data-field="similarityKeys">
            <legend>Deals count as similar on</legend>
            <div className="chips">
              {SIMILARITY_KEYS.map((key) => (
                <label key={key} className="key-option">
                  <input type="checkbox" name={`similarity-${key}`} checked={form.similarityKeys.includes(key)} onChange={(e) => toggleKey(key, e.target.checked)} />
                  {KEY_LABELS[key]}
                </label>
              ))}
            </div>
            {errors.fields.similarityKeys && (
              <span className="field-error" data-testid="setting-error-similarityKeys">
                {errors.fields.similarityKeys}
              </span>
            )}
          </fieldset>
          <SettingsField
            name="sizeBandEdges"
            label="Size band edges"
            inputMode="text"
            value={form.sizeBandEdges}
            error={errors.fields.sizeBandEdges}
            dimmed={!fieldMatters(form.policy, "sizeBandEdges") || !form.similarityKeys.includes("sizeBand")}
            hint="Upper edges of the deal size bands, ascending, comma-separated"
            onChange={(sizeBandEdges) => onChange({ ...form, sizeBandEdges })}
          />
        </fieldset>

        <fieldset className="settings-group">
          <legend>Limits</legend>
          <SettingsField {...number("defaultCapacity")} inputMode="numeric" label="Open-lead capacity" placeholder="no cap" hint="For reps without a capacity of their own. Blank: no cap" />
          <SettingsField {...number("slaHours")} label="First-touch SLA (hours)" hint="An untouched lead is re-routed after this" />
          <SettingsField {...number("recentLeadsWindowDays")} inputMode="numeric" label="Tie-break window (days)" hint="On a tie, fewer leads received in this window wins" />
        </fieldset>
      </div>

      <fieldset className={fieldMatters(form.policy, "weights.call") ? "settings-group weights" : "settings-group weights dimmed"}>
        <legend>Points per proactive activity</legend>
        <div className="weight-grid">
          {WEIGHT_KINDS.map((kind) => (
            <SettingsField
              key={kind}
              name={`weights.${kind}`}
              label={WEIGHT_LABELS[kind]}
              value={form.weights[kind]}
              error={errors.fields[`weights.${kind}`]}
              onChange={(value) => onChange({ ...form, weights: { ...form.weights, [kind]: value } })}
            />
          ))}
        </div>
        <p className="setting-hint">Reactive work (answering inbound, taking orders) always counts 0. Multiples of 0.01.</p>
      </fieldset>

      {errors.general && (
        <p className="form-error" role="alert" data-testid="settings-error">
          {errors.general}
        </p>
      )}
      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={saving} data-testid="settings-save">
          {saving ? "Saving…" : "Save as new version"}
        </button>
        <button type="button" className="button" onClick={onReset} disabled={saving || !dirty}>
          Undo changes
        </button>
      </div>
    </form>
  );
}
