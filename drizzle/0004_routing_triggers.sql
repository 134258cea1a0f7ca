-- Hand-written: the aggregates lead routing reads (see docs/ROUTING.md, "Where the numbers come from").

-- The similarity keys of a closed opportunity, derived the same way by the triggers, the
-- rebuild and the reference counting in tests: the account's size segment by employees,
-- and the number of decimal digits of the value (so power-of-ten size bands are a SUM).
CREATE FUNCTION routing_account_segment(employees integer) RETURNS text IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE WHEN employees IS NULL THEN '' WHEN employees < 250 THEN 'SMB' WHEN employees < 2500 THEN 'Mid-Market' ELSE 'Enterprise' END
$$;
--> statement-breakpoint
CREATE FUNCTION routing_value_digits(v bigint) RETURNS integer IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE WHEN v IS NULL THEN -1 WHEN v = 0 THEN 0 ELSE length(abs(v)::text) END
$$;
--> statement-breakpoint
CREATE FUNCTION opportunity_close_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE opportunity_close_daily d SET wins = d.wins - o.wins, closed = d.closed - o.closed
    FROM (SELECT r.owner_id AS rep_id, (r.closed_at AT TIME ZONE 'UTC')::date AS day, coalesce(r.product_id, 0) AS product_id,
                 routing_account_segment(a.employees) AS segment, coalesce(t.region, '') AS region,
                 routing_value_digits(r.value_cents) AS value_digits,
                 (count(*) FILTER (WHERE r.outcome = 'won'))::int AS wins, count(*)::int AS closed
          FROM old_rows r
          LEFT JOIN accounts a ON a.id = r.account_id
          LEFT JOIN users u ON u.id = r.owner_id
          LEFT JOIN teams t ON t.id = u.team_id
          WHERE r.outcome IN ('won', 'lost') AND r.closed_at IS NOT NULL
          GROUP BY 1, 2, 3, 4, 5, 6) o
    WHERE d.rep_id = o.rep_id AND d.day = o.day AND d.product_id = o.product_id AND d.segment = o.segment
      AND d.region = o.region AND d.value_digits = o.value_digits;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO opportunity_close_daily (rep_id, day, product_id, segment, region, value_digits, wins, closed)
    SELECT r.owner_id, (r.closed_at AT TIME ZONE 'UTC')::date, coalesce(r.product_id, 0),
           routing_account_segment(a.employees), coalesce(t.region, ''), routing_value_digits(r.value_cents),
           (count(*) FILTER (WHERE r.outcome = 'won'))::int, count(*)::int
    FROM new_rows r
    LEFT JOIN accounts a ON a.id = r.account_id
    LEFT JOIN users u ON u.id = r.owner_id
    LEFT JOIN teams t ON t.id = u.team_id
    WHERE r.outcome IN ('won', 'lost') AND r.closed_at IS NOT NULL
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (rep_id, day, product_id, segment, region, value_digits) DO UPDATE
      SET wins = opportunity_close_daily.wins + excluded.wins, closed = opportunity_close_daily.closed + excluded.closed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER opportunity_close_daily_insert AFTER INSERT ON opportunities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION opportunity_close_daily_apply();
--> statement-breakpoint
CREATE TRIGGER opportunity_close_daily_update AFTER UPDATE ON opportunities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION opportunity_close_daily_apply();
--> statement-breakpoint
CREATE TRIGGER opportunity_close_daily_delete AFTER DELETE ON opportunities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION opportunity_close_daily_apply();
--> statement-breakpoint

-- Re-derives opportunity_close_daily from the raw rows (after a team changes region or an
-- account changes size: the keys are taken when the deal closes).
CREATE FUNCTION routing_rebuild_opportunity_close_daily() RETURNS void LANGUAGE sql AS $$
  DELETE FROM opportunity_close_daily;
  INSERT INTO opportunity_close_daily (rep_id, day, product_id, segment, region, value_digits, wins, closed)
  SELECT r.owner_id, (r.closed_at AT TIME ZONE 'UTC')::date, coalesce(r.product_id, 0),
         routing_account_segment(a.employees), coalesce(t.region, ''), routing_value_digits(r.value_cents),
         (count(*) FILTER (WHERE r.outcome = 'won'))::int, count(*)::int
  FROM opportunities r
  LEFT JOIN accounts a ON a.id = r.account_id
  LEFT JOIN users u ON u.id = r.owner_id
  LEFT JOIN teams t ON t.id = u.team_id
  WHERE r.outcome IN ('won', 'lost') AND r.closed_at IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5, 6;
$$;
--> statement-breakpoint

-- Leads received per rep and UTC day: every decision that assigns counts, re-routes included.
CREATE FUNCTION lead_received_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO lead_received_daily (rep_id, day, received)
  SELECT assignee_id, (decided_at AT TIME ZONE 'UTC')::date, count(*)::int
  FROM new_rows WHERE assignee_id IS NOT NULL GROUP BY 1, 2
  ON CONFLICT (rep_id, day) DO UPDATE SET received = lead_received_daily.received + excluded.received;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER lead_received_daily_insert AFTER INSERT ON routing_decisions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_received_daily_apply();
--> statement-breakpoint

-- Open (status 'assigned') leads per rep.
CREATE FUNCTION rep_lead_load_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'assigned' AND OLD.assignee_id IS NOT NULL THEN
    UPDATE rep_lead_load SET open_leads = open_leads - 1 WHERE rep_id = OLD.assignee_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'assigned' AND NEW.assignee_id IS NOT NULL THEN
    INSERT INTO rep_lead_load (rep_id, open_leads) VALUES (NEW.assignee_id, 1)
    ON CONFLICT (rep_id) DO UPDATE SET open_leads = rep_lead_load.open_leads + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rep_lead_load_insert AFTER INSERT ON leads
  FOR EACH ROW WHEN (NEW.status = 'assigned' AND NEW.assignee_id IS NOT NULL) EXECUTE FUNCTION rep_lead_load_apply();
--> statement-breakpoint
CREATE TRIGGER rep_lead_load_update AFTER UPDATE OF status, assignee_id ON leads
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.assignee_id IS DISTINCT FROM NEW.assignee_id)
  EXECUTE FUNCTION rep_lead_load_apply();
--> statement-breakpoint
CREATE TRIGGER rep_lead_load_delete AFTER DELETE ON leads
  FOR EACH ROW WHEN (OLD.status = 'assigned' AND OLD.assignee_id IS NOT NULL) EXECUTE FUNCTION rep_lead_load_apply();
--> statement-breakpoint

-- First touch: the earliest activity logged against a lead.
CREATE FUNCTION leads_first_touch_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE leads l SET first_touch_at = f.at
  FROM (SELECT lead_id, min(at) AS at FROM new_rows WHERE lead_id IS NOT NULL GROUP BY 1) f
  WHERE l.id = f.lead_id AND (l.first_touch_at IS NULL OR l.first_touch_at > f.at);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER leads_first_touch_insert AFTER INSERT ON activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leads_first_touch_apply();
--> statement-breakpoint
CREATE TRIGGER leads_first_touch_update AFTER UPDATE ON activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION leads_first_touch_apply();
