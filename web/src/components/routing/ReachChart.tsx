/**
 * The leads more proactive activity would have won, nearest first: one bar per lead, its
 * length the extra points needed (on one scale), with the points in meetings or calls.
 */
import { Bar, BarChart, Tooltip, XAxis, YAxis, type BarShapeProps } from "recharts";
import type { NextLeadItem } from "../../api/routingTypes.js";
import { useElementWidth } from "../../hooks/useElementWidth.js";
import { formatPoints } from "../../utils/leadFeed.js";
import { pointsAsActivities, reachChartTitle } from "../../utils/nextLead.js";
import { BAR_CURSOR, chartRootProps, COLOURS, ROW_LABEL_AXIS, ROW_VALUE_AXIS, TooltipBox, tooltipFor } from "../charts/parts.js";
import { SIZES } from "../charts/sizes.js";
import { TwoLineTick } from "../charts/ticks.js";

const NAME_WIDTH = 190;
const POINTS_WIDTH = 80;
const WORDS_WIDTH = 210;

interface Datum {
  key: string;
  lead: NextLeadItem;
  points: number;
  words: string;
  /** " in 14 days", or "" without a window. */
  within: string;
}

function NeedBar({ x, y, width, height, payload }: BarShapeProps) {
  const d = payload as Datum;
  return (
    <g data-testid="reach-row" data-decision-id={d.lead.decisionId} data-points={d.points}>
      <rect className="need-fill" x={x} y={y} width={Math.max(0, width)} height={height} rx={height / 2} />
    </g>
  );
}

export function ReachChart({
  leads,
  weights,
  windowDays,
}: {
  leads: readonly NextLeadItem[];
  weights: Readonly<Record<string, number>> | null | undefined;
  windowDays: number | null | undefined;
}) {
  const within = windowDays ? ` in ${windowDays} days` : "";
  const data: Datum[] = leads
    .filter((l) => l.outcome === "points" && l.pointsNeeded !== null)
    .sort((a, b) => a.pointsNeeded! - b.pointsNeeded! || b.decisionId - a.decisionId)
    .map((lead) => ({ key: String(lead.decisionId), lead, points: lead.pointsNeeded!, words: pointsAsActivities(lead.pointsNeeded!, weights), within }));
  return data.length === 0 ? null : <ReachBars data={data} title={reachChartTitle(windowDays)} />;
}

const LeadTooltip = tooltipFor<Datum>((d) => (
  <TooltipBox
    title={`${d.lead.lead}${d.lead.product ? ` · ${d.lead.product}` : ""}`}
    rows={[{ label: `More proactive points${d.within}`, value: `+${formatPoints(d.points)}`, swatch: "swatch-proactive" }]}
    note={d.words || undefined}
  />
));

function ReachBars({ data, title }: { data: Datum[]; title: string }) {
  const [ref, width] = useElementWidth<HTMLElement>(720);
  // On a narrow screen the words move into the tooltip.
  const wide = width >= 640;
  const rightWidth = POINTS_WIDTH + (wide ? WORDS_WIDTH : 0);
  const byKey = new Map(data.map((d) => [d.key, d]));
  const summary = `${title}: ${data.map((d) => `${d.lead.lead} +${formatPoints(d.points)}`).join(", ")}.`;
  return (
    <figure className="reach" data-testid="reach-chart" ref={ref}>
      <figcaption className="chart-caption">
        <span className="chart-title">{title}</span>
      </figcaption>
      <BarChart responsive layout="vertical" style={{ width: "100%", height: data.length * SIZES.reachRow }} data={data} margin={{ top: 0, right: 0, bottom: 0, left: 0 }} barCategoryGap={11} {...chartRootProps(summary)}>
        <XAxis type="number" hide domain={[0, "dataMax"]} />
        <YAxis
          {...ROW_LABEL_AXIS}
          dataKey="key"
          width={wide ? NAME_WIDTH : 120}
          tick={
            <TwoLineTick
              text={(key) => {
                const d = byKey.get(key);
                return { name: d?.lead.lead ?? key, detail: d?.lead.product ?? "" };
              }}
            />
          }
        />
        <YAxis
          {...ROW_VALUE_AXIS}
          yAxisId="points"
          dataKey="key"
          width={rightWidth}
          tick={<PointsTick byKey={byKey} wide={wide} />}
        />
        <Tooltip content={LeadTooltip} cursor={BAR_CURSOR} isAnimationActive={false} />
        <Bar dataKey="points" fill={COLOURS.proactive} background={{ fill: COLOURS.track, radius: 5 }} minPointSize={4} shape={NeedBar} isAnimationActive={false} />
      </BarChart>
    </figure>
  );
}

/** "+12" right-aligned in its column, then "about 4 meetings or 12 calls" when there is room. */
function PointsTick({ x, y, payload, byKey, wide }: { x?: number | string; y?: number | string; payload?: { value: string }; byKey: Map<string, Datum>; wide: boolean }) {
  const d = payload && byKey.get(String(payload.value));
  if (x === undefined || y === undefined || !d) return null;
  const left = Number(x);
  return (
    <g>
      <text className="chart-count" x={left + POINTS_WIDTH - 4} y={Number(y)} dy="0.32em" textAnchor="end">
        +{formatPoints(d.points)}
      </text>
      {wide && d.words && (
        <text className="chart-label" x={left + POINTS_WIDTH + 8} y={Number(y)} dy="0.32em">
          {d.words}
        </text>
      )}
    </g>
  );
}
