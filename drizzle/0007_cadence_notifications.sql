-- Hand-written: notifications that other features' writes cause, stored in the outbox by
-- triggers so they commit (or roll back) with the write itself (docs/CADENCE.md, Notifications).

-- A lead assigned (first decision or SLA re-route): tell the assignee.
CREATE FUNCTION outbox_lead_assigned() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.assignee_id IS NOT NULL THEN
    INSERT INTO outbox (kind, payload, created_at, available_at)
    VALUES ('lead.assigned',
            jsonb_build_object('decisionId', NEW.id, 'leadId', NEW.lead_id, 'teamId', NEW.team_id, 'repId', NEW.assignee_id,
                               'decisionKind', NEW.kind, 'policy', NEW.policy, 'reason', NEW.reason, 'decidedAt', NEW.decided_at,
                               'recipients', jsonb_build_array(NEW.assignee_id)),
            NEW.decided_at, now());
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER routing_decisions_outbox AFTER INSERT ON routing_decisions FOR EACH ROW EXECUTE FUNCTION outbox_lead_assigned();
--> statement-breakpoint
-- A pacing alert raised: tell the rep at once (the manager's view has its own grace period).
CREATE FUNCTION outbox_pacing_alert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO outbox (kind, payload, created_at, available_at)
  SELECT 'pacing.alert',
         jsonb_build_object('alertId', NEW.id, 'repId', NEW.rep_id, 'teamId', u.team_id, 'period', NEW.period, 'status', NEW.status,
                            'reason', NEW.reason, 'raisedAt', NEW.raised_at, 'recipients', jsonb_build_array(NEW.rep_id)),
         NEW.raised_at, now()
  FROM users u WHERE u.id = NEW.rep_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER pacing_alerts_outbox AFTER INSERT ON pacing_alerts FOR EACH ROW EXECUTE FUNCTION outbox_pacing_alert();
