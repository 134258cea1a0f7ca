/**
 * The "Log activity" form, one for the whole app (opened from the nav or a rep's page):
 * a kind chip, proactive defaulting by kind, the time defaulting to now, and optional
 * account, duration and outcome. Enter submits; the API's field errors show beside their
 * field; success closes the form and shows a toast.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { activityApi } from "../../api/activityEndpoints.js";
import type { Activity } from "../../api/activityTypes.js";
import { ApiError } from "../../api/client.js";
import type { ActivityKind } from "../../api/types.js";
import { announceActivityLogged, closeActivityForm, useActivityFormRequest, useOnActivityLogged, type ActivityFormRequest } from "../../hooks/activityEvents.js";
import { activityBody, defaultProactive, fieldErrors, FORM_KINDS, initialFormState, type ActivityFormState, type FormField } from "../../utils/activityForm.js";
import { AccountInput } from "./AccountInput.js";

export function ActivityDialogHost() {
  const request = useActivityFormRequest();
  const [toast, setToast] = useState<string | null>(null);
  useOnActivityLogged(
    useCallback((activity: Activity) => {
      const kind = FORM_KINDS.find((k) => k.kind === activity.kind)?.label ?? activity.kind;
      setToast(`Logged: ${kind}${activity.accountName ? ` · ${activity.accountName}` : ""}${activity.proactive ? " (proactive)" : ""}`);
    }, []),
  );
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setToast(null), 4000);
    return () => clearTimeout(timer);
  }, [toast]);
  return (
    <>
      {request && <ActivityDialog request={request} />}
      <div className="toast-region" role="status" aria-live="polite">
        {toast && (
          <div className="toast" data-testid="toast">
            {toast}
          </div>
        )}
      </div>
    </>
  );
}

function ActivityDialog({ request }: { request: ActivityFormRequest }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [openedAt] = useState(() => initialFormState(new Date()).at);
  const [form, setForm] = useState<ActivityFormState>(() => initialFormState(new Date()));
  const [errors, setErrors] = useState<{ fields: Partial<Record<FormField, string>>; general: string | null }>({ fields: {}, general: null });
  const [saving, setSaving] = useState(false);
  const titleId = useId();

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    dialog?.querySelector<HTMLButtonElement>("[aria-pressed=true]")?.focus();
  }, []);

  const update = (patch: Partial<ActivityFormState>) => setForm((f) => ({ ...f, ...patch }));
  const chooseKind = (kind: ActivityKind) => update({ kind, proactive: defaultProactive(kind) });

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    setSaving(true);
    setErrors({ fields: {}, general: null });
    try {
      const activity = await activityApi.logActivity(activityBody(form, { openedAt, repId: request.repId }));
      closeActivityForm();
      announceActivityLogged(activity);
    } catch (err) {
      setErrors(err instanceof ApiError ? fieldErrors(err) : { fields: {}, general: String(err) });
      setSaving(false);
    }
  };

  // Enter submits from anywhere in the form (a chip too), except the multi-line outcome.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== "Enter" || event.shiftKey || (event.target as HTMLElement).tagName === "TEXTAREA") return;
    event.preventDefault();
    void submit();
  };

  const fieldError = (field: FormField) =>
    errors.fields[field] ? (
      <span className="field-error" data-testid={`field-error-${field}`}>
        {errors.fields[field]}
      </span>
    ) : null;

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby={titleId} onClose={closeActivityForm} data-testid="activity-dialog">
      <form onSubmit={submit} onKeyDown={onKeyDown} noValidate>
        <div className="dialog-head">
          <h2 id={titleId}>Log activity{request.repName ? ` for ${request.repName}` : ""}</h2>
          <button type="button" className="button button-quiet" onClick={closeActivityForm} aria-label="Close">
            ✕
          </button>
        </div>
        {errors.general && (
          <p className="form-error" role="alert" data-testid="form-error">
            {errors.general}
          </p>
        )}
        <div className="chips" role="group" aria-label="Kind">
          {FORM_KINDS.map((k) => (
            <button
              key={k.kind}
              type="button"
              className="chip"
              aria-pressed={form.kind === k.kind}
              data-kind={k.kind}
              onClick={() => chooseKind(k.kind)}
            >
              {k.label}
            </button>
          ))}
        </div>
        {fieldError("kind")}
        <div className="form-row">
          <label className="toggle">
            <input type="checkbox" name="proactive" checked={form.proactive} onChange={(e) => update({ proactive: e.target.checked })} />
            <span>Proactive</span>
            <span className="optional">{form.proactive ? "hunting: you reached out" : "reactive: following a deal or a request"}</span>
          </label>
          {fieldError("proactive")}
        </div>
        <div className="form-grid">
          <label className="field">
            <span>When</span>
            <input type="datetime-local" name="at" value={form.at} onChange={(e) => update({ at: e.target.value })} aria-invalid={errors.fields.at ? true : undefined} />
            {fieldError("at")}
          </label>
          <label className="field">
            <span>
              Duration, minutes <span className="optional">optional</span>
            </span>
            <input
              type="number"
              name="duration"
              min={0}
              inputMode="numeric"
              value={form.duration}
              onChange={(e) => update({ duration: e.target.value })}
              aria-invalid={errors.fields.duration ? true : undefined}
            />
            {fieldError("duration")}
          </label>
        </div>
        <AccountInput
          value={form.account}
          error={errors.fields.account}
          onChange={(text, picked) => update({ account: text, accountId: picked?.id ?? form.accountId, accountName: picked?.name ?? form.accountName })}
        />
        <label className="field">
          <span>
            Outcome <span className="optional">optional</span>
          </span>
          <input name="outcome" value={form.outcome} onChange={(e) => update({ outcome: e.target.value })} aria-invalid={errors.fields.outcome ? true : undefined} />
          {fieldError("outcome")}
        </label>
        {fieldError("repId")}
        <div className="dialog-actions">
          <span className="optional">Enter to save</span>
          <button type="button" className="button" onClick={closeActivityForm}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? "Saving…" : "Log activity"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
