/** A rep's latest activities, newest first (reloads when the form logs one). */
import { useRecentActivities } from "../../hooks/useActivityData.js";
import { FORM_KINDS } from "../../utils/activityForm.js";
import { formatMinutes } from "../../utils/periods.js";
import { ErrorPanel, Loading } from "../States.js";

const KIND_LABEL = new Map(FORM_KINDS.map((k) => [k.kind, k.label]));

export function RecentActivities({ repId }: { repId: number }) {
  const resource = useRecentActivities(repId);
  if (resource.status === "loading") return <Loading />;
  if (resource.status === "error") return <ErrorPanel error={resource.error} what="activities" onRetry={resource.reload} />;
  const { activities } = resource.data;
  if (activities.length === 0) return <p className="empty">Nothing logged yet.</p>;
  return (
    <ul className="recent" data-testid="recent-activities">
      {activities.map((a) => (
        <li key={a.id} className="recent-item" data-activity-id={a.id} data-kind={a.kind}>
          <span className={a.proactive ? "recent-kind recent-proactive" : "recent-kind"}>{KIND_LABEL.get(a.kind) ?? a.kind}</span>
          <span className="recent-what">
            {a.accountName ?? "—"}
            {a.outcome && <span className="muted-inline"> · {a.outcome}</span>}
            {a.durationMinutes !== null && <span className="muted-inline"> · {formatMinutes(a.durationMinutes)}</span>}
          </span>
          <time className="recent-when" dateTime={a.at}>
            {new Date(a.at).toLocaleString("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" })}
          </time>
        </li>
      ))}
    </ul>
  );
}
