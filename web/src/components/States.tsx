/** Loading and error panels shared by every page. */
import type { ApiError } from "../api/client.js";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function ErrorPanel({ error, what, onRetry }: { error: ApiError; what: string; onRetry?: () => void }) {
  if (error.status === 403) {
    return (
      <div className="state state-error" role="alert" data-testid="forbidden">
        <h2>Not your {what}</h2>
        <p>You don't have access to this {what}. Ask your manager or an admin if you think you should.</p>
      </div>
    );
  }
  if (error.status === 404) {
    return (
      <div className="state state-error" role="alert" data-testid="not-found">
        <h2>No such {what}</h2>
        <p>It may have been removed, or the link is wrong.</p>
      </div>
    );
  }
  return (
    <div className="state state-error" role="alert">
      <h2>Couldn't load this {what}</h2>
      <p>{error.message}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
