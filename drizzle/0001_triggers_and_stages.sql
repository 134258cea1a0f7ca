-- Hand-written: what drizzle-kit does not generate from schema.ts.

-- Default pipeline stages (D3: early-stage work is where a manager's time belongs).
INSERT INTO "stages" ("name", "position", "phase", "closes") VALUES
  ('Prospecting', 10, 'early', NULL),
  ('Qualification', 20, 'early', NULL),
  ('Discovery', 30, 'early', NULL),
  ('Engaging', 40, 'early', NULL),
  ('Proposal', 50, 'late', NULL),
  ('Negotiation', 60, 'late', NULL),
  ('Won', 100, 'closed', 'won'),
  ('Lost', 101, 'closed', 'lost');
--> statement-breakpoint

-- activity_daily is maintained by statement-level triggers with transition tables, so a
-- bulk insert of 1,000 rows costs one aggregate upsert, and no writer can forget it.
CREATE FUNCTION activity_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE activity_daily d SET count = d.count - o.n
    FROM (SELECT rep_id, (at AT TIME ZONE 'UTC')::date AS day, kind, proactive, count(*)::int AS n
          FROM old_rows GROUP BY 1, 2, 3, 4) o
    WHERE d.rep_id = o.rep_id AND d.day = o.day AND d.kind = o.kind AND d.proactive = o.proactive;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO activity_daily (rep_id, day, kind, proactive, count)
    SELECT rep_id, (at AT TIME ZONE 'UTC')::date, kind, proactive, count(*)::int
    FROM new_rows GROUP BY 1, 2, 3, 4
    ON CONFLICT (rep_id, day, kind, proactive) DO UPDATE SET count = activity_daily.count + excluded.count;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER activity_daily_insert AFTER INSERT ON activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_daily_apply();
--> statement-breakpoint
CREATE TRIGGER activity_daily_update AFTER UPDATE ON activities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_daily_apply();
--> statement-breakpoint
CREATE TRIGGER activity_daily_delete AFTER DELETE ON activities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_daily_apply();
--> statement-breakpoint

-- The audit log is append-only for everyone, the application included.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
