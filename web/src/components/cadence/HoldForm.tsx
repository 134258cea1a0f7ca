/**
 * Recording a 1:1 as it is run: private notes, decisions, and commitments with due days
 * (each becomes the rep's promise), then "held". Blank commitment rows are ignored.
 */
import { useState, type FormEvent } from "react";
import { cadenceApi } from "../../api/cadenceEndpoints.js";
import type { OneOnOneView } from "../../api/cadenceTypes.js";
import { ApiError } from "../../api/client.js";
import { defaultPromiseDue, holdBody, type CommitmentRow } from "../../utils/cadence.js";

export function HoldForm({ meetingId, onHeld }: { meetingId: number; onHeld: (held: OneOnOneView) => void }) {
  const [notes, setNotes] = useState("");
  const [decisions, setDecisions] = useState("");
  const [commitments, setCommitments] = useState<CommitmentRow[]>(() => [{ text: "", due: defaultPromiseDue(new Date()) }]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const setRow = (index: number, patch: Partial<CommitmentRow>) => setCommitments((rows) => rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const addRow = () => setCommitments((rows) => [...rows, { text: "", due: defaultPromiseDue(new Date()) }]);
  const removeRow = (index: number) => setCommitments((rows) => rows.filter((_, i) => i !== index));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      onHeld(await cadenceApi.hold(meetingId, holdBody({ notes, decisions, commitments })));
    } catch (err) {
      setError(err instanceof ApiError ? (err.fields.map((f) => f.reason).join("; ") || err.message) : String(err));
      setSaving(false);
    }
  };

  return (
    <form className="hold-form" onSubmit={submit} data-testid="hold-form">
      <label className="field">
        <span>
          Notes <span className="optional">private: the rep, you and admins</span>
        </span>
        <textarea name="notes" rows={5} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <label className="field">
        <span>Decisions</span>
        <textarea name="decisions" rows={3} value={decisions} onChange={(e) => setDecisions(e.target.value)} />
      </label>
      <fieldset className="commitments">
        <legend>
          Commitments <span className="optional">they become the rep's promises</span>
        </legend>
        {commitments.map((row, i) => (
          <div key={i} className="commitment-row" data-testid="commitment-row">
            <input aria-label={`Commitment ${i + 1}`} placeholder="What the rep will do" value={row.text} onChange={(e) => setRow(i, { text: e.target.value })} />
            <input aria-label={`Commitment ${i + 1} due`} type="date" value={row.due} onChange={(e) => setRow(i, { due: e.target.value })} />
            {commitments.length > 1 && (
              <button type="button" className="button button-small button-quiet" aria-label={`Remove commitment ${i + 1}`} onClick={() => removeRow(i)}>
                ✕
              </button>
            )}
          </div>
        ))}
        <button type="button" className="button button-small" onClick={addRow}>
          Add a commitment
        </button>
      </fieldset>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={saving} data-testid="mark-held">
          {saving ? "Saving…" : "Mark as held"}
        </button>
      </div>
    </form>
  );
}
