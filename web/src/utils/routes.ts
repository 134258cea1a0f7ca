/** The app's pages, matched from a pathname. */
export type Route =
  | { name: "home" }
  | { name: "signIn" }
  | { name: "teams" }
  | { name: "team"; teamId: number }
  | { name: "leadFeed"; teamId: number }
  | { name: "routingSettings"; teamId: number }
  | { name: "rep"; repId: number }
  | { name: "repTargets"; repId: number }
  | { name: "repWeek"; repId: number }
  | { name: "coaching" }
  | { name: "oneOnOne"; id: number }
  | { name: "leadership" }
  | { name: "notFound" };

const ID = "([1-9][0-9]{0,9})";
const PATTERNS: [RegExp, (match: RegExpExecArray) => Route][] = [
  [/^\/$/, () => ({ name: "home" })],
  [/^\/sign-in$/, () => ({ name: "signIn" })],
  [/^\/teams$/, () => ({ name: "teams" })],
  [new RegExp(`^/teams/${ID}$`), (m) => ({ name: "team", teamId: Number(m[1]) })],
  [new RegExp(`^/teams/${ID}/leads$`), (m) => ({ name: "leadFeed", teamId: Number(m[1]) })],
  [new RegExp(`^/teams/${ID}/routing$`), (m) => ({ name: "routingSettings", teamId: Number(m[1]) })],
  [new RegExp(`^/reps/${ID}$`), (m) => ({ name: "rep", repId: Number(m[1]) })],
  [new RegExp(`^/reps/${ID}/targets$`), (m) => ({ name: "repTargets", repId: Number(m[1]) })],
  [new RegExp(`^/reps/${ID}/week$`), (m) => ({ name: "repWeek", repId: Number(m[1]) })],
  [/^\/coaching$/, () => ({ name: "coaching" })],
  [new RegExp(`^/one-on-ones/${ID}$`), (m) => ({ name: "oneOnOne", id: Number(m[1]) })],
  [/^\/leadership$/, () => ({ name: "leadership" })],
];

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  for (const [pattern, build] of PATTERNS) {
    const match = pattern.exec(path);
    if (match) return build(match);
  }
  return { name: "notFound" };
}
