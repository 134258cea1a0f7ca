/** Every team the user may see, as cards grouped by office. */
import { ErrorPanel, Loading } from "../components/States.js";
import { useTeams } from "../hooks/useData.js";
import { Link } from "../router.js";
import { groupTeamsByOffice } from "../utils/groupTeams.js";

export function TeamsPage() {
  const teams = useTeams();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Teams</h1>
          <p className="muted">Pick a team to see its pipeline and how proactive its reps are.</p>
        </div>
      </div>
      {teams.status === "loading" && <Loading label="Loading teams…" />}
      {teams.status === "error" && <ErrorPanel error={teams.error} what="team list" onRetry={teams.reload} />}
      {teams.status === "ready" &&
        (teams.data.length === 0 ? (
          <p className="empty">No teams yet. Import your CRM data or load the demo to get started.</p>
        ) : (
          <div className="team-groups" data-testid="team-list">
            {groupTeamsByOffice(teams.data).map((group) => (
              <section key={group.office ?? ""} className="team-group" aria-label={group.office ?? "Other teams"}>
                <h2 className="team-group-title">{group.office ?? "Other teams"}</h2>
                <ul className="team-grid">
                  {group.teams.map((team) => (
                    <li key={team.id}>
                      <Link to={`/teams/${team.id}`} className="card team-card" data-team-id={team.id}>
                        <span className="team-card-name">{team.name}</span>
                        <dl className="team-card-facts">
                          <div>
                            <dt>Office</dt>
                            <dd>{team.parentName ?? "—"}</dd>
                          </div>
                          <div>
                            <dt>Manager</dt>
                            <dd>{team.managerName ?? "No manager"}</dd>
                          </div>
                          <div>
                            <dt>Reps</dt>
                            <dd>{team.repCount}</dd>
                          </div>
                        </dl>
                      </Link>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        ))}
    </>
  );
}
