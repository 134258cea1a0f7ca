/** The last 30 days' activities by kind, as labelled horizontal bars with the count at the end. */
import { Bar, BarChart, Tooltip, XAxis, YAxis } from "recharts";
import { ACTIVITY_KINDS, type ActivityKind } from "../api/types.js";
import { formatCount } from "../utils/format.js";
import { BAR_CURSOR, chartRootProps, COLOURS, ROW_LABEL_AXIS, ROW_VALUE_AXIS, TooltipBox, tooltipFor } from "./charts/parts.js";
import { SIZES } from "./charts/sizes.js";
import { CountTick, LabelTick } from "./charts/ticks.js";

const KIND_LABELS: Record<ActivityKind, string> = {
  call: "Calls",
  email: "Emails",
  meeting: "Meetings",
  visit: "Visits",
  proposal: "Proposals",
  "follow-up": "Follow-ups",
  "next-step": "Next steps",
  "opportunity-created": "Opps created",
};

const COUNT_WIDTH = 48;

interface KindCount {
  kind: ActivityKind;
  label: string;
  count: number;
}

const KindTooltip = tooltipFor<KindCount>((d) => <TooltipBox title={d.label} rows={[{ label: "Last 30 days", value: formatCount(d.count), swatch: "swatch-proactive" }]} />);

export function ActivityMix({ byKind }: { byKind: Record<ActivityKind, number> }) {
  const data: KindCount[] = ACTIVITY_KINDS.map((kind) => ({ kind, label: KIND_LABELS[kind], count: byKind[kind] ?? 0 }));
  const counts = new Map(data.map((d) => [d.label, formatCount(d.count)]));
  const max = Math.max(1, ...data.map((d) => d.count));
  const summary = `Last 30 days by kind: ${data.map((d) => `${formatCount(d.count)} ${d.label.toLowerCase()}`).join(", ")}.`;
  return (
    <div className="mix" data-testid="activity-mix">
      <BarChart responsive layout="vertical" style={{ width: "100%", height: data.length * SIZES.mixRow }} data={data} margin={{ top: 0, right: 0, bottom: 0, left: 0 }} barCategoryGap={9} {...chartRootProps(summary)}>
        <XAxis type="number" hide domain={[0, max]} />
        <YAxis {...ROW_LABEL_AXIS} dataKey="label" width={104} tick={<LabelTick />} />
        <YAxis {...ROW_VALUE_AXIS} yAxisId="count" dataKey="label" width={COUNT_WIDTH} tick={<CountTick axisWidth={COUNT_WIDTH} text={(label) => counts.get(label) ?? ""} />} />
        <Tooltip content={KindTooltip} cursor={BAR_CURSOR} isAnimationActive={false} />
        <Bar dataKey="count" fill={COLOURS.proactive} background={{ fill: "#e8ebf3", radius: 4 }} radius={4} isAnimationActive={false} />
      </BarChart>
    </div>
  );
}
