/** Month or quarter: one select grouping the recent months and quarters. */
import { useMemo } from "react";
import { periodLabel, periodOptions } from "../../utils/periods.js";

export function PeriodPicker({ period, onChange }: { period: string; onChange: (period: string) => void }) {
  const { months, quarters } = useMemo(() => periodOptions(new Date(), { months: 12, quarters: 4 }), []);
  const known = [...months, ...quarters].some((o) => o.value === period);
  return (
    <label className="period-picker">
      <span className="visually-hidden">Period</span>
      <select value={period} onChange={(e) => onChange(e.target.value)} data-testid="period-picker">
        {!known && <option value={period}>{period ? periodLabel(period) : "This month"}</option>}
        <optgroup label="Months">
          {months.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </optgroup>
        <optgroup label="Quarters">
          {quarters.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </optgroup>
      </select>
    </label>
  );
}
