/**
 * The recharts charts that pages in the entry chunk (team and rep pages) show. charts/lazy.tsx
 * imports this module on demand, so recharts stays out of the entry chunk. Pages that are
 * themselves lazy (targets, leadership, routing settings) import their charts directly.
 */
export { ActivityMix } from "../ActivityMix.js";
export { FunnelChart } from "../activity/FunnelChart.js";
export { RatioTrendChart } from "../cadence/RatioTrendChart.js";
export { ReachChart } from "../routing/ReachChart.js";
export { WeeklyChart } from "../WeeklyChart.js";
