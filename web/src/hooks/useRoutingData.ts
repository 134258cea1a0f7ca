/** The lead-routing data the pages need, wired to the API. */
import { useCallback, useState } from "react";
import { ApiError } from "../api/client.js";
import { routingApi } from "../api/routingEndpoints.js";
import type { Decision } from "../api/routingTypes.js";
import { appendFeedPage } from "../utils/leadFeed.js";
import { useResource } from "./useResource.js";

export const FEED_PAGE_SIZE = 25;

export const useNextLead = (repId: number) => useResource(`next-lead:${repId}`, (signal) => routingApi.nextLead(repId, signal));
export const useRoutingSettings = (teamId: number) => useResource(`routing-settings:${teamId}`, (signal) => routingApi.settings(teamId, signal));

/**
 * The team's decisions, newest first: the first page on load, older ones on "load more"
 * (the API pages by decision id, so a decision made meanwhile never shifts a page).
 */
export function useLeadFeed(teamId: number) {
  const first = useResource(`lead-feed:${teamId}`, (signal) => routingApi.leadFeed(teamId, { limit: FEED_PAGE_SIZE }, signal));
  const [older, setOlder] = useState<{ key: number; decisions: Decision[]; exhausted: boolean }>({ key: teamId, decisions: [], exhausted: false });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<ApiError | null>(null);

  const current = older.key === teamId ? older : { key: teamId, decisions: [], exhausted: false };
  const decisions = first.data ? appendFeedPage(first.data.decisions, current.decisions) : [];
  const hasMore = first.data !== undefined && !current.exhausted && (current.decisions.length > 0 || first.data.decisions.length === FEED_PAGE_SIZE);
  const oldestId = decisions.at(-1)?.id;

  const loadMore = useCallback(() => {
    if (oldestId === undefined) return;
    setLoadingMore(true);
    setMoreError(null);
    routingApi.leadFeed(teamId, { limit: FEED_PAGE_SIZE, before: oldestId }).then(
      ({ decisions: page }) => {
        setOlder((previous) => ({
          key: teamId,
          decisions: appendFeedPage(previous.key === teamId ? previous.decisions : [], page),
          exhausted: page.length < FEED_PAGE_SIZE,
        }));
        setLoadingMore(false);
      },
      (err: unknown) => {
        setMoreError(err instanceof ApiError ? err : new ApiError(0, "client_error", String(err)));
        setLoadingMore(false);
      },
    );
  }, [teamId, oldestId]);

  return { status: first.status, error: first.error, reload: first.reload, decisions, hasMore, loadMore, loadingMore, moreError };
}
