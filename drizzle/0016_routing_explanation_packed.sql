ALTER TABLE "routing_decisions" ALTER COLUMN "explanation" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "routing_decisions" ADD COLUMN "explanation_packed" "bytea";--> statement-breakpoint
ALTER TABLE "routing_decisions" ADD CONSTRAINT "routing_decisions_one_explanation" CHECK (("routing_decisions"."explanation" is null) <> ("routing_decisions"."explanation_packed" is null));--> statement-breakpoint

-- Decisions now store their explanation as MessagePack bytes in explanation_packed (src/domain/
-- routing/stored.ts; ~30 KB at 1,000 reps instead of ~50 KB of JSON, and nothing for the server
-- to parse). Older rows keep their JSON in explanation. Compressed like explanation (0010): lz4
-- where the server has it, else stored out of line uncompressed.
DO $$
BEGIN
  ALTER TABLE routing_decisions ALTER COLUMN explanation_packed SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
  ALTER TABLE routing_decisions ALTER COLUMN explanation_packed SET STORAGE EXTERNAL;
END $$;
--> statement-breakpoint

-- routing_store_decision (0015) writing the packed explanation; otherwise the same statements.
DROP FUNCTION routing_store_decision(bigint, int, int, text, int, int, int, float8, text, json, text, bigint, timestamptz, int, boolean);
--> statement-breakpoint
CREATE FUNCTION routing_store_decision(p_lead bigint, p_team int, p_team_key int, p_policy text, p_settings_version int, p_assignee int,
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
