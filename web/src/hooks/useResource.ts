/** Loads one thing from the API for a component, cancelling when the key changes or it unmounts. */
import { useCallback, useEffect, useState } from "react";
import { ApiError } from "../api/client.js";

export type Resource<T> =
  | { status: "loading"; data?: undefined; error?: undefined }
  | { status: "ready"; data: T; error?: undefined }
  | { status: "error"; data?: undefined; error: ApiError };

export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Resource<T> & { reload: () => void } {
  const [state, setState] = useState<{ key: string; resource: Resource<T> }>({ key, resource: { status: "loading" } });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => (previous.key === key && previous.resource.status === "loading" ? previous : { key, resource: { status: "loading" } }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ key, resource: { status: "ready", data } });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const error = err instanceof ApiError ? err : new ApiError(0, "client_error", err instanceof Error ? err.message : String(err));
        setState({ key, resource: { status: "error", error } });
      },
    );
    return () => controller.abort();
    // `load` is keyed by `key`: a new function with the same key is the same request.
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  // A render with a new key must not show the previous key's data.
  const resource: Resource<T> = state.key === key ? state.resource : { status: "loading" };
  return { ...resource, reload };
}
