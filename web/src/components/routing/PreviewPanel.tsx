/**
 * Preview: run a policy, with the parameters in the form (unsaved changes included), over the
 * team's last N leads without assigning anything, and see side by side who got each lead and
 * who would have. The API judges the parameters; its field errors go back to the form.
 */
import { useState, type FormEvent } from "react";
import { ApiError } from "../../api/client.js";
import { routingApi } from "../../api/routingEndpoints.js";
import type { PreviewResponse, RoutingPolicy } from "../../api/routingTypes.js";
import { formatCount, formatShare } from "../../utils/format.js";
import { formatDecisionTime, POLICY_LABELS } from "../../utils/leadFeed.js";
import { settingsErrors, type SettingsErrors } from "../../utils/routingSettings.js";
import { PolicyChoice } from "./PolicyChoice.js";
import { PreviewPerRep } from "./PreviewPerRep.js";

export function PreviewPanel({
  teamId,
  params,
  initialPolicy,
  onErrors,
}: {
  teamId: number;
  params: Record<string, unknown>;
  initialPolicy: RoutingPolicy;
  onErrors: (errors: SettingsErrors) => void;
}) {
  const [policy, setPolicy] = useState<RoutingPolicy>(initialPolicy);
  const [lastN, setLastN] = useState("50");
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<PreviewResponse | null>(null);
  const [lastNError, setLastNError] = useState<string | undefined>();
  const [onlyChanged, setOnlyChanged] = useState(false);

  const run = (event: FormEvent) => {
    event.preventDefault();
    setRunning(true);
    setLastNError(undefined);
    const n = lastN.trim();
    const body = { policy, params, lastN: (/^\d+$/.test(n) ? Number(n) : n) as number };
    routingApi.preview(teamId, body).then(
      (response) => {
        setResult(response);
        onErrors({ fields: {}, general: null });
        setRunning(false);
      },
      (err: unknown) => {
        const errors = err instanceof ApiError ? settingsErrors(err) : { fields: {}, general: String(err) };
        setLastNError(errors.fields.lastN);
        onErrors(errors);
        setRunning(false);
      },
    );
  };

  // Newest first, like the feed.
  const leads = result ? [...result.leads].reverse().filter((l) => !onlyChanged || l.changed) : [];
  return (
    <section className="panel preview" aria-label="Preview" data-testid="routing-preview">
      <h2 className="panel-title">Preview on recent leads</h2>
      <p className="muted preview-intro">Runs a policy with the parameters above (unsaved changes included) over the team's last leads, each as of its arrival. Nothing is assigned.</p>
      <form className="preview-form" onSubmit={run} noValidate>
        <PolicyChoice name="preview-policy" value={policy} onChange={setPolicy} />
        <div className="preview-run">
          <label className="field setting" data-field="lastN">
            <span>Last N leads</span>
            <input name="lastN" value={lastN} inputMode="numeric" onChange={(e) => setLastN(e.target.value)} aria-invalid={lastNError ? true : undefined} />
            {lastNError && (
              <span className="field-error" data-testid="setting-error-lastN">
                {lastNError}
              </span>
            )}
          </label>
          <button type="submit" className="button button-primary" disabled={running} data-testid="preview-run">
            {running ? "Running…" : "Run preview"}
          </button>
        </div>
      </form>
      {result && (
        <div className="preview-result" data-testid="preview-result" data-policy={result.policy}>
          <p className="preview-summary" data-testid="preview-summary">
            <b>{POLICY_LABELS[result.policy]}</b> on the last {formatCount(result.summary.leads)} leads:{" "}
            <b data-testid="preview-changed">{formatCount(result.summary.changedHands)}</b> would change hands (
            {formatShare(result.summary.leads > 0 ? result.summary.changedHands / result.summary.leads : null)}).
          </p>
          <PreviewPerRep actual={result.summary.actualPerRep} preview={result.summary.previewPerRep} />
          <label className="toggle preview-filter">
            <input type="checkbox" checked={onlyChanged} onChange={(e) => setOnlyChanged(e.target.checked)} />
            Only leads that change hands
          </label>
          <div className="table-wrap">
            <table className="rep-table compact preview-table" data-testid="preview-table">
              <thead>
                <tr>
                  <th scope="col">Lead</th>
                  <th scope="col">Arrived</th>
                  <th scope="col">Actually went to</th>
                  <th scope="col">Would go to</th>
                  <th scope="col">Why, under {POLICY_LABELS[result.policy]}</th>
                </tr>
              </thead>
              <tbody>
                {leads.map((lead) => (
                  <tr key={lead.lead} data-testid="preview-row" data-lead={lead.lead} data-changed={lead.changed} className={lead.changed ? "preview-changed" : undefined}>
                    <th scope="row">{lead.lead}</th>
                    <td>{formatDecisionTime(lead.arrivedAt)}</td>
                    <td data-col="actual">{lead.actual ?? <span className="muted-inline">not routed</span>}</td>
                    <td data-col="preview">
                      {lead.preview ?? <span className="muted-inline">nobody</span>}
                      {lead.changed && <span className="changed-mark" aria-label="changes hands"> ⇄</span>}
                    </td>
                    <td className="preview-reason" data-col="reason">
                      {lead.reason}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
