/**
 * The rep's promises: open ones (the rep marks them kept or broken), and those kept or broken
 * this week. A promise not marked by the end of its due day counts as broken (docs/CADENCE.md).
 */
import { useState } from "react";
import { cadenceApi } from "../../api/cadenceEndpoints.js";
import type { CadencePromise, OpenDeal, Week } from "../../api/cadenceTypes.js";
import { ApiError } from "../../api/client.js";
import { promiseDueLabel, subjectLabel } from "../../utils/cadence.js";
import { formatDay } from "../../utils/periods.js";

export function PromiseList({ promises, deals, self, now, onMarked }: { promises: Week["promises"]; deals: readonly OpenDeal[]; self: boolean; now: Date; onMarked: () => void }) {
  const { open, kept, broken } = promises;
  return (
    <div className="promises" data-testid="promises">
      <PromiseGroup title="Open" state="open" items={open} empty="No open promises." deals={deals} self={self} now={now} onMarked={onMarked} />
      <PromiseGroup title="Kept this week" state="kept" items={kept} empty="None yet." deals={deals} self={self} now={now} onMarked={onMarked} />
      <PromiseGroup title="Broken this week" state="broken" items={broken} empty="None." deals={deals} self={self} now={now} onMarked={onMarked} />
    </div>
  );
}

function PromiseGroup(props: { title: string; state: CadencePromise["state"]; items: readonly CadencePromise[]; empty: string; deals: readonly OpenDeal[]; self: boolean; now: Date; onMarked: () => void }) {
  return (
    <section className="promise-group" data-state={props.state} aria-label={`${props.title} promises`}>
      <h3 className="sub-title">
        {props.title} <span className="muted-inline">{props.items.length}</span>
      </h3>
      {props.items.length === 0 ? (
        <p className="empty-line">{props.empty}</p>
      ) : (
        <ul className="cadence-list">
          {props.items.map((p) => (
            <PromiseItem key={p.id} promise={p} {...props} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PromiseItem({ promise, deals, self, now, onMarked }: { promise: CadencePromise; deals: readonly OpenDeal[]; self: boolean; now: Date; onMarked: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mark = async (how: "kept" | "broken") => {
    setBusy(true);
    setError(null);
    try {
      await cadenceApi.markPromise(promise.id, how);
      onMarked();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setBusy(false);
    }
  };
  return (
    <li className="cadence-item" data-promise-id={promise.id}>
      <div className="cadence-item-head">
        <span className="cadence-subject">{promise.text || "(no text)"}</span>
        <span className="cadence-when">
          {promise.state === "open" ? promiseDueLabel(promise.due, now) : promise.state === "kept" ? `kept · was due ${formatDay(promise.due)}` : `broken · was due ${formatDay(promise.due)}`}
        </span>
      </div>
      <p className="cadence-meta">
        {subjectLabel(promise.subject, deals, self)}
        {promise.oneOnOneId !== null && " · committed in a 1:1"}
      </p>
      {self && promise.state === "open" && (
        <div className="item-actions">
          <button type="button" className="button button-small" disabled={busy} onClick={() => void mark("kept")}>
            Kept
          </button>
          <button type="button" className="button button-small button-quiet" disabled={busy} onClick={() => void mark("broken")}>
            Broken
          </button>
        </div>
      )}
      {error && <p className="field-error">{error}</p>}
    </li>
  );
}
