-- Hand-written: meeting_follow_ups, the aggregate the DEAL documents KPI (D6.4) reads (docs/
-- ACTIVITY.md, "Where the counts come from"). The table is in src/store/schema.ts (this file
-- creates it as drizzle-kit would); what Drizzle cannot express, the triggers, follows.
--
-- One row per `meeting` activity: its rep, time, account and opportunity (copied, so a new
-- follow-up finds its meetings here without reading activities) and `delay_ms`, the time to its
-- first follow-up, null when it has none. The rule is src/domain/scorecards/deal-documents.ts,
-- the reference formula: a `follow-up` by the same rep on the same account OR the same
-- opportunity, at a time in [meeting, meeting + 24 h], both ends included; the earliest gives the
-- delay; a meeting with neither an account nor an opportunity is never followed up.
-- test/activity/deal-documents-store.test.ts proves the two agree, on both stores, after
-- inserts, updates and deletes.
--
-- Maintained by statement-level triggers with transition tables on `activities` (so an import's
-- 5,000-row upsert costs a few set-based statements, and every writer keeps it right). Only
-- meetings and follow-ups matter, and of an update only the rows whose rep, kind, time, account
-- or opportunity changed:
--   * a meeting added or changed: its row is computed from scratch (the earliest follow-up: one
--     range scan of activities_rep_at_idx over its 24 hours); a meeting removed or turned into
--     another kind loses its row (deleted activities go with the foreign key's cascade);
--   * a follow-up added (or moved to): meetings of its rep in [at - 24 h, at] on its account or
--     opportunity take the smaller delay;
--   * a follow-up removed (or moved from): the meetings it was the first follow-up of (delay
--     equal to its own) get their delay computed again.
-- Cost, measured on PostgreSQL (2 shared cores): importing 200,000 activities (15% meetings,
-- 8% follow-ups) spends ~0.4 s in these triggers of an ~8 s import; activity_daily's take ~1.1 s.
--
-- Writers of the same rep are serialised by a transaction advisory lock per rep (1835431280 =
-- 'mfup', rep id), taken in rep order before the trigger reads anything: otherwise a meeting
-- and its follow-up written by two concurrent transactions would each miss the other's
-- uncommitted row. Under READ COMMITTED (the default; nothing here raises it) each statement of
-- the volatile functions below reads a fresh snapshot, so after the lock it sees what the
-- previous holder committed.
CREATE TABLE "meeting_follow_ups" (
	"activity_id" bigint PRIMARY KEY NOT NULL,
	"rep_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"account_id" integer,
	"opportunity_id" bigint,
	"delay_ms" bigint
);
--> statement-breakpoint
ALTER TABLE "meeting_follow_ups" ADD CONSTRAINT "meeting_follow_ups_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "meeting_follow_ups_rep_at_idx" ON "meeting_follow_ups" USING btree ("rep_id","at");
--> statement-breakpoint

-- Milliseconds from a meeting to a follow-up (exact: interval arithmetic, no time zone).
CREATE FUNCTION meeting_follow_up_delay_ms(meeting_at timestamptz, follow_up_at timestamptz) RETURNS bigint IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
  SELECT (extract(epoch FROM follow_up_at - meeting_at) * 1000)::bigint
$$;
--> statement-breakpoint

-- Meetings and follow-ups that left (o_*) and arrived (n_*) in one statement, as parallel arrays
-- (an updated row is in both: its old and its new version).
CREATE FUNCTION meeting_follow_ups_change(
  o_id bigint[], o_rep integer[], o_kind text[], o_at timestamptz[], o_account integer[], o_opp bigint[],
  n_id bigint[], n_rep integer[], n_kind text[], n_at timestamptz[], n_account integer[], n_opp bigint[]
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  orphaned bigint[];
BEGIN
  PERFORM pg_advisory_xact_lock(1835431280, r.rep_id)
  FROM (SELECT DISTINCT x AS rep_id FROM unnest(o_rep || n_rep) AS x ORDER BY 1) r;

  -- Before any delay changes: the unchanged meetings a departing follow-up was the first
  -- follow-up of (their delay equals its own).
  IF 'follow-up' = ANY (o_kind) THEN
    SELECT array_agg(DISTINCT m.activity_id) INTO orphaned
    FROM unnest(o_rep, o_kind, o_at, o_account, o_opp) AS f(rep_id, kind, at, account_id, opportunity_id)
    JOIN meeting_follow_ups m ON m.rep_id = f.rep_id AND m.at >= f.at - interval '24 hours' AND m.at <= f.at
      AND m.delay_ms = meeting_follow_up_delay_ms(m.at, f.at)
      AND (m.account_id = f.account_id OR m.opportunity_id = f.opportunity_id)
    WHERE f.kind = 'follow-up';
  END IF;

  -- Arriving follow-ups: the meetings they follow up take the smaller delay.
  IF 'follow-up' = ANY (n_kind) THEN
    UPDATE meeting_follow_ups m SET delay_ms = c.delay_ms
    FROM (SELECT e.activity_id, min(meeting_follow_up_delay_ms(e.at, f.at)) AS delay_ms
          FROM unnest(n_rep, n_kind, n_at, n_account, n_opp) AS f(rep_id, kind, at, account_id, opportunity_id)
          JOIN meeting_follow_ups e ON e.rep_id = f.rep_id AND e.at >= f.at - interval '24 hours' AND e.at <= f.at
            AND (e.account_id = f.account_id OR e.opportunity_id = f.opportunity_id)
          WHERE f.kind = 'follow-up'
          GROUP BY e.activity_id) c
    WHERE m.activity_id = c.activity_id AND (m.delay_ms IS NULL OR c.delay_ms < m.delay_ms);
  END IF;

  -- Departing meetings lose their row (deleted ones already went with the foreign key) ...
  IF 'meeting' = ANY (o_kind) THEN
    DELETE FROM meeting_follow_ups m USING unnest(o_id, o_kind) AS u(id, kind)
    WHERE u.kind = 'meeting' AND m.activity_id = u.id;
  END IF;
  -- ... and arriving ones (new, or changed) are computed from scratch: the earliest follow-up.
  IF 'meeting' = ANY (n_kind) THEN
    INSERT INTO meeting_follow_ups (activity_id, rep_id, at, account_id, opportunity_id, delay_ms)
    SELECT a.id, a.rep_id, a.at, a.account_id, a.opportunity_id, meeting_follow_up_delay_ms(a.at, f.at)
    FROM unnest(n_id, n_rep, n_kind, n_at, n_account, n_opp) AS a(id, rep_id, kind, at, account_id, opportunity_id)
    LEFT JOIN LATERAL (
      SELECT min(f.at) AS at FROM activities f
      WHERE (a.account_id IS NOT NULL OR a.opportunity_id IS NOT NULL)
        AND f.rep_id = a.rep_id AND f.kind = 'follow-up' AND f.at >= a.at AND f.at <= a.at + interval '24 hours'
        AND (f.account_id = a.account_id OR f.opportunity_id = a.opportunity_id)) f ON true
    WHERE a.kind = 'meeting'
    ORDER BY a.id;
  END IF;
  -- The orphaned meetings still there: their next follow-up, if any.
  IF orphaned IS NOT NULL THEN
    UPDATE meeting_follow_ups m SET delay_ms = (
      SELECT meeting_follow_up_delay_ms(m.at, min(f.at)) FROM activities f
      WHERE f.rep_id = m.rep_id AND f.kind = 'follow-up' AND f.at >= m.at AND f.at <= m.at + interval '24 hours'
        AND (f.account_id = m.account_id OR f.opportunity_id = m.opportunity_id))
    FROM unnest(orphaned) AS r(id)
    WHERE m.activity_id = r.id;
  END IF;
END $$;
--> statement-breakpoint

CREATE FUNCTION meeting_follow_ups_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o_id bigint[]; o_rep integer[]; o_kind text[]; o_at timestamptz[]; o_account integer[]; o_opp bigint[];
  n_id bigint[]; n_rep integer[]; n_kind text[]; n_at timestamptz[]; n_account integer[]; n_opp bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(id), array_agg(rep_id), array_agg(kind), array_agg(at), array_agg(account_id), array_agg(opportunity_id)
    INTO n_id, n_rep, n_kind, n_at, n_account, n_opp
    FROM new_rows WHERE kind IN ('meeting', 'follow-up');
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(id), array_agg(rep_id), array_agg(kind), array_agg(at), array_agg(account_id), array_agg(opportunity_id)
    INTO o_id, o_rep, o_kind, o_at, o_account, o_opp
    FROM old_rows WHERE kind IN ('meeting', 'follow-up');
  ELSE
    -- Rows whose rep, kind, time, account and opportunity did not change leave every delay as it is.
    SELECT array_agg(o.id) FILTER (WHERE o.kind IN ('meeting', 'follow-up')),
           array_agg(o.rep_id) FILTER (WHERE o.kind IN ('meeting', 'follow-up')),
           array_agg(o.kind) FILTER (WHERE o.kind IN ('meeting', 'follow-up')),
           array_agg(o.at) FILTER (WHERE o.kind IN ('meeting', 'follow-up')),
           array_agg(o.account_id) FILTER (WHERE o.kind IN ('meeting', 'follow-up')),
           array_agg(o.opportunity_id) FILTER (WHERE o.kind IN ('meeting', 'follow-up')),
           array_agg(n.id) FILTER (WHERE n.kind IN ('meeting', 'follow-up')),
           array_agg(n.rep_id) FILTER (WHERE n.kind IN ('meeting', 'follow-up')),
           array_agg(n.kind) FILTER (WHERE n.kind IN ('meeting', 'follow-up')),
           array_agg(n.at) FILTER (WHERE n.kind IN ('meeting', 'follow-up')),
           array_agg(n.account_id) FILTER (WHERE n.kind IN ('meeting', 'follow-up')),
           array_agg(n.opportunity_id) FILTER (WHERE n.kind IN ('meeting', 'follow-up'))
    INTO o_id, o_rep, o_kind, o_at, o_account, o_opp, n_id, n_rep, n_kind, n_at, n_account, n_opp
    FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
    WHERE (o.kind IN ('meeting', 'follow-up') OR n.kind IN ('meeting', 'follow-up'))
      AND (o.id, o.rep_id, o.kind, o.at, o.account_id, o.opportunity_id)
          IS DISTINCT FROM (n.id, n.rep_id, n.kind, n.at, n.account_id, n.opportunity_id);
  END IF;
  IF o_id IS NOT NULL OR n_id IS NOT NULL THEN
    PERFORM meeting_follow_ups_change(o_id, o_rep, o_kind, o_at, o_account, o_opp, n_id, n_rep, n_kind, n_at, n_account, n_opp);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- No write may slip between the triggers and the backfill (a server may be running).
LOCK TABLE "activities" IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
CREATE TRIGGER meeting_follow_ups_insert AFTER INSERT ON activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION meeting_follow_ups_apply();
--> statement-breakpoint
CREATE TRIGGER meeting_follow_ups_update AFTER UPDATE ON activities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION meeting_follow_ups_apply();
--> statement-breakpoint
CREATE TRIGGER meeting_follow_ups_delete AFTER DELETE ON activities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION meeting_follow_ups_apply();
--> statement-breakpoint
-- Existing stores: every meeting already there.
INSERT INTO meeting_follow_ups (activity_id, rep_id, at, account_id, opportunity_id, delay_ms)
SELECT a.id, a.rep_id, a.at, a.account_id, a.opportunity_id, meeting_follow_up_delay_ms(a.at, f.at)
FROM activities a
LEFT JOIN LATERAL (
  SELECT min(f.at) AS at FROM activities f
  WHERE (a.account_id IS NOT NULL OR a.opportunity_id IS NOT NULL)
    AND f.rep_id = a.rep_id AND f.kind = 'follow-up' AND f.at >= a.at AND f.at <= a.at + interval '24 hours'
    AND (f.account_id = a.account_id OR f.opportunity_id = a.opportunity_id)) f ON true
WHERE a.kind = 'meeting';
