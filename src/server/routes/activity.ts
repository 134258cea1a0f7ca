/**
 * Activity management (D2, D4, D6, D7), registered under /api/v1 with one line in app.ts:
 * activities, field visits (with the live stream), targets, alerts, scorecards, KPIs, tiers,
 * leadership and team settings. While the server listens, the pacing-alert job runs every
 * PROACTIVE_PACING_INTERVAL_MINUTES (60 by default, 0 = off); a server that never listens
 * (tests using inject) never runs it.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { raisePacingAlerts } from "../../store/pacing.js";
import type { RouteContext } from "../context.js";
import { VisitEventBus } from "../visit-events.js";
import { activityLogRoutes } from "./activities.js";
import { performanceRoutes } from "./performance.js";
import { visitRoutes } from "./visits.js";

export const activityRoutes: FastifyPluginAsyncZod<RouteContext> = async (app, context) => {
  const bus = new VisitEventBus();
  await app.register(activityLogRoutes, context);
  await app.register(visitRoutes, { ...context, bus });
  await app.register(performanceRoutes, context);

  // Open event streams would hold the server open: end them before it closes.
  app.addHook("preClose", async () => bus.closeAll());

  const minutes = context.env.PROACTIVE_PACING_INTERVAL_MINUTES;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  app.addHook("onListen", async () => {
    if (minutes <= 0 || timer) return;
    timer = setInterval(() => {
      if (running) return; // a slow run is never overlapped by the next
      running = true;
      raisePacingAlerts(context.store.db, context.now())
        .then((run) => app.log.info({ pacing: run }, "pacing alerts checked"))
        .catch((err: unknown) => app.log.error({ err }, "pacing alert job failed"))
        .finally(() => (running = false));
    }, minutes * 60_000);
    timer.unref();
  });
  app.addHook("onClose", async () => clearInterval(timer));
};
