/** One labelled settings input with its hint and the API's error beside it. */
import type { ReactNode } from "react";

export function SettingsField({
  name,
  label,
  hint,
  value,
  error,
  dimmed,
  placeholder,
  inputMode = "decimal",
  onChange,
}: {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  error?: string;
  /** The chosen policy ignores this field. */
  dimmed?: boolean;
  placeholder?: string;
  inputMode?: "decimal" | "numeric" | "text";
  onChange: (value: string) => void;
}) {
  const errorId = `${name}-error`;
  return (
    <label className={dimmed ? "field setting dimmed" : "field setting"} data-field={name}>
      <span>{label}</span>
      <input
        name={name}
        value={value}
        inputMode={inputMode}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        autoComplete="off"
      />
      {error ? (
        <span className="field-error" id={errorId} data-testid={`setting-error-${name}`}>
          {error}
        </span>
      ) : (
        hint && <span className="setting-hint">{hint}</span>
      )}
    </label>
  );
}
