/**
 * What every recharts chart here shares: the palette (the CSS variables, so the charts follow
 * the stylesheet), quiet axes, and one tooltip box that says its values in plain words.
 */
import type { ReactNode } from "react";
import type { TooltipContentProps } from "recharts";

/** Colours as CSS variables: recharts writes them into SVG attributes, which resolve var(). */
export const COLOURS = {
  proactive: "var(--proactive)",
  reactive: "var(--reactive)",
  text: "var(--text)",
  muted: "var(--muted)",
  faint: "var(--faint)",
  grid: "var(--border)",
  gridStrong: "var(--border-strong)",
  track: "#eef0f6",
} as const;

/** The band behind the hovered bar: a faint tint, no outline. */
export const BAR_CURSOR = { fill: "rgb(79 70 229 / 0.06)", stroke: "none" } as const;

/** Axis tick text: small and faint, as the hand-drawn charts had it. */
export const AXIS_TICK = { fill: COLOURS.faint, fontSize: 11 } as const;

/** A horizontal bar chart's row labels: a category axis with no tick marks, no line, no row skipped (spread into <YAxis>). */
export const ROW_LABEL_AXIS = { type: "category", tickSize: 0, tickMargin: 10, axisLine: false, interval: 0 } as const;

/** The same at the right edge, for each row's value (give it its own yAxisId). */
export const ROW_VALUE_AXIS = { ...ROW_LABEL_AXIS, orientation: "right", tickMargin: 0 } as const;

/** Props every chart root takes: an accessible name, no keyboard tooltip layer (the chart is an image with a summary). */
export function chartRootProps(label: string) {
  return { role: "img", "aria-label": label, accessibilityLayer: false } as const;
}

export interface TooltipRow {
  label: string;
  value: string;
  /** A swatch class from the stylesheet (swatch-proactive, swatch-reactive…). */
  swatch?: string;
}

/** The tooltip's box: a title and a few label/value lines. */
export function TooltipBox({ title, rows, note }: { title: string; rows: readonly TooltipRow[]; note?: ReactNode }) {
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{title}</p>
      {rows.length > 0 && (
        <dl>
          {rows.map((row) => (
            <div key={row.label} className="chart-tooltip-row">
              <dt>
                {row.swatch && <span className={`swatch ${row.swatch}`} />}
                {row.label}
              </dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {note && <p className="chart-tooltip-note">{note}</p>}
    </div>
  );
}

/**
 * A tooltip `content` renderer from a function of the hovered data point: recharts hands over
 * the point as `payload[0].payload`.
 */
export function tooltipFor<T>(render: (datum: T) => ReactNode) {
  return function ChartTooltipContent({ active, payload }: TooltipContentProps) {
    const datum = payload?.[0]?.payload as T | undefined;
    return active && datum !== undefined ? render(datum) : null;
  };
}
