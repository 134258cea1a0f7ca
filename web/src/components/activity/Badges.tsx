/** Small markers: a rep's tier, their pacing status, and a target's bullet bar. */
import type { PacingStatus, Tier } from "../../api/activityTypes.js";
import { formatCount, formatShare } from "../../utils/format.js";
import { formatDay } from "../../utils/periods.js";

const TIER_HINT: Record<Tier, string> = {
  A: "Tier A: top of the team on attainment and proactive activity",
  B: "Tier B: the middle of the team",
  C: "Tier C: the bottom of the team: coach first",
};

export function TierBadge({ tier }: { tier: Tier | null }) {
  if (tier === null) return <span className="tier tier-none" title="Not tiered this month (no quota and no proactive activity)">—</span>;
  return (
    <span className={`tier tier-${tier.toLowerCase()}`} title={TIER_HINT[tier]} data-tier={tier}>
      {tier}
    </span>
  );
}

const PACING_LABELS: Record<PacingStatus, string> = { "on-track": "On track", behind: "Behind", "at-risk": "At risk" };

export function PacingBadge({ status, since, reason }: { status: PacingStatus; since?: string | null; reason?: string }) {
  return (
    <span className={`pacing pacing-${status}`} title={reason} data-status={status}>
      {PACING_LABELS[status]}
      {since && <span className="pacing-since"> since {formatDay(since)}</span>}
    </span>
  );
}

/** Actual against target: the bar fills to the target mark and beyond (capped at 150%). */
export function BulletBar({ actual, target, label }: { actual: number; target: number; label: string }) {
  const width = 72;
  const scale = Math.max(target * 1.5, actual, 1);
  const fill = Math.min(actual / scale, 1) * width;
  const mark = (target / scale) * width;
  const met = actual >= target;
  const share = target > 0 ? actual / target : null;
  return (
    <span className="bullet" title={`${label}: ${formatCount(actual)} of ${formatCount(target)} (${formatShare(share)})`}>
      <span className="bullet-value">
        {formatCount(actual)}
        <span className="bullet-target">/{formatCount(target)}</span>
      </span>
      <svg width={width} height="8" aria-hidden="true" className="bullet-bar">
        <rect className="bullet-track" width={width} height="8" rx="2" />
        {fill > 0 && <rect className={met ? "bullet-fill bullet-met" : "bullet-fill"} width={fill} height="8" rx="2" />}
        {target > 0 && <line className="bullet-mark" x1={mark} x2={mark} y1="-1" y2="9" />}
      </svg>
    </span>
  );
}
