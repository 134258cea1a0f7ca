-- Storing a routing decision, faster (src/store/routing/decisions.ts; docs/ROUTING.md, "What it
-- costs"). routing_store_decision writes the decision row, the lead's assignment, the audit row
-- and, for milk-round, the rotation: the statements of the one WITH statement it replaces, in the
-- same transaction, but planned once per session instead of at every decision (0.15 ms on
-- PostgreSQL, 0.4 ms on PGlite at 1,000 reps). Returns the decision's id.
CREATE FUNCTION routing_store_decision(p_lead bigint, p_team int, p_team_key int, p_policy text, p_settings_version int, p_assignee int,
                                       p_runner_up int, p_margin float8, p_reason text, p_explanation json, p_kind text,
                                       p_previous bigint, p_decided_at timestamptz, p_actor int, p_rotate boolean)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  decision_id bigint;
BEGIN
  INSERT INTO routing_decisions (lead_id, team_id, policy, settings_version, assignee_id, runner_up_id, margin, reason, explanation, kind,
                                 previous_decision_id, decided_at)
  VALUES (p_lead, p_team, p_policy, p_settings_version, p_assignee, p_runner_up, p_margin, p_reason, p_explanation, p_kind, p_previous, p_decided_at)
  RETURNING id INTO decision_id;
  UPDATE leads SET assignee_id = p_assignee,
                   assigned_at = CASE WHEN p_assignee IS NULL THEN NULL ELSE p_decided_at END,
                   status = CASE WHEN p_assignee IS NULL THEN 'unassigned' ELSE 'assigned' END,
                   updated_at = now()
  WHERE id = p_lead;
  INSERT INTO audit_log (actor_id, action, entity, entity_id, after)
  VALUES (p_actor, CASE WHEN p_kind = 'initial' THEN 'route' ELSE 'sla-reroute' END, 'lead', p_lead::text,
          jsonb_build_object('decisionId', decision_id, 'assigneeId', p_assignee, 'policy', p_policy, 'settingsVersion', p_settings_version));
  IF p_rotate THEN
    UPDATE routing_state SET last_rotation_assignee_id = p_assignee, updated_at = now() WHERE team_key = p_team_key;
  END IF;
  RETURN decision_id;
END $$;
--> statement-breakpoint

-- routing_ms_apply (0010) in plpgsql, same statements: a SQL function with sub-selects is never
-- inlined, and PostgreSQL before 18 plans its body again in every statement that calls it (every
-- snapshot update of an activity or decision write); plpgsql keeps the plans for the session.
CREATE OR REPLACE FUNCTION routing_ms_apply(a integer[], plus integer[], minus integer[]) RETURNS integer[] IMMUTABLE PARALLEL SAFE LANGUAGE plpgsql AS $$
BEGIN
  IF plus IS NULL AND minus IS NULL THEN RETURN a; END IF;
  IF minus IS NULL THEN RETURN (SELECT array_agg(x ORDER BY x) FROM unnest(a || plus) x); END IF;
  RETURN (SELECT array_agg(k.x ORDER BY k.x) FROM (SELECT x, row_number() OVER (PARTITION BY x) AS n FROM unnest(a || plus) x) k
          WHERE k.n > (SELECT count(*) FROM unnest(minus) y WHERE y = k.x));
END $$;
--> statement-breakpoint

-- routing_snapshot_decisions (0010), with a short way for one decision that assigns (every live
-- decision): the steps of routing_snapshot_apply_received for one event without its grouping,
-- and the prefix-sum update only when the rep has rows on later days. Same rows, same values.
CREATE OR REPLACE FUNCTION routing_snapshot_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  reps integer[]; ats timestamptz[]; signs integer[];
  rows_from integer; later integer; event_day date;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(1919907188, 1);
  IF NOT EXISTS (SELECT 1 FROM routing_rep_snapshot) THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(assignee_id), array_agg(decided_at), array_agg(1) INTO reps, ats, signs FROM new_rows WHERE assignee_id IS NOT NULL;
    IF cardinality(reps) = 1 THEN
      event_day := (ats[1] AT TIME ZONE 'UTC')::date;
      SELECT count(*), count(*) FILTER (WHERE day > event_day) INTO rows_from, later FROM routing_rep_snapshot WHERE rep_id = reps[1] AND day >= event_day;
      -- More than 64: routing_rep_snapshot_drop_if_wide drops them (the general path below).
      IF rows_from <= 64 THEN
        UPDATE routing_rep_snapshot SET received_ms = routing_ms_apply(received_ms, ARRAY[routing_ms_of_day(ats[1])], NULL) WHERE rep_id = reps[1] AND day = event_day;
        IF later > 0 THEN UPDATE routing_rep_snapshot SET received_cp = received_cp + 1 WHERE rep_id = reps[1] AND day > event_day; END IF;
        RETURN NULL;
      END IF;
    END IF;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(assignee_id), array_agg(decided_at), array_agg(-1) INTO reps, ats, signs FROM old_rows WHERE assignee_id IS NOT NULL;
  ELSE
    SELECT array_agg(rep_id), array_agg(at), array_agg(sign) INTO reps, ats, signs FROM (
      SELECT x.assignee_id AS rep_id, x.decided_at AS at, -1 AS sign FROM (
        SELECT id, assignee_id, decided_at FROM old_rows WHERE assignee_id IS NOT NULL
        EXCEPT ALL SELECT id, assignee_id, decided_at FROM new_rows WHERE assignee_id IS NOT NULL) x
      UNION ALL
      SELECT x.assignee_id, x.decided_at, 1 FROM (
        SELECT id, assignee_id, decided_at FROM new_rows WHERE assignee_id IS NOT NULL
        EXCEPT ALL SELECT id, assignee_id, decided_at FROM old_rows WHERE assignee_id IS NOT NULL) x) d;
  END IF;
  IF reps IS NOT NULL THEN PERFORM routing_snapshot_apply_received(reps, ats, signs); END IF;
  RETURN NULL;
END $$;
