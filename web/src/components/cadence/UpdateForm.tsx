/**
 * Posting an update (D5): what it is about (the week, one of the rep's open deals, an
 * account), what it does (performatives as toggles) and, for a promise, the day it is due.
 * Ctrl+Enter (or ⌘+Enter) posts from the text; the API's field errors show beside their field.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { cadenceApi } from "../../api/cadenceEndpoints.js";
import type { OpenDeal, UpdateView } from "../../api/cadenceTypes.js";
import { ApiError } from "../../api/client.js";
import { dealLabel, initialUpdateForm, PERFORMATIVES, togglePerformative, updateBody, type UpdateFormState } from "../../utils/cadence.js";
import { AccountInput } from "../activity/AccountInput.js";

/** Set the subject from elsewhere on the page ("Answer", "Update" on a deal); `nonce` makes a repeat click count. */
export interface SubjectRequest {
  subject: string;
  nonce: number;
}

type Field = "subject" | "performatives" | "promiseDue" | "text";

export function UpdateForm({ deals, prefill, onPosted }: { deals: readonly OpenDeal[]; prefill: SubjectRequest | null; onPosted: (update: UpdateView) => void }) {
  const [form, setForm] = useState<UpdateFormState>(() => initialUpdateForm(new Date()));
  const [errors, setErrors] = useState<{ fields: Partial<Record<Field, string>>; general: string | null }>({ fields: {}, general: null });
  const [saving, setSaving] = useState(false);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const ids = { subject: useId(), text: useId(), due: useId() };

  useEffect(() => {
    if (!prefill) return;
    setForm((f) => ({ ...f, subject: prefill.subject }));
    formRef.current?.scrollIntoView({ block: "center" });
    textRef.current?.focus();
  }, [prefill]);

  const update = (patch: Partial<UpdateFormState>) => setForm((f) => ({ ...f, ...patch }));
  const promising = form.performatives.includes("promise");

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (saving) return;
    setSaving(true);
    setErrors({ fields: {}, general: null });
    try {
      const posted = await cadenceApi.postUpdate(updateBody(form));
      setForm(initialUpdateForm(new Date()));
      onPosted(posted);
    } catch (err) {
      setErrors(err instanceof ApiError ? splitErrors(err) : { fields: {}, general: String(err) });
    } finally {
      setSaving(false);
    }
  };

  const onTextKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  const fieldError = (field: Field) =>
    errors.fields[field] ? (
      <span className="field-error" data-testid={`update-error-${field}`}>
        {errors.fields[field]}
      </span>
    ) : null;

  return (
    <form ref={formRef} className="update-form" onSubmit={submit} noValidate data-testid="update-form">
      {errors.general && (
        <p className="form-error" role="alert">
          {errors.general}
        </p>
      )}
      <div className="form-grid">
        <label className="field" htmlFor={ids.subject}>
          <span>About</span>
          <select id={ids.subject} name="subject" value={form.subject} onChange={(e) => update({ subject: e.target.value })} aria-invalid={errors.fields.subject ? true : undefined}>
            <option value="rep">My week</option>
            {deals.length > 0 && (
              <optgroup label="Open deals">
                {deals.map((d) => (
                  <option key={d.externalId} value={d.externalId}>
                    {dealLabel(d)} ({d.stage})
                  </option>
                ))}
              </optgroup>
            )}
            <option value="account">An account…</option>
          </select>
          {form.subject !== "account" && fieldError("subject")}
        </label>
        {form.subject === "account" ? (
          <AccountInput value={form.account} optional={false} error={errors.fields.subject} onChange={(text) => update({ account: text })} />
        ) : (
          <span aria-hidden="true" />
        )}
      </div>
      <div className="field">
        <span id={`${ids.subject}-p`}>What it does</span>
        <div className="chips" role="group" aria-labelledby={`${ids.subject}-p`}>
          {PERFORMATIVES.map((p) => (
            <button
              key={p.value}
              type="button"
              className="chip"
              title={p.hint}
              aria-pressed={form.performatives.includes(p.value)}
              data-performative={p.value}
              onClick={() => update({ performatives: togglePerformative(form.performatives, p.value) })}
            >
              {p.label}
            </button>
          ))}
        </div>
        {fieldError("performatives")}
      </div>
      {promising && (
        <label className="field field-narrow" htmlFor={ids.due}>
          <span>Promise due</span>
          <input id={ids.due} type="date" name="promiseDue" value={form.promiseDue} onChange={(e) => update({ promiseDue: e.target.value })} aria-invalid={errors.fields.promiseDue ? true : undefined} />
          {fieldError("promiseDue")}
        </label>
      )}
      <label className="field" htmlFor={ids.text}>
        <span>Update</span>
        <textarea
          id={ids.text}
          ref={textRef}
          name="text"
          rows={3}
          value={form.text}
          placeholder={promising ? "What you will do, e.g. Send the revised proposal" : "Where it stands, what's next"}
          onChange={(e) => update({ text: e.target.value })}
          onKeyDown={onTextKeyDown}
        />
        {fieldError("text")}
      </label>
      <div className="form-actions">
        <span className="optional">Ctrl+Enter to post</span>
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? "Posting…" : "Post update"}
        </button>
      </div>
    </form>
  );
}

/** The API names the body's fields; a promise's due day may come back as `promiseDue` or under `promise`. */
function splitErrors(error: ApiError): { fields: Partial<Record<Field, string>>; general: string | null } {
  const fields: Partial<Record<Field, string>> = {};
  const rest: string[] = [];
  for (const { field, reason } of error.fields) {
    const name = field.split(".")[0] ?? field;
    const target: Field | undefined = name === "promise" ? "promiseDue" : (["subject", "performatives", "promiseDue", "text"] as const).find((f) => f === name);
    if (target && !fields[target]) fields[target] = reason;
    else if (!target) rest.push(`${field}: ${reason}`);
  }
  return { fields, general: error.fields.length === 0 ? error.message : rest.length ? rest.join("; ") : null };
}
