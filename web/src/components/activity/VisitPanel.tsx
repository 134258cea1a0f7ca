/**
 * Field visit check-in and check-out for a rep: the position comes from the browser when it
 * can give one, else from optional manual fields (the API needs a position to check in).
 */
import { useCallback, useState, type FormEvent } from "react";
import { activityApi } from "../../api/activityEndpoints.js";
import type { AccountOption, Activity } from "../../api/activityTypes.js";
import { ApiError } from "../../api/client.js";
import { announceActivityLogged } from "../../hooks/activityEvents.js";
import { useRecentActivities } from "../../hooks/useActivityData.js";
import { formatMinutes, minutesSince } from "../../utils/periods.js";
import { AccountInput } from "./AccountInput.js";

const POSITION_TIMEOUT_MS = 8000;

function currentPosition(): Promise<{ latitude: number; longitude: number } | null> {
  if (!("geolocation" in navigator)) return Promise.resolve(null);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude }),
      () => resolve(null),
      { timeout: POSITION_TIMEOUT_MS, maximumAge: 60_000 },
    ),
  );
}

export function VisitPanel({ repId, self }: { repId: number; self: boolean }) {
  const recent = useRecentActivities(repId);
  const open = recent.data?.activities.find((a) => a.kind === "visit" && a.checkOutAt === null && a.latitude !== null);
  const [account, setAccount] = useState<{ text: string; picked: AccountOption | null }>({ text: "", picked: null });
  const [manual, setManual] = useState<{ shown: boolean; latitude: string; longitude: string }>({ shown: false, latitude: "", longitude: "" });
  const [outcome, setOutcome] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const done = useCallback((visit: Activity) => {
    setBusy(false);
    setOutcome("");
    announceActivityLogged(visit);
  }, []);
  const fail = (err: unknown) => {
    setBusy(false);
    setError(err instanceof ApiError ? (err.fields.map((f) => `${f.field}: ${f.reason}`).join("; ") || err.message) : String(err));
  };

  const checkIn = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const typed = manual.latitude !== "" || manual.longitude !== "";
    const position = typed ? { latitude: Number(manual.latitude), longitude: Number(manual.longitude) } : await currentPosition();
    if (!position) {
      setBusy(false);
      setManual((m) => ({ ...m, shown: true }));
      setError("Your browser did not give a position: type it in.");
      return;
    }
    const name = account.text.trim();
    const target = account.picked && account.picked.name === name ? { accountId: account.picked.id } : { account: name };
    activityApi.checkIn({ ...target, ...position, ...(self ? {} : { repId }) }).then(done, fail);
  };

  const checkOut = (event: FormEvent) => {
    event.preventDefault();
    if (!open) return;
    setBusy(true);
    setError(null);
    activityApi.checkOut(open.id, { outcome: outcome.trim() }).then(done, fail);
  };

  if (open) {
    return (
      <form className="visit-form" onSubmit={checkOut} data-testid="visit-panel" data-open-visit={open.id}>
        <p>
          On site at <strong>{open.accountName ?? "an account"}</strong> for {formatMinutes(minutesSince(open.at, new Date()))}.
        </p>
        <label className="field">
          <span>Outcome</span>
          <input name="visit-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value)} placeholder="What came of it" />
        </label>
        {error && <p className="field-error">{error}</p>}
        <button type="submit" className="button button-primary" disabled={busy}>
          Check out
        </button>
      </form>
    );
  }
  return (
    <form className="visit-form" onSubmit={checkIn} data-testid="visit-panel">
      <AccountInput label="Account visited" value={account.text} onChange={(text, picked) => setAccount({ text, picked })} />
      {manual.shown && (
        <div className="form-grid">
          <label className="field">
            <span>Latitude</span>
            <input name="latitude" inputMode="decimal" value={manual.latitude} onChange={(e) => setManual({ ...manual, latitude: e.target.value })} />
          </label>
          <label className="field">
            <span>Longitude</span>
            <input name="longitude" inputMode="decimal" value={manual.longitude} onChange={(e) => setManual({ ...manual, longitude: e.target.value })} />
          </label>
        </div>
      )}
      {error && <p className="field-error">{error}</p>}
      <div className="visit-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Locating…" : "Check in"}
        </button>
        {!manual.shown && (
          <button type="button" className="button button-quiet" onClick={() => setManual({ ...manual, shown: true })}>
            Enter position
          </button>
        )}
      </div>
    </form>
  );
}
