/**
 * The charts of the eagerly loaded pages, loaded on demand: recharts is a large library and the
 * entry chunk should not carry it. Each wrapper holds the chart's space (and its title, where it
 * has one) until the chunk is in, then draws the chart. Pages call preloadCharts() as they
 * mount, so the chunk downloads while their data does.
 *
 * A state hook rather than React.lazy: Suspense holds a resolved boundary back until its
 * fallback has shown for 300 ms, which would keep the charts blank that long after their chunk
 * arrived. Once the chunk is in, later charts draw at once.
 */
import { useEffect, useState, type ComponentType, type JSX, type ReactNode } from "react";
import { ACTIVITY_KINDS } from "../../api/types.js";
import { reachChartTitle } from "../../utils/nextLead.js";
import { SIZES } from "./sizes.js";
import type * as Charts from "./index.js";

type ChartsModule = typeof Charts;

let loaded: ChartsModule | undefined;
let loading: Promise<ChartsModule> | undefined;

/** The charts' chunk, loaded once; a failed load is tried again on the next call. */
function loadCharts(): Promise<ChartsModule> {
  loading ??= import("./index.js").then(
    (charts) => (loaded = charts),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Starts loading the charts' chunk ahead of the first chart (a failure shows where a chart would be). */
export function preloadCharts(): void {
  loadCharts().catch(() => undefined);
}

/** The charts' module once loaded; "failed" if the chunk could not be loaded. */
function useCharts(): ChartsModule | "failed" | undefined {
  const [charts, setCharts] = useState<ChartsModule | "failed" | undefined>(loaded);
  useEffect(() => {
    if (charts !== undefined) return;
    let live = true;
    loadCharts().then(
      (module) => live && setCharts(module),
      () => live && setCharts("failed"),
    );
    return () => {
      live = false;
    };
  }, [charts]);
  return charts;
}

function lazyChart<P extends object>(pick: (charts: ChartsModule) => ComponentType<P>, placeholder: (props: P, failed: boolean) => ReactNode) {
  return function LazyChart(props: P) {
    const charts = useCharts();
    if (charts === undefined || charts === "failed") return placeholder(props, charts === "failed");
    const Chart = pick(charts);
    return <Chart {...(props as P & JSX.IntrinsicAttributes)} />;
  };
}

/** A chart's frame while it loads: its title and an empty body of its height (or why it is empty). */
function Frame({ title, height, failed }: { title?: string; height: number; failed: boolean }) {
  return (
    <figure className="chart chart-loading" aria-busy={failed ? undefined : true}>
      {title && (
        <figcaption className="chart-caption">
          <span className="chart-title">{title}</span>
        </figcaption>
      )}
      <div className="chart-body" style={{ height }}>
        {failed && <p className="empty">The chart could not be loaded: reload the page to try again.</p>}
      </div>
    </figure>
  );
}

export const WeeklyChart = lazyChart((c) => c.WeeklyChart, ({ label, height = 180 }, failed) => <Frame title={label} height={height} failed={failed} />);
export const RatioTrendChart = lazyChart((c) => c.RatioTrendChart, ({ height = 180 }, failed) => <Frame title="Preemptive ratio per week" height={height} failed={failed} />);
export const ActivityMix = lazyChart((c) => c.ActivityMix, (_props, failed) => <Frame height={ACTIVITY_KINDS.length * SIZES.mixRow} failed={failed} />);
export const FunnelChart = lazyChart((c) => c.FunnelChart, ({ pipeline }, failed) => <Frame height={pipeline.length * SIZES.funnelRow} failed={failed} />);
export const ReachChart = lazyChart((c) => c.ReachChart, ({ leads, windowDays }, failed) => {
  const rows = leads.filter((l) => l.outcome === "points" && l.pointsNeeded !== null).length;
  return rows === 0 ? null : <Frame title={reachChartTitle(windowDays)} height={rows * SIZES.reachRow} failed={failed} />;
});
