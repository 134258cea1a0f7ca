/** The bar across the top: brand, where to go, who is signed in, and signing out. */
import { useState } from "react";
import { openActivityForm } from "../hooks/activityEvents.js";
import { useAuth, useMe } from "../hooks/useAuth.js";
import { Link, useLocation } from "../router.js";
import { formatRole } from "../utils/format.js";

export function TopNav() {
  const me = useMe();
  const { signOut } = useAuth();
  const { pathname } = useLocation();
  const [signingOut, setSigningOut] = useState(false);
  // Lead decisions are public to the team (D1): a rep reads their team's feed, a manager also
  // tunes routing for the team they run. Admins reach both from any team's page.
  const homeTeamId = me.role === "manager" ? (me.managedTeamIds[0] ?? me.teamId) : me.teamId;
  const teamLink = (suffix: "leads" | "routing", label: string) =>
    homeTeamId === null ? [] : [{ to: `/teams/${homeTeamId}/${suffix}`, label, active: pathname === `/teams/${homeTeamId}/${suffix}` }];
  const managerTeamLinks = me.role === "manager" ? [...teamLink("leads", "Lead feed"), ...teamLink("routing", "Routing")] : [];
  const links =
    me.role === "rep"
      ? [
          { to: `/reps/${me.id}`, label: "My page", active: pathname === `/reps/${me.id}` },
          { to: `/reps/${me.id}/week`, label: "My week", active: pathname === `/reps/${me.id}/week` },
          { to: `/reps/${me.id}/targets`, label: "My numbers", active: pathname === `/reps/${me.id}/targets` },
          ...teamLink("leads", "Lead feed"),
        ]
      : [
          { to: "/teams", label: "Teams", active: pathname.startsWith("/teams") && !managerTeamLinks.some((link) => link.active) },
          // The coaching queue is a manager's own: their 1:1s (D3).
          ...(me.role === "manager" ? [{ to: "/coaching", label: "Coaching", active: pathname === "/coaching" || pathname.startsWith("/one-on-ones/") }] : []),
          ...managerTeamLinks,
          { to: "/leadership", label: "Leadership", active: pathname === "/leadership" },
        ];

  const handleSignOut = () => {
    setSigningOut(true);
    // Signed out either way: the app then shows the sign-in page.
    signOut().catch(() => undefined);
  };

  return (
    <header className="topnav">
      <div className="topnav-inner">
        <Link to="/" className="brand" aria-label="Proactive home">
          <Logo />
          <span>Proactive</span>
        </Link>
        <nav className="topnav-links" aria-label="Main">
          {links.map((link) => (
            <Link key={link.to} to={link.to} className={link.active ? "active" : undefined} aria-current={link.active ? "page" : undefined}>
              {link.label}
            </Link>
          ))}
        </nav>
        <button type="button" className="button button-primary button-log" onClick={() => openActivityForm()} data-testid="nav-log-activity">
          Log activity
        </button>
        <div className="topnav-user">
          <span className="avatar" aria-hidden="true">
            {initials(me.name)}
          </span>
          <span className="user-text">
            <span className="user-name" data-testid="user-name">
              {me.name}
            </span>
            <span className="user-role">{formatRole(me.role)}</span>
          </span>
          <button type="button" className="button button-quiet" onClick={handleSignOut} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </div>
    </header>
  );
}

export function Logo() {
  return (
    <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true" className="logo">
      <rect width="32" height="32" rx="8" />
      <path d="M9 23V9h7.5a5 5 0 0 1 0 10H13" />
    </svg>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase();
}
