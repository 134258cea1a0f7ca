-- Routing a new lead of a team in two statements instead of five (src/store/routing/optimistic.ts;
-- docs/ROUTING.md, "One decision, two statements"). The first reads what changed (no transaction
-- of its own, no lock); the process decides; the second locks the team and, if nothing the
-- decision read has changed since, inserts the lead and stores the decision, committing as it
-- ends. If something did change, it writes nothing and the process routes the lead the locked way.

-- The read: whether the external id is known, a new lead id if not (a sequence value: an unused
-- one leaves a gap, nothing else), and routing_counts_refresh's answer, all in one database
-- snapshot (the refresh is STABLE, so it runs in this statement's snapshot and returns it).
CREATE FUNCTION routing_read_new_lead(p_external_id text, old_snapshot text, old_own text, team integer, members integer[], need integer[],
                                      rep_days date[], merit_days date[], sig text)
RETURNS json LANGUAGE plpgsql AS $$
DECLARE
  known boolean;
BEGIN
  -- As lockTeams does for a decision's transaction (src/store/routing/state.ts): no JIT for short index reads.
  PERFORM set_config('jit', 'off', true), set_config('join_collapse_limit', '1', true);
  known := EXISTS (SELECT 1 FROM leads WHERE external_id = p_external_id);
  RETURN json_build_object(
    'known', known,
    'lead_id', CASE WHEN known THEN NULL ELSE nextval(pg_get_serial_sequence('leads', 'id')) END,
    'counts', routing_counts_refresh(old_snapshot, old_own, team, members, need, rep_days, merit_days, sig));
END $$;
--> statement-breakpoint

-- The write, one statement (so one transaction): lock the team as routing_begin_lead does; then,
-- since every statement after the lock sees every transaction committed before it, check that
-- nothing a decision reads changed after `p_snapshot` (the read's): no member of the team in
-- routing_changes from a transaction that snapshot did not see (a decision of the team, an
-- activity, a closed deal, a lead closed: whatever moved a count), no pruning of that log past
-- it, the same members version and settings version. Then the decision is exactly the one the
-- locked path would make now, and it is stored. Returns the decision's id; 0 when a lead with the
-- external id exists (nothing written), -1 when a concurrent transaction inserted it (ON CONFLICT
-- waited for it; nothing written), -2 when something changed (nothing written but the lock row).
CREATE FUNCTION routing_store_new_lead(p_snapshot text, p_members_version bigint, p_settings_version int,
                                       p_lead bigint, p_team int, p_external_id text, p_arrived_at timestamptz, p_product_id int,
                                       p_segment text, p_region text, p_language text, p_account_id int, p_source text, p_value_cents bigint,
                                       p_policy text, p_assignee int, p_runner_up int, p_margin float8, p_reason text,
                                       p_explanation_packed bytea, p_actor int)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  snap pg_snapshot := p_snapshot::pg_snapshot;
  changed integer[];
  lead_id bigint;
BEGIN
  PERFORM 1 FROM leads WHERE external_id = p_external_id;
  IF FOUND THEN
    RETURN 0;
  END IF;
  INSERT INTO routing_state (team_key) VALUES (p_team) ON CONFLICT (team_key) DO UPDATE SET team_key = excluded.team_key;
  PERFORM set_config('jit', 'off', true), set_config('join_collapse_limit', '1', true);
  -- The reps changed since, then whether any is a member (the members as read, since the members
  -- version must not have moved either).
  SELECT array_agg(DISTINCT c.rep_id) INTO changed FROM routing_changes c
  WHERE c.xid >= pg_snapshot_xmin(snap) AND NOT pg_visible_in_snapshot(c.xid, snap);
  IF EXISTS (SELECT 1 FROM routing_changes_horizon h WHERE h.id = 1 AND h.xid >= pg_snapshot_xmin(snap))
     OR EXISTS (SELECT 1 FROM users u WHERE u.id = ANY (changed) AND u.team_id = p_team)
     OR (SELECT version FROM routing_cache_version WHERE name = 'members') IS DISTINCT FROM p_members_version
     OR (SELECT coalesce(max(version), 0) FROM routing_settings WHERE team_id = p_team) IS DISTINCT FROM p_settings_version THEN
    RETURN -2;
  END IF;
  INSERT INTO leads (id, external_id, team_id, arrived_at, product_id, segment, region, language, account_id, source, value_cents)
  VALUES (p_lead, p_external_id, p_team, p_arrived_at, p_product_id, p_segment, p_region, p_language, p_account_id, p_source, p_value_cents)
  ON CONFLICT (external_id) DO NOTHING
  RETURNING id INTO lead_id;
  IF lead_id IS NULL THEN
    RETURN -1;
  END IF;
  RETURN routing_store_decision(lead_id, p_team, p_team, p_policy, p_settings_version, p_assignee, p_runner_up, p_margin, p_reason,
                                p_explanation_packed, 'initial', NULL, p_arrived_at, p_actor, false);
END $$;
