/** Routes the app: the sign-in page when signed out, the shell with its pages when signed in. */
import { lazy, Suspense } from "react";
import { ActivityDialogHost } from "./components/activity/ActivityDialog.js";
import { ErrorPanel, Loading } from "./components/States.js";
import { TopNav } from "./components/TopNav.js";
import { useAuth } from "./hooks/useAuth.js";
import { RepPage } from "./pages/RepPage.js";
import { SignInPage } from "./pages/SignInPage.js";
import { TeamPage } from "./pages/TeamPage.js";
import { TeamsPage } from "./pages/TeamsPage.js";
import { Link, navigate, Redirect, useLocation } from "./router.js";
import { landingPath, safeNextPath } from "./utils/landing.js";
import { matchRoute, type Route } from "./utils/routes.js";

// Pages a manager or rep opens less often load on demand, keeping the first load small.
const RepTargetsPage = lazy(() => import("./pages/RepTargetsPage.js").then((m) => ({ default: m.RepTargetsPage })));
const LeadershipPage = lazy(() => import("./pages/LeadershipPage.js").then((m) => ({ default: m.LeadershipPage })));
const WeekPage = lazy(() => import("./pages/WeekPage.js").then((m) => ({ default: m.WeekPage })));
const CoachingPage = lazy(() => import("./pages/CoachingPage.js").then((m) => ({ default: m.CoachingPage })));
const OneOnOnePage = lazy(() => import("./pages/OneOnOnePage.js").then((m) => ({ default: m.OneOnOnePage })));
const LeadFeedPage = lazy(() => import("./pages/LeadFeedPage.js").then((m) => ({ default: m.LeadFeedPage })));
const RoutingSettingsPage = lazy(() => import("./pages/RoutingSettingsPage.js").then((m) => ({ default: m.RoutingSettingsPage })));

export function App() {
  const { state, retry } = useAuth();
  const { pathname, search } = useLocation();
  const route = matchRoute(pathname);

  if (state.status === "loading") return <Loading label="Starting…" />;
  if (state.status === "failed") {
    return (
      <main className="page">
        <ErrorPanel error={state.error} what="app" onRetry={retry} />
      </main>
    );
  }
  if (state.status === "signedOut") {
    if (route.name !== "signIn") {
      // Keep where the user was heading, unless they chose to sign out.
      const keep = route.name !== "home" && state.reason !== "signedOut";
      const next = keep ? `?next=${encodeURIComponent(pathname)}` : "";
      return <Redirect to={`/sign-in${next}`} />;
    }
    // After signing in, go where the user was heading, else to their role's start page.
    return <SignInPage onSignedIn={() => navigate(safeNextPath(search.get("next")) ?? "/", { replace: true })} />;
  }
  if (route.name === "signIn" || route.name === "home") return <Redirect to={landingPath(state.me)} />;

  return (
    <>
      <TopNav />
      <main className="page" key={pathname}>
        <Suspense fallback={<Loading />}>
          <Page route={route} />
        </Suspense>
      </main>
      <ActivityDialogHost />
    </>
  );
}

function Page({ route }: { route: Exclude<Route, { name: "signIn" | "home" }> }) {
  switch (route.name) {
    case "teams":
      return <TeamsPage />;
    case "team":
      return <TeamPage teamId={route.teamId} />;
    case "leadFeed":
      return <LeadFeedPage teamId={route.teamId} />;
    case "routingSettings":
      return <RoutingSettingsPage teamId={route.teamId} />;
    case "rep":
      return <RepPage repId={route.repId} />;
    case "repTargets":
      return <RepTargetsPage repId={route.repId} />;
    case "leadership":
      return <LeadershipPage />;
    case "repWeek":
      return <WeekPage repId={route.repId} />;
    case "coaching":
      return <CoachingPage />;
    case "oneOnOne":
      return <OneOnOnePage id={route.id} />;
    case "notFound":
      return (
        <div className="state state-error" role="alert">
          <h2>Page not found</h2>
          <p>
            <Link to="/">Go to your start page</Link>
          </p>
        </div>
      );
  }
}
