/** An account name with suggestions from GET /accounts as you type (a native datalist). */
import { useEffect, useId, useState } from "react";
import { activityApi } from "../../api/activityEndpoints.js";
import type { AccountOption } from "../../api/activityTypes.js";

const DEBOUNCE_MS = 150;

export function AccountInput({
  value,
  onChange,
  error,
  label = "Account",
  optional = true,
}: {
  value: string;
  /** The typed text, and the account it names exactly among the suggestions (else null). */
  onChange: (text: string, picked: AccountOption | null) => void;
  error?: string;
  label?: string;
  /** Say "optional" beside the label (the activity form); false where the account is the point. */
  optional?: boolean;
}) {
  const listId = useId();
  const errorId = useId();
  const [options, setOptions] = useState<AccountOption[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      activityApi.accounts(value.trim(), controller.signal).then(setOptions, () => undefined);
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value]);

  return (
    <label className="field">
      <span>
        {label} {optional && <span className="optional">optional</span>}
      </span>
      <input
        name="account"
        value={value}
        list={listId}
        autoComplete="off"
        placeholder="Start typing a name"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => {
          const text = e.target.value;
          onChange(text, options.find((o) => o.name === text.trim()) ?? null);
        }}
      />
      <datalist id={listId}>
        {options.map((o) => (
          <option key={o.id} value={o.name} />
        ))}
      </datalist>
      {error && (
        <span className="field-error" id={errorId} data-testid="field-error-account">
          {error}
        </span>
      )}
    </label>
  );
}
