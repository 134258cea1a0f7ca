/** A proactive share as a percent and a small inline bar. */
import { formatShare } from "../utils/format.js";

export function ShareBar({ share }: { share: number | null }) {
  const percent = share === null ? 0 : Math.round(Math.min(1, Math.max(0, share)) * 100);
  return (
    <span className="share">
      <span className="share-value">{formatShare(share)}</span>
      <svg className="share-bar" width="64" height="6" aria-hidden="true">
        <rect className="share-track" width="64" height="6" rx="3" />
        {percent > 0 && <rect className="share-fill" width={(64 * percent) / 100} height="6" rx="3" />}
      </svg>
    </span>
  );
}
