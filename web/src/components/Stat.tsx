/** One headline number with its label and a short explanation. */
import type { ReactNode } from "react";

export function Stat({ label, value, detail, testId }: { label: string; value: ReactNode; detail?: ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      {detail && <div className="stat-detail">{detail}</div>}
    </div>
  );
}

export function OutOfOfficeBadge() {
  return <span className="badge badge-away">Out of office</span>;
}
