/**
 * Row heights of the horizontal bar charts, shared by the charts and by their placeholders
 * (charts/lazy.tsx), which hold the same space while recharts loads. No recharts import here.
 */
export const SIZES = {
  /** ActivityMix: one row per activity kind. */
  mixRow: 26,
  /** FunnelChart: one row per stage. */
  funnelRow: 30,
  /** ReachChart: one row per lead. */
  reachRow: 34,
} as const;
