-- Hand-written: what keeps routing_rep_snapshot and routing_merit_snapshot exact (see
-- docs/ROUTING.md, "Where the numbers come from"). A snapshot row holds, for one team key, UTC
-- day and rep, the count of events before midnight (`*_cp`, a prefix sum over all history) and
-- the day's event times in ms after midnight, sorted (`*_ms`, null = none). Decisions build missing rows
-- (src/store/routing/snapshots.ts); from then on every write to activities, opportunities and
-- routing_decisions updates the rows it affects: the times of rows on the event's day, the
-- prefix sums of rows on later days.
--
-- Builders and writers never race: a writer's trigger takes the shared advisory lock
-- (1919907188, 1) for the rest of its transaction BEFORE it looks at the snapshots, and a builder
-- takes it exclusively before it reads the history it sums. So either the builder waits for
-- the writer to commit (and sums its rows), or the writer waits for the builder to commit (and
-- then updates the new snapshot rows).

-- Milliseconds after UTC midnight (0 … 86,399,999), floored: with t in whole milliseconds,
-- at < t exactly when routing_ms_of_day(at) < ms of t on the same UTC day.
CREATE FUNCTION routing_ms_of_day(at timestamptz) RETURNS integer IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
  SELECT ((floor(extract(epoch FROM at) * 1000)::bigint % 86400000 + 86400000) % 86400000)::integer
$$;
--> statement-breakpoint

-- A sorted multiset of times with `plus` added and `minus` removed (one occurrence each);
-- null stands for none (so readers skip width_bucket on it).
CREATE FUNCTION routing_ms_apply(a integer[], plus integer[], minus integer[]) RETURNS integer[] IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
  SELECT CASE
    WHEN plus IS NULL AND minus IS NULL THEN a
    WHEN minus IS NULL THEN (SELECT array_agg(x ORDER BY x) FROM unnest(a || plus) x)
    ELSE (SELECT array_agg(k.x ORDER BY k.x) FROM (
        SELECT x, row_number() OVER (PARTITION BY x) AS n FROM unnest(a || plus) x) k
      WHERE k.n > (SELECT count(*) FROM unnest(minus) y WHERE y = k.x))
  END
$$;
--> statement-breakpoint

-- A write that would update more snapshot rows than it has events (a backdated import: every
-- later day of every rep it touches, some 60 rows a rep in a store that routes daily) drops
-- those rows instead, so the import stays as fast as in a store that never routed; the next
-- decisions build them again. Live writes, yesterday's and single edits update in place.
CREATE FUNCTION routing_rep_snapshot_drop_if_wide(reps integer[], ats timestamptz[]) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  affected bigint;
BEGIN
  SELECT count(*) INTO affected
  FROM (SELECT u.rep_id, min((u.at AT TIME ZONE 'UTC')::date) AS day FROM unnest(reps, ats) AS u(rep_id, at) GROUP BY u.rep_id) e
  JOIN routing_rep_snapshot t ON t.rep_id = e.rep_id AND t.day >= e.day;
  IF affected <= greatest(64, cardinality(reps)) THEN RETURN false; END IF;
  DELETE FROM routing_rep_snapshot t
  USING (SELECT u.rep_id, min((u.at AT TIME ZONE 'UTC')::date) AS day FROM unnest(reps, ats) AS u(rep_id, at) GROUP BY u.rep_id) e
  WHERE t.rep_id = e.rep_id AND t.day >= e.day;
  RETURN true;
