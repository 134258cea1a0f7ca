/**
 * Axis ticks for the horizontal bar charts: a row's name on the left and its figures on the
 * right, each drawn as an axis of the chart so they line up with the bars. recharts clones
 * these with the tick's position and value (it also passes className and width, so the props
 * here have their own names).
 */
import type { ReactNode } from "react";
import type { BaseTickContentProps } from "recharts";

type Placed = Partial<Pick<BaseTickContentProps, "x" | "y" | "payload">>;

function place({ x, y, payload }: Placed): { x: number; y: number; value: string } | null {
  if (x === undefined || y === undefined || !payload) return null;
  return { x: Number(x), y: Number(y), value: String(payload.value) };
}

/** A left-hand row label, right-aligned against the bars (give the axis tickSize={0}). */
export function LabelTick({ labelClass = "chart-label", text, ...tick }: Placed & { labelClass?: string; text?: (value: string) => ReactNode }) {
  const at = place(tick);
  if (!at) return null;
  return (
    <text className={labelClass} x={at.x} y={at.y} dy="0.32em" textAnchor="end">
      {text ? text(at.value) : at.value}
    </text>
  );
}

/** A right-hand figure column, right-aligned at the chart's edge (give the axis tickSize={0} tickMargin={0}). */
export function CountTick({ axisWidth = 48, labelClass = "chart-count", text, ...tick }: Placed & { axisWidth?: number; labelClass?: string; text: (value: string) => ReactNode }) {
  const at = place(tick);
  if (!at) return null;
  return (
    <text className={labelClass} x={at.x + axisWidth} y={at.y} dy="0.32em" textAnchor="end">
      {text(at.value)}
    </text>
  );
}

/** Two lines: a name and, smaller below it, what it belongs to (a team, a product). */
export function TwoLineTick({ text, ...tick }: Placed & { text: (value: string) => { name: ReactNode; detail: ReactNode } }) {
  const at = place(tick);
  if (!at) return null;
  const { name, detail } = text(at.value);
  return (
    <text x={at.x} y={at.y} textAnchor="end">
      <tspan className="chart-label-strong" x={at.x} dy="-0.2em">
        {name}
      </tspan>
      <tspan className="chart-label-detail" x={at.x} dy="1.25em">
        {detail}
      </tspan>
    </text>
  );
}
