/**
 * A manager's "request information" on a deal or the rep's week (D5): logged, and open until
 * the rep's next update on that subject. A short note is optional; Enter sends.
 */
import { useState, type FormEvent } from "react";
import { cadenceApi } from "../../api/cadenceEndpoints.js";
import { ApiError } from "../../api/client.js";

export function RequestInfoButton({ repId, subject, pending, onSent, label = "Request info" }: { repId: number; subject: string; pending: boolean; onSent: () => void; label?: string }) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Sent from here: say so at once, whether or not the caller reloads what is pending.
  const [sent, setSent] = useState(false);

  if ((pending || sent) && !open) {
    return (
      <span className="flag flag-answered" title="Open until the rep posts an update on it" data-testid="request-pending">
        Requested
      </span>
    );
  }
  if (!open) {
    return (
      <button type="button" className="button button-small" onClick={() => setOpen(true)} data-testid="request-info">
        {label}
      </button>
    );
  }

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setSending(true);
    setError(null);
    try {
      await cadenceApi.postRequest({ rep: repId, subject, text: text.trim() });
      setOpen(false);
      setText("");
      setSent(true);
      onSent();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="request-form" onSubmit={send} data-testid="request-form">
      <input
        aria-label="What do you need to know?"
        placeholder="What do you need to know?"
        value={text}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
      />
      <button type="submit" className="button button-small button-primary" disabled={sending}>
        {sending ? "Sending…" : "Send request"}
      </button>
      <button type="button" className="button button-small button-quiet" onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && <span className="field-error">{error}</span>}
    </form>
  );
}
