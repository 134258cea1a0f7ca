/** The team's sub-pages: its overview, its lead feed, and (managers, admins) its routing settings. */
import { useMe } from "../../hooks/useAuth.js";
import { Link } from "../../router.js";

type Tab = "overview" | "leads" | "routing";

export function TeamTabs({ teamId, current }: { teamId: number; current: Tab }) {
  const me = useMe();
  const manages = me.role === "admin" || (me.role === "manager" && (me.managedTeamIds.includes(teamId) || me.teamId === teamId));
  const tabs: { tab: Tab; to: string; label: string }[] = [
    ...(manages ? [{ tab: "overview" as const, to: `/teams/${teamId}`, label: "Overview" }] : []),
    { tab: "leads", to: `/teams/${teamId}/leads`, label: "Lead feed" },
    ...(manages ? [{ tab: "routing" as const, to: `/teams/${teamId}/routing`, label: "Routing settings" }] : []),
  ];
  if (tabs.length < 2) return null;
  return (
    <nav className="tabs" aria-label="Team pages">
      {tabs.map(({ tab, to, label }) => (
        <Link key={tab} to={to} className={tab === current ? "tab active" : "tab"} aria-current={tab === current ? "page" : undefined}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
