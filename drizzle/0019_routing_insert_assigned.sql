-- A team's new lead routed the optimistic way (0018) is inserted with its decision's assignment
-- instead of inserted unassigned and then updated: one row version and its index entries fewer per
-- decision (docs/ROUTING.md, "What it costs"). routing_store_decision leaves a lead that already
-- holds the assignment alone; every other caller (the locked path, SLA re-routes) still updates it.
-- Same signatures and answers as before.
CREATE OR REPLACE FUNCTION routing_store_decision(p_lead bigint, p_team int, p_team_key int, p_policy text, p_settings_version int, p_assignee int,
                                       p_runner_up int, p_margin float8, p_reason text, p_explanation_packed bytea, p_kind text,
                                       p_previous bigint, p_decided_at timestamptz, p_actor int, p_rotate boolean)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  decision_id bigint;
BEGIN
  INSERT INTO routing_decisions (lead_id, team_id, policy, settings_version, assignee_id, runner_up_id, margin, reason, explanation_packed, kind,
                                 previous_decision_id, decided_at)
  VALUES (p_lead, p_team, p_policy, p_settings_version, p_assignee, p_runner_up, p_margin, p_reason, p_explanation_packed, p_kind, p_previous, p_decided_at)
  RETURNING id INTO decision_id;
  -- A lead inserted with this decision's assignment already (routing_store_new_lead) is not
  -- written a second time.
  UPDATE leads SET assignee_id = p_assignee,
                   assigned_at = CASE WHEN p_assignee IS NULL THEN NULL ELSE p_decided_at END,
                   status = CASE WHEN p_assignee IS NULL THEN 'unassigned' ELSE 'assigned' END,
                   updated_at = now()
  WHERE id = p_lead
    AND (assignee_id, assigned_at, status) IS DISTINCT FROM
        (p_assignee, CASE WHEN p_assignee IS NULL THEN NULL ELSE p_decided_at END, CASE WHEN p_assignee IS NULL THEN 'unassigned' ELSE 'assigned' END);
  INSERT INTO audit_log (actor_id, action, entity, entity_id, after)
  VALUES (p_actor, CASE WHEN p_kind = 'initial' THEN 'route' ELSE 'sla-reroute' END, 'lead', p_lead::text,
          jsonb_build_object('decisionId', decision_id, 'assigneeId', p_assignee, 'policy', p_policy, 'settingsVersion', p_settings_version));
  IF p_rotate THEN
    UPDATE routing_state SET last_rotation_assignee_id = p_assignee, updated_at = now() WHERE team_key = p_team_key;
  END IF;
  RETURN decision_id;
END $$;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION routing_store_new_lead(p_snapshot text, p_members_version bigint, p_settings_version int,
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
  INSERT INTO leads (id, external_id, team_id, arrived_at, product_id, segment, region, language, account_id, source, value_cents,
                     assignee_id, assigned_at, status)
  VALUES (p_lead, p_external_id, p_team, p_arrived_at, p_product_id, p_segment, p_region, p_language, p_account_id, p_source, p_value_cents,
          p_assignee, CASE WHEN p_assignee IS NULL THEN NULL ELSE p_arrived_at END, CASE WHEN p_assignee IS NULL THEN 'unassigned' ELSE 'assigned' END)
  ON CONFLICT (external_id) DO NOTHING
  RETURNING id INTO lead_id;
  IF lead_id IS NULL THEN
    RETURN -1;
  END IF;
  RETURN routing_store_decision(lead_id, p_team, p_team, p_policy, p_settings_version, p_assignee, p_runner_up, p_margin, p_reason,
                                p_explanation_packed, 'initial', NULL, p_arrived_at, p_actor, false);
END $$;