END $$;
--> statement-breakpoint
CREATE FUNCTION routing_merit_snapshot_drop_if_wide(reps integer[], ats timestamptz[]) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  affected bigint;
BEGIN
  SELECT count(*) INTO affected
  FROM (SELECT u.rep_id, min((u.at AT TIME ZONE 'UTC')::date) AS day FROM unnest(reps, ats) AS u(rep_id, at) GROUP BY u.rep_id) e
  JOIN routing_merit_snapshot t ON t.rep_id = e.rep_id AND t.day >= e.day;
  IF affected <= greatest(64, cardinality(reps)) THEN RETURN false; END IF;
  DELETE FROM routing_merit_snapshot t
  USING (SELECT u.rep_id, min((u.at AT TIME ZONE 'UTC')::date) AS day FROM unnest(reps, ats) AS u(rep_id, at) GROUP BY u.rep_id) e
  WHERE t.rep_id = e.rep_id AND t.day >= e.day;
  RETURN true;
END $$;
--> statement-breakpoint

-- Proactive activities (+1 added, -1 removed) applied to the snapshot rows of their reps.
CREATE FUNCTION routing_snapshot_apply_activities(reps integer[], ats timestamptz[], kinds text[], signs integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF routing_rep_snapshot_drop_if_wide(reps, ats) THEN RETURN; END IF;
  UPDATE routing_rep_snapshot s SET
    call_ms = routing_ms_apply(s.call_ms, d.call_plus, d.call_minus),
    email_ms = routing_ms_apply(s.email_ms, d.email_plus, d.email_minus),
    meeting_ms = routing_ms_apply(s.meeting_ms, d.meeting_plus, d.meeting_minus),
    visit_ms = routing_ms_apply(s.visit_ms, d.visit_plus, d.visit_minus),
    proposal_ms = routing_ms_apply(s.proposal_ms, d.proposal_plus, d.proposal_minus),
    follow_up_ms = routing_ms_apply(s.follow_up_ms, d.follow_up_plus, d.follow_up_minus),
    next_step_ms = routing_ms_apply(s.next_step_ms, d.next_step_plus, d.next_step_minus),
    opportunity_created_ms = routing_ms_apply(s.opportunity_created_ms, d.opportunity_created_plus, d.opportunity_created_minus)
  FROM (SELECT e.rep_id, e.day,
           array_agg(e.ms) FILTER (WHERE e.kind = 'call' AND e.sign > 0) AS call_plus, array_agg(e.ms) FILTER (WHERE e.kind = 'call' AND e.sign < 0) AS call_minus,
           array_agg(e.ms) FILTER (WHERE e.kind = 'email' AND e.sign > 0) AS email_plus, array_agg(e.ms) FILTER (WHERE e.kind = 'email' AND e.sign < 0) AS email_minus,
           array_agg(e.ms) FILTER (WHERE e.kind = 'meeting' AND e.sign > 0) AS meeting_plus, array_agg(e.ms) FILTER (WHERE e.kind = 'meeting' AND e.sign < 0) AS meeting_minus,
           array_agg(e.ms) FILTER (WHERE e.kind = 'visit' AND e.sign > 0) AS visit_plus, array_agg(e.ms) FILTER (WHERE e.kind = 'visit' AND e.sign < 0) AS visit_minus,
           array_agg(e.ms) FILTER (WHERE e.kind = 'proposal' AND e.sign > 0) AS proposal_plus, array_agg(e.ms) FILTER (WHERE e.kind = 'proposal' AND e.sign < 0) AS proposal_minus,
           array_agg(e.ms) FILTER (WHERE e.kind = 'follow-up' AND e.sign > 0) AS follow_up_plus, array_agg(e.ms) FILTER (WHERE e.kind = 'follow-up' AND e.sign < 0) AS follow_up_minus,
           array_agg(e.ms) FILTER (WHERE e.kind = 'next-step' AND e.sign > 0) AS next_step_plus, array_agg(e.ms) FILTER (WHERE e.kind = 'next-step' AND e.sign < 0) AS next_step_minus,
           array_agg(e.ms) FILTER (WHERE e.kind = 'opportunity-created' AND e.sign > 0) AS opportunity_created_plus, array_agg(e.ms) FILTER (WHERE e.kind = 'opportunity-created' AND e.sign < 0) AS opportunity_created_minus
        FROM (SELECT u.rep_id, (u.at AT TIME ZONE 'UTC')::date AS day, routing_ms_of_day(u.at) AS ms, u.kind, u.sign
              FROM unnest(reps, ats, kinds, signs) AS u(rep_id, at, kind, sign)) e
        GROUP BY e.rep_id, e.day) d
  WHERE s.rep_id = d.rep_id AND s.day = d.day;
  UPDATE routing_rep_snapshot s SET call_cp = s.call_cp + d.call, email_cp = s.email_cp + d.email, meeting_cp = s.meeting_cp + d.meeting, visit_cp = s.visit_cp + d.visit, proposal_cp = s.proposal_cp + d.proposal, follow_up_cp = s.follow_up_cp + d.follow_up, next_step_cp = s.next_step_cp + d.next_step, opportunity_created_cp = s.opportunity_created_cp + d.opportunity_created
  FROM (SELECT t.team_key, t.day, t.rep_id,
           coalesce(sum(e.sign) FILTER (WHERE e.kind = 'call'), 0) AS call,
           coalesce(sum(e.sign) FILTER (WHERE e.kind = 'email'), 0) AS email,
           coalesce(sum(e.sign) FILTER (WHERE e.kind = 'meeting'), 0) AS meeting,
           coalesce(sum(e.sign) FILTER (WHERE e.kind = 'visit'), 0) AS visit,
           coalesce(sum(e.sign) FILTER (WHERE e.kind = 'proposal'), 0) AS proposal,
           coalesce(sum(e.sign) FILTER (WHERE e.kind = 'follow-up'), 0) AS follow_up,
           coalesce(sum(e.sign) FILTER (WHERE e.kind = 'next-step'), 0) AS next_step,
           coalesce(sum(e.sign) FILTER (WHERE e.kind = 'opportunity-created'), 0) AS opportunity_created
        FROM (SELECT u.rep_id, (u.at AT TIME ZONE 'UTC')::date AS day, u.kind, u.sign
              FROM unnest(reps, ats, kinds, signs) AS u(rep_id, at, kind, sign)) e
        JOIN routing_rep_snapshot t ON t.rep_id = e.rep_id AND t.day > e.day
        GROUP BY t.team_key, t.day, t.rep_id) d
  WHERE s.team_key = d.team_key AND s.day = d.day AND s.rep_id = d.rep_id;
END $$;
--> statement-breakpoint

CREATE FUNCTION routing_snapshot_activities() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  reps integer[]; ats timestamptz[]; kinds text[]; signs integer[];
BEGIN
  PERFORM pg_advisory_xact_lock_shared(1919907188, 1);
  IF NOT EXISTS (SELECT 1 FROM routing_rep_snapshot) THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(rep_id), array_agg(at), array_agg(kind), array_agg(1) INTO reps, ats, kinds, signs FROM new_rows WHERE proactive;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(rep_id), array_agg(at), array_agg(kind), array_agg(-1) INTO reps, ats, kinds, signs FROM old_rows WHERE proactive;
  ELSE
    -- Rows whose rep, time, kind and flag did not change cancel out.
    SELECT array_agg(rep_id), array_agg(at), array_agg(kind), array_agg(sign) INTO reps, ats, kinds, signs FROM (
      SELECT x.rep_id, x.at, x.kind, -1 AS sign FROM (
        SELECT id, rep_id, at, kind FROM old_rows WHERE proactive EXCEPT ALL SELECT id, rep_id, at, kind FROM new_rows WHERE proactive) x
      UNION ALL
      SELECT x.rep_id, x.at, x.kind, 1 FROM (
        SELECT id, rep_id, at, kind FROM new_rows WHERE proactive EXCEPT ALL SELECT id, rep_id, at, kind FROM old_rows WHERE proactive) x) d;
  END IF;
  IF reps IS NOT NULL THEN PERFORM routing_snapshot_apply_activities(reps, ats, kinds, signs); END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER routing_snapshot_activities_insert AFTER INSERT ON activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_snapshot_activities();
--> statement-breakpoint
CREATE TRIGGER routing_snapshot_activities_update AFTER UPDATE ON activities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_snapshot_activities();
--> statement-breakpoint
CREATE TRIGGER routing_snapshot_activities_delete AFTER DELETE ON activities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_snapshot_activities();
--> statement-breakpoint

-- Leads received: every decision that assigns a rep (re-routes included), by decided_at.
CREATE FUNCTION routing_snapshot_apply_received(reps integer[], ats timestamptz[], signs integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF routing_rep_snapshot_drop_if_wide(reps, ats) THEN RETURN; END IF;
  UPDATE routing_rep_snapshot s SET received_ms = routing_ms_apply(s.received_ms, d.plus, d.minus)
  FROM (SELECT e.rep_id, e.day, array_agg(e.ms) FILTER (WHERE e.sign > 0) AS plus, array_agg(e.ms) FILTER (WHERE e.sign < 0) AS minus
        FROM (SELECT u.rep_id, (u.at AT TIME ZONE 'UTC')::date AS day, routing_ms_of_day(u.at) AS ms, u.sign
              FROM unnest(reps, ats, signs) AS u(rep_id, at, sign)) e
        GROUP BY e.rep_id, e.day) d
  WHERE s.rep_id = d.rep_id AND s.day = d.day;
  UPDATE routing_rep_snapshot s SET received_cp = s.received_cp + d.n
  FROM (SELECT t.team_key, t.day, t.rep_id, sum(e.sign) AS n
        FROM (SELECT u.rep_id, (u.at AT TIME ZONE 'UTC')::date AS day, u.sign FROM unnest(reps, ats, signs) AS u(rep_id, at, sign)) e
        JOIN routing_rep_snapshot t ON t.rep_id = e.rep_id AND t.day > e.day
        GROUP BY t.team_key, t.day, t.rep_id) d
  WHERE s.team_key = d.team_key AND s.day = d.day AND s.rep_id = d.rep_id;
END $$;
--> statement-breakpoint

CREATE FUNCTION routing_snapshot_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  reps integer[]; ats timestamptz[]; signs integer[];
BEGIN
  PERFORM pg_advisory_xact_lock_shared(1919907188, 1);
  IF NOT EXISTS (SELECT 1 FROM routing_rep_snapshot) THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(assignee_id), array_agg(decided_at), array_agg(1) INTO reps, ats, signs FROM new_rows WHERE assignee_id IS NOT NULL;
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
--> statement-breakpoint
CREATE TRIGGER routing_snapshot_decisions_insert AFTER INSERT ON routing_decisions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_snapshot_decisions();
--> statement-breakpoint
CREATE TRIGGER routing_snapshot_decisions_update AFTER UPDATE ON routing_decisions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_snapshot_decisions();
--> statement-breakpoint
CREATE TRIGGER routing_snapshot_decisions_delete AFTER DELETE ON routing_decisions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_snapshot_decisions();
--> statement-breakpoint

-- Closed opportunities (+1 / -1) with their similarity keys, derived as opportunity_close_daily
-- derives them (product 0, segment/region '' and digits -1 when missing).
CREATE FUNCTION routing_snapshot_apply_closes(reps integer[], ats timestamptz[], won boolean[], product_ids integer[], segments text[], regions text[], digits integer[], signs integer[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF routing_merit_snapshot_drop_if_wide(reps, ats) THEN RETURN; END IF;
  UPDATE routing_merit_snapshot s SET
    won_all_ms = routing_ms_apply(s.won_all_ms, d.won_all_plus, d.won_all_minus),
    closed_all_ms = routing_ms_apply(s.closed_all_ms, d.closed_all_plus, d.closed_all_minus),
    won_similar_ms = routing_ms_apply(s.won_similar_ms, d.won_similar_plus, d.won_similar_minus),
    closed_similar_ms = routing_ms_apply(s.closed_similar_ms, d.closed_similar_plus, d.closed_similar_minus)
  FROM (SELECT t.team_key, t.sig, t.day, t.rep_id,
           array_agg(e.ms) FILTER (WHERE e.won AND e.sign > 0) AS won_all_plus,
           array_agg(e.ms) FILTER (WHERE e.won AND e.sign < 0) AS won_all_minus,
           array_agg(e.ms) FILTER (WHERE e.sign > 0) AS closed_all_plus,
           array_agg(e.ms) FILTER (WHERE e.sign < 0) AS closed_all_minus,
           array_agg(e.ms) FILTER (WHERE e.won AND e.sign > 0 AND (t.f_product IS NULL OR e.product_id = t.f_product) AND (t.f_segment IS NULL OR e.segment = t.f_segment) AND (t.f_region IS NULL OR e.region = t.f_region) AND (t.f_digits_min IS NULL OR e.digits BETWEEN t.f_digits_min AND t.f_digits_max)) AS won_similar_plus,
           array_agg(e.ms) FILTER (WHERE e.won AND e.sign < 0 AND (t.f_product IS NULL OR e.product_id = t.f_product) AND (t.f_segment IS NULL OR e.segment = t.f_segment) AND (t.f_region IS NULL OR e.region = t.f_region) AND (t.f_digits_min IS NULL OR e.digits BETWEEN t.f_digits_min AND t.f_digits_max)) AS won_similar_minus,
           array_agg(e.ms) FILTER (WHERE e.sign > 0 AND (t.f_product IS NULL OR e.product_id = t.f_product) AND (t.f_segment IS NULL OR e.segment = t.f_segment) AND (t.f_region IS NULL OR e.region = t.f_region) AND (t.f_digits_min IS NULL OR e.digits BETWEEN t.f_digits_min AND t.f_digits_max)) AS closed_similar_plus,
           array_agg(e.ms) FILTER (WHERE e.sign < 0 AND (t.f_product IS NULL OR e.product_id = t.f_product) AND (t.f_segment IS NULL OR e.segment = t.f_segment) AND (t.f_region IS NULL OR e.region = t.f_region) AND (t.f_digits_min IS NULL OR e.digits BETWEEN t.f_digits_min AND t.f_digits_max)) AS closed_similar_minus
        FROM (SELECT u.rep_id, (u.at AT TIME ZONE 'UTC')::date AS day, routing_ms_of_day(u.at) AS ms, u.won, u.product_id, u.segment, u.region, u.digits, u.sign
              FROM unnest(reps, ats, won, product_ids, segments, regions, digits, signs) AS u(rep_id, at, won, product_id, segment, region, digits, sign)) e
        JOIN routing_merit_snapshot t ON t.rep_id = e.rep_id AND t.day = e.day
        GROUP BY t.team_key, t.sig, t.day, t.rep_id) d
  WHERE s.team_key = d.team_key AND s.sig = d.sig AND s.day = d.day AND s.rep_id = d.rep_id;
  UPDATE routing_merit_snapshot s SET
    wins_all = s.wins_all + d.wins_all, closed_all = s.closed_all + d.closed_all,
    wins_similar = s.wins_similar + d.wins_similar, closed_similar = s.closed_similar + d.closed_similar
  FROM (SELECT t.team_key, t.sig, t.day, t.rep_id,
           coalesce(sum(e.sign) FILTER (WHERE e.won), 0) AS wins_all,
           sum(e.sign) AS closed_all,
           coalesce(sum(e.sign) FILTER (WHERE e.won AND (t.f_product IS NULL OR e.product_id = t.f_product) AND (t.f_segment IS NULL OR e.segment = t.f_segment) AND (t.f_region IS NULL OR e.region = t.f_region) AND (t.f_digits_min IS NULL OR e.digits BETWEEN t.f_digits_min AND t.f_digits_max)), 0) AS wins_similar,
           coalesce(sum(e.sign) FILTER (WHERE (t.f_product IS NULL OR e.product_id = t.f_product) AND (t.f_segment IS NULL OR e.segment = t.f_segment) AND (t.f_region IS NULL OR e.region = t.f_region) AND (t.f_digits_min IS NULL OR e.digits BETWEEN t.f_digits_min AND t.f_digits_max)), 0) AS closed_similar
        FROM (SELECT u.rep_id, (u.at AT TIME ZONE 'UTC')::date AS day, u.won, u.product_id, u.segment, u.region, u.digits, u.sign
              FROM unnest(reps, ats, won, product_ids, segments, regions, digits, signs) AS u(rep_id, at, won, product_id, segment, region, digits, sign)) e
        JOIN routing_merit_snapshot t ON t.rep_id = e.rep_id AND t.day > e.day
        GROUP BY t.team_key, t.sig, t.day, t.rep_id) d
  WHERE s.team_key = d.team_key AND s.sig = d.sig AND s.day = d.day AND s.rep_id = d.rep_id;
END $$;
--> statement-breakpoint

CREATE FUNCTION routing_snapshot_opportunities() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o_reps integer[]; o_ats timestamptz[]; o_outcomes text[]; o_products integer[]; o_accounts integer[]; o_values bigint[]; o_signs integer[];
  reps integer[]; ats timestamptz[]; won boolean[]; product_ids integer[]; segments text[]; regions text[]; digits integer[]; signs integer[];
BEGIN
  PERFORM pg_advisory_xact_lock_shared(1919907188, 1);
  IF NOT EXISTS (SELECT 1 FROM routing_merit_snapshot) THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(owner_id), array_agg(closed_at), array_agg(outcome), array_agg(product_id), array_agg(account_id), array_agg(value_cents), array_agg(1)
      INTO o_reps, o_ats, o_outcomes, o_products, o_accounts, o_values, o_signs FROM new_rows WHERE outcome IN ('won', 'lost') AND closed_at IS NOT NULL AND owner_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(owner_id), array_agg(closed_at), array_agg(outcome), array_agg(product_id), array_agg(account_id), array_agg(value_cents), array_agg(-1)
      INTO o_reps, o_ats, o_outcomes, o_products, o_accounts, o_values, o_signs FROM old_rows WHERE outcome IN ('won', 'lost') AND closed_at IS NOT NULL AND owner_id IS NOT NULL;
  ELSE
    -- Most updates touch open opportunities, or change nothing that counts: those cancel out.
    SELECT array_agg(owner_id), array_agg(closed_at), array_agg(outcome), array_agg(product_id), array_agg(account_id), array_agg(value_cents), array_agg(sign)
      INTO o_reps, o_ats, o_outcomes, o_products, o_accounts, o_values, o_signs FROM (
      SELECT x.*, -1 AS sign FROM (SELECT id, owner_id, closed_at, outcome, product_id, account_id, value_cents FROM old_rows WHERE outcome IN ('won', 'lost') AND closed_at IS NOT NULL AND owner_id IS NOT NULL EXCEPT ALL SELECT id, owner_id, closed_at, outcome, product_id, account_id, value_cents FROM new_rows WHERE outcome IN ('won', 'lost') AND closed_at IS NOT NULL AND owner_id IS NOT NULL) x
      UNION ALL
      SELECT x.*, 1 FROM (SELECT id, owner_id, closed_at, outcome, product_id, account_id, value_cents FROM new_rows WHERE outcome IN ('won', 'lost') AND closed_at IS NOT NULL AND owner_id IS NOT NULL EXCEPT ALL SELECT id, owner_id, closed_at, outcome, product_id, account_id, value_cents FROM old_rows WHERE outcome IN ('won', 'lost') AND closed_at IS NOT NULL AND owner_id IS NOT NULL) x) d;
  END IF;
  IF o_reps IS NULL THEN RETURN NULL; END IF;
  SELECT array_agg(c.rep_id), array_agg(c.at), array_agg(c.outcome = 'won'), array_agg(coalesce(c.product_id, 0)),
         array_agg(routing_account_segment(a.employees)), array_agg(coalesce(t.region, '')), array_agg(routing_value_digits(c.value_cents)), array_agg(c.sign)
    INTO reps, ats, won, product_ids, segments, regions, digits, signs
  FROM unnest(o_reps, o_ats, o_outcomes, o_products, o_accounts, o_values, o_signs) AS c(rep_id, at, outcome, product_id, account_id, value_cents, sign)
  LEFT JOIN accounts a ON a.id = c.account_id
  LEFT JOIN users u ON u.id = c.rep_id
  LEFT JOIN teams t ON t.id = u.team_id;
  PERFORM routing_snapshot_apply_closes(reps, ats, won, product_ids, segments, regions, digits, signs);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER routing_snapshot_opportunities_insert AFTER INSERT ON opportunities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_snapshot_opportunities();
--> statement-breakpoint
CREATE TRIGGER routing_snapshot_opportunities_update AFTER UPDATE ON opportunities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_snapshot_opportunities();
--> statement-breakpoint
CREATE TRIGGER routing_snapshot_opportunities_delete AFTER DELETE ON opportunities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION routing_snapshot_opportunities();
--> statement-breakpoint

-- The rebuild (after a team changes region or an account changes size) re-derives the keys of
-- every closed opportunity, so the merit snapshots built from the old keys go too; the next
-- decisions build them again.
CREATE OR REPLACE FUNCTION routing_rebuild_opportunity_close_daily() RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(1919907188, 1);
  DELETE FROM routing_merit_snapshot;
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

-- lead_received_daily (the base the snapshots' received counts are built from) follows deleted
-- and updated decisions too, not only new ones.
CREATE OR REPLACE FUNCTION lead_received_daily_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE lead_received_daily d SET received = d.received - o.n
    FROM (SELECT assignee_id, (decided_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n
          FROM old_rows WHERE assignee_id IS NOT NULL GROUP BY 1, 2) o
    WHERE d.rep_id = o.assignee_id AND d.day = o.day;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO lead_received_daily (rep_id, day, received)
    SELECT assignee_id, (decided_at AT TIME ZONE 'UTC')::date, count(*)::int
    FROM new_rows WHERE assignee_id IS NOT NULL GROUP BY 1, 2
    ON CONFLICT (rep_id, day) DO UPDATE SET received = lead_received_daily.received + excluded.received;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER lead_received_daily_update AFTER UPDATE ON routing_decisions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_received_daily_apply();
--> statement-breakpoint
CREATE TRIGGER lead_received_daily_delete AFTER DELETE ON routing_decisions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_received_daily_apply();
--> statement-breakpoint

-- The member lists routing caches between decisions are checked against this version, which
-- every change to users bumps in the same transaction (src/store/routing/cache.ts).
INSERT INTO routing_cache_version (name, version) VALUES ('members', 1);
--> statement-breakpoint
CREATE FUNCTION routing_members_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE routing_cache_version SET version = version + 1 WHERE name = 'members';
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER routing_members_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION routing_members_changed();
--> statement-breakpoint

-- The explanation of a decision at 1,000 reps is ~300 KB of JSON. pglz spent longer compressing
-- it than the decision took otherwise: lz4 where the server has it (PostgreSQL), else no
-- compression at all (PGlite has no lz4; the value is stored out of line, uncompressed).
DO $$
BEGIN
  ALTER TABLE routing_decisions ALTER COLUMN explanation SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN
  ALTER TABLE routing_decisions ALTER COLUMN explanation SET STORAGE EXTERNAL;
END $$;
