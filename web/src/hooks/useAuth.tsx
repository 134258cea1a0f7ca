/**
 * Who is signed in. The session lives in an HttpOnly cookie, so the app asks /me on start,
 * and any 401 from the API afterwards means the session ended.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { ApiError, onUnauthorized } from "../api/client.js";
import { api } from "../api/endpoints.js";
import type { Me } from "../api/types.js";

/** Why nobody is signed in: never was this visit, the session ended, or the user signed out. */
export type SignedOutReason = "initial" | "expired" | "signedOut";

export type AuthState =
  | { status: "loading" }
  | { status: "signedOut"; reason: SignedOutReason }
  | { status: "signedIn"; me: Me }
  | { status: "failed"; error: ApiError };

interface AuthContextValue {
  state: AuthState;
  signIn(email: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
  retry(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api.me(controller.signal).then(
      (me) => setState({ status: "signedIn", me }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) setState({ status: "signedOut", reason: "initial" });
        else setState({ status: "failed", error: err instanceof ApiError ? err : new ApiError(0, "client_error", String(err)) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  useEffect(
    () => onUnauthorized(() => setState((previous) => (previous.status === "signedIn" ? { status: "signedOut", reason: "expired" } : previous))),
    [],
  );

  const signIn = useCallback(async (email: string, password: string) => {
    const { user } = await api.login(email, password);
    setState({ status: "signedIn", me: user });
    return user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setState({ status: "signedOut", reason: "signedOut" });
    }
  }, []);

  const retry = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut, retry }), [state, signIn, signOut, retry]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside <AuthProvider>");
  return value;
}

/** The signed-in user; only for components rendered inside the signed-in shell. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== "signedIn") throw new Error("useMe outside the signed-in app");
  return state.me;
}
