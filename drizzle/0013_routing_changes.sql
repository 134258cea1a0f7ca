CREATE TABLE "routing_changes" (
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"rep_id" integer NOT NULL,
	"logged_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_changes_horizon" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"xid" "xid8" NOT NULL
);
--> statement-breakpoint
CREATE INDEX "routing_changes_xid_idx" ON "routing_changes" USING btree ("xid");--> statement-breakpoint
CREATE INDEX "routing_changes_logged_at_idx" ON "routing_changes" USING btree ("logged_at");--> statement-breakpoint

-- Hand-written from here: what fills routing_changes (see src/store/schema.ts and
-- src/store/routing/counts-cache.ts). A decision's counts are a function of the rows of
-- routing_rep_snapshot, routing_merit_snapshot and rep_lead_load alone, so logging the reps whose
-- rows change there — whatever write changed them — is a complete record of what a cached copy
-- can miss. Inserts into the snapshot tables are left out: a new row changes no row anyone has
-- read (the key was absent), and builders insert a whole team at once.
INSERT INTO routing_changes_horizon (id, xid) VALUES (1, '0');
--> statement-breakpoint
CREATE FUNCTION routing_changes_log_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO routing_changes (rep_id) SELECT DISTINCT rep_id FROM new_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION routing_changes_log_old() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO routing_changes (rep_id) SELECT DISTINCT rep_id FROM old_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER routing_rep_snapshot_changes_update AFTER UPDATE ON routing_rep_snapshot
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_changes_log_new();
--> statement-breakpoint
CREATE TRIGGER routing_rep_snapshot_changes_delete AFTER DELETE ON routing_rep_snapshot
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_changes_log_old();
--> statement-breakpoint
CREATE TRIGGER routing_merit_snapshot_changes_update AFTER UPDATE ON routing_merit_snapshot
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_changes_log_new();
--> statement-breakpoint
CREATE TRIGGER routing_merit_snapshot_changes_delete AFTER DELETE ON routing_merit_snapshot
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_changes_log_old();
--> statement-breakpoint
CREATE TRIGGER rep_lead_load_changes_insert AFTER INSERT ON rep_lead_load
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_changes_log_new();
--> statement-breakpoint
CREATE TRIGGER rep_lead_load_changes_update AFTER UPDATE ON rep_lead_load
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_changes_log_new();
--> statement-breakpoint
CREATE TRIGGER rep_lead_load_changes_delete AFTER DELETE ON rep_lead_load
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_changes_log_old();
--> statement-breakpoint

-- A decision's read of its team's cached rows (src/store/routing/counts-cache.ts), in one
-- database snapshot (STABLE: every statement here sees the caller's snapshot, which
-- pg_current_snapshot() returns) and with its plans kept by PL/pgSQL between calls: the reps
-- logged by transactions `old_snapshot` did not see, whether the cache must start over (no
-- snapshot yet, or the log was pruned past it), the versions the caller checks its member list
-- and settings against, and the rows of the members changed or needed (all of them on a start
-- over): rep rows, merit rows of `sig`, open leads. Its work grows with what changed, not with
-- the team.
--
-- A snapshot never lists its own transaction as running, so when a decision's transaction had
-- its id before the read, a later snapshot would count that transaction's own changes (the lead
-- it assigns) as seen: `old_own` passes that id along with `old_snapshot`, and its changes count
-- as unseen.
CREATE FUNCTION routing_counts_refresh(old_snapshot text, old_own text, team integer, members integer[], need integer[], rep_days date[], merit_days date[], sig text)
RETURNS json STABLE LANGUAGE plpgsql AS $$
DECLARE
  old_snap pg_snapshot := nullif(old_snapshot, '')::pg_snapshot;
  own xid8 := nullif(old_own, '')::xid8;
  start_over boolean;
  changed integer[];
  want integer[];
BEGIN
  SELECT old_snap IS NULL OR h.xid >= pg_snapshot_xmin(old_snap) INTO start_over FROM routing_changes_horizon h WHERE h.id = 1;
  IF old_snap IS NOT NULL THEN
    SELECT array_agg(DISTINCT c.rep_id) INTO changed
    FROM routing_changes c
    WHERE c.xid >= pg_snapshot_xmin(old_snap) AND (NOT pg_visible_in_snapshot(c.xid, old_snap) OR c.xid = own);
  END IF;
  IF coalesce(start_over, true) THEN
    start_over := true;
    want := members;
  ELSE
    want := ARRAY(SELECT DISTINCT x FROM unnest(coalesce(changed, '{}') || need) x WHERE x = ANY (members));
  END IF;
  RETURN json_build_object(
    'snap', pg_current_snapshot()::text,
    'own', coalesce(pg_current_xact_id_if_assigned()::text, ''),
    'reset', start_over,
    'changed', coalesce(changed, '{}'),
    'members_version', (SELECT version FROM routing_cache_version WHERE name = 'members'),
    'settings_version', CASE WHEN team = 0
      THEN (SELECT coalesce(max(version), 0) FROM routing_settings WHERE team_id IS NULL)
      ELSE (SELECT coalesce(max(version), 0) FROM routing_settings WHERE team_id = team) END,
    -- `offset 0` keeps each look-up a lateral index probe of the few wanted reps.
    'rep_rows', (SELECT json_agg(json_build_array(s.rep_id, s.day,
        s.call_cp, s.email_cp, s.meeting_cp, s.visit_cp, s.proposal_cp, s.follow_up_cp, s.next_step_cp, s.opportunity_created_cp, s.received_cp,
        s.call_ms, s.email_ms, s.meeting_ms, s.visit_ms, s.proposal_ms, s.follow_up_ms, s.next_step_ms, s.opportunity_created_ms, s.received_ms))
      FROM unnest(want) m(id) CROSS JOIN unnest(rep_days) d(day)
      CROSS JOIN LATERAL (SELECT * FROM routing_rep_snapshot z WHERE z.team_key = team AND z.day = d.day AND z.rep_id = m.id OFFSET 0) s),
    'merit_rows', CASE WHEN sig IS NULL THEN NULL ELSE (SELECT json_agg(json_build_array(s.rep_id, s.day,
        s.wins_all, s.closed_all, s.wins_similar, s.closed_similar, s.won_all_ms, s.closed_all_ms, s.won_similar_ms, s.closed_similar_ms))
      FROM unnest(want) m(id) CROSS JOIN unnest(merit_days) d(day)
      CROSS JOIN LATERAL (SELECT * FROM routing_merit_snapshot z
                          WHERE z.team_key = team AND z.sig = routing_counts_refresh.sig AND z.day = d.day AND z.rep_id = m.id OFFSET 0) s) END,
    'open_rows', (SELECT json_agg(json_build_array(l.rep_id, l.open_leads)) FROM unnest(want) m(id) JOIN rep_lead_load l ON l.rep_id = m.id),
    'open_read', want);
END $$;
