/**
 * A team's lead routing for its managers and admins: the policy and parameters (each save is
 * a new version, recorded in every decision made with it) and a preview of any policy and
 * parameters over recent leads, side by side with what actually happened.
 */
import { useState } from "react";
import { ApiError } from "../api/client.js";
import { routingApi } from "../api/routingEndpoints.js";
import type { RoutingSettings } from "../api/routingTypes.js";
import { PreviewPanel } from "../components/routing/PreviewPanel.js";
import { SettingsForm } from "../components/routing/SettingsForm.js";
import { TeamTabs } from "../components/routing/TeamTabs.js";
import { ErrorPanel, Loading } from "../components/States.js";
import { useTeam } from "../hooks/useData.js";
import { useRoutingSettings } from "../hooks/useRoutingData.js";
import { formatDecisionTime } from "../utils/leadFeed.js";
import { formFromSettings, NO_ERRORS, paramsFromForm, settingsErrors, type SettingsErrors } from "../utils/routingSettings.js";

export function RoutingSettingsPage({ teamId }: { teamId: number }) {
  const team = useTeam(teamId);
  const settings = useRoutingSettings(teamId);
  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{team.data?.team.name ?? "Team"}</p>
          <h1 data-testid="routing-title">Routing settings</h1>
          <p className="muted">How this team's leads are assigned. Every decision records the settings version it used.</p>
        </div>
      </div>
      <TeamTabs teamId={teamId} current="routing" />
      {settings.status === "loading" && <Loading label="Loading settings…" />}
      {settings.status === "error" && <ErrorPanel error={settings.error} what="team's routing settings" onRetry={settings.reload} />}
      {settings.status === "ready" && <RoutingSettingsEditor teamId={teamId} initial={settings.data} />}
    </>
  );
}

function RoutingSettingsEditor({ teamId, initial }: { teamId: number; initial: RoutingSettings }) {
  const [saved, setSaved] = useState(initial);
  const [form, setForm] = useState(() => formFromSettings(initial));
  const [errors, setErrors] = useState<SettingsErrors>(NO_ERRORS);
  const [saving, setSaving] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const params = paramsFromForm(form);
  const dirty = JSON.stringify({ policy: form.policy, params }) !== JSON.stringify({ policy: saved.policy, params: paramsFromForm(formFromSettings(saved)) });

  const save = () => {
    setSaving(true);
    setJustSaved(false);
    routingApi.saveSettings(teamId, { policy: form.policy, params }).then(
      (next) => {
        setSaved(next);
        setForm(formFromSettings(next));
        setErrors(NO_ERRORS);
        setJustSaved(true);
        setSaving(false);
      },
      (err: unknown) => {
        setErrors(err instanceof ApiError ? settingsErrors(err) : { fields: {}, general: String(err) });
        setSaving(false);
      },
    );
  };

  return (
    <>
      <section className="panel" aria-label="Settings">
        <div className="section-head">
          <h2 className="panel-title">Policy and parameters</h2>
          <p className="settings-version" data-testid="settings-version" data-version={saved.version} role="status">
            {justSaved && <span className="saved-note">Saved. </span>}
            {saved.version === 0 ? "Defaults (never changed)" : `Version ${saved.version}`}
            {saved.createdAt && `, saved ${formatDecisionTime(saved.createdAt)}`}
            {dirty && <span className="unsaved-note"> · unsaved changes</span>}
          </p>
        </div>
        <SettingsForm
          form={form}
          errors={errors}
          saving={saving}
          dirty={dirty}
          onChange={(next) => {
            setForm(next);
            setJustSaved(false);
          }}
          onSubmit={save}
          onReset={() => {
            setForm(formFromSettings(saved));
            setErrors(NO_ERRORS);
          }}
        />
      </section>
      <PreviewPanel teamId={teamId} params={params} initialPolicy={saved.policy} onErrors={setErrors} />
    </>
  );
}
