-- Hand-written: activity_monthly, the month rollup of activity_daily (docs/ACTIVITY.md, "Where
-- the counts come from"). Scorecards, KPIs and tiers read the whole months of a period here and
-- only the ragged days of a running month from activity_daily.
--
-- One row per rep and month (the month's first day), one column per kind and flag: a quarter
-- for 1,000 reps is 3,000 rows instead of 48,000 narrow month rows (or ~1.5 million day rows).
-- Every column is the count of that rep's activities of that kind and flag whose UTC day falls
-- in the month, so a row always equals the sum of the month's activity_daily rows. The columns
-- follow the activities_kind_check list: a new kind needs its two columns here (a read names
-- every column, so a missing one fails loudly instead of dropping counts).
--
-- Maintained like activity_daily by statement-level triggers with transition tables, so every
-- writer (API, import upserts, demo) keeps it right; upserts go in key order so two writers of
-- the same reps take the row locks in the same order.
CREATE TABLE "activity_monthly" (
	"rep_id" integer NOT NULL REFERENCES "users"("id"),
	"month" date NOT NULL,
	"call_proactive" integer DEFAULT 0 NOT NULL,
	"call_reactive" integer DEFAULT 0 NOT NULL,
	"email_proactive" integer DEFAULT 0 NOT NULL,
	"email_reactive" integer DEFAULT 0 NOT NULL,
	"meeting_proactive" integer DEFAULT 0 NOT NULL,
	"meeting_reactive" integer DEFAULT 0 NOT NULL,
	"visit_proactive" integer DEFAULT 0 NOT NULL,
	"visit_reactive" integer DEFAULT 0 NOT NULL,
	"proposal_proactive" integer DEFAULT 0 NOT NULL,
	"proposal_reactive" integer DEFAULT 0 NOT NULL,
	"follow_up_proactive" integer DEFAULT 0 NOT NULL,
	"follow_up_reactive" integer DEFAULT 0 NOT NULL,
	"next_step_proactive" integer DEFAULT 0 NOT NULL,
	"next_step_reactive" integer DEFAULT 0 NOT NULL,
	"opportunity_created_proactive" integer DEFAULT 0 NOT NULL,
	"opportunity_created_reactive" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "activity_monthly_pk" PRIMARY KEY ("rep_id", "month")
);
--> statement-breakpoint
CREATE FUNCTION activity_monthly_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE activity_monthly m SET
        call_proactive = m.call_proactive - o.call_proactive,
        call_reactive = m.call_reactive - o.call_reactive,
        email_proactive = m.email_proactive - o.email_proactive,
        email_reactive = m.email_reactive - o.email_reactive,
        meeting_proactive = m.meeting_proactive - o.meeting_proactive,
        meeting_reactive = m.meeting_reactive - o.meeting_reactive,
        visit_proactive = m.visit_proactive - o.visit_proactive,
        visit_reactive = m.visit_reactive - o.visit_reactive,
        proposal_proactive = m.proposal_proactive - o.proposal_proactive,
        proposal_reactive = m.proposal_reactive - o.proposal_reactive,
        follow_up_proactive = m.follow_up_proactive - o.follow_up_proactive,
        follow_up_reactive = m.follow_up_reactive - o.follow_up_reactive,
        next_step_proactive = m.next_step_proactive - o.next_step_proactive,
        next_step_reactive = m.next_step_reactive - o.next_step_reactive,
        opportunity_created_proactive = m.opportunity_created_proactive - o.opportunity_created_proactive,
        opportunity_created_reactive = m.opportunity_created_reactive - o.opportunity_created_reactive
    FROM (SELECT rep_id, date_trunc('month', at AT TIME ZONE 'UTC')::date AS month,
                 count(*) FILTER (WHERE kind = 'call' AND proactive)::int AS call_proactive,
                 count(*) FILTER (WHERE kind = 'call' AND NOT proactive)::int AS call_reactive,
                 count(*) FILTER (WHERE kind = 'email' AND proactive)::int AS email_proactive,
                 count(*) FILTER (WHERE kind = 'email' AND NOT proactive)::int AS email_reactive,
                 count(*) FILTER (WHERE kind = 'meeting' AND proactive)::int AS meeting_proactive,
                 count(*) FILTER (WHERE kind = 'meeting' AND NOT proactive)::int AS meeting_reactive,
                 count(*) FILTER (WHERE kind = 'visit' AND proactive)::int AS visit_proactive,
                 count(*) FILTER (WHERE kind = 'visit' AND NOT proactive)::int AS visit_reactive,
                 count(*) FILTER (WHERE kind = 'proposal' AND proactive)::int AS proposal_proactive,
                 count(*) FILTER (WHERE kind = 'proposal' AND NOT proactive)::int AS proposal_reactive,
                 count(*) FILTER (WHERE kind = 'follow-up' AND proactive)::int AS follow_up_proactive,
                 count(*) FILTER (WHERE kind = 'follow-up' AND NOT proactive)::int AS follow_up_reactive,
                 count(*) FILTER (WHERE kind = 'next-step' AND proactive)::int AS next_step_proactive,
                 count(*) FILTER (WHERE kind = 'next-step' AND NOT proactive)::int AS next_step_reactive,
                 count(*) FILTER (WHERE kind = 'opportunity-created' AND proactive)::int AS opportunity_created_proactive,
                 count(*) FILTER (WHERE kind = 'opportunity-created' AND NOT proactive)::int AS opportunity_created_reactive
          FROM old_rows GROUP BY 1, 2) o
    WHERE m.rep_id = o.rep_id AND m.month = o.month;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO activity_monthly (rep_id, month, call_proactive, call_reactive, email_proactive, email_reactive, meeting_proactive, meeting_reactive, visit_proactive, visit_reactive, proposal_proactive, proposal_reactive, follow_up_proactive, follow_up_reactive, next_step_proactive, next_step_reactive, opportunity_created_proactive, opportunity_created_reactive)
    SELECT rep_id, date_trunc('month', at AT TIME ZONE 'UTC')::date,
           count(*) FILTER (WHERE kind = 'call' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'call' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'email' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'email' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'meeting' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'meeting' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'visit' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'visit' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'proposal' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'proposal' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'follow-up' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'follow-up' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'next-step' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'next-step' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'opportunity-created' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'opportunity-created' AND NOT proactive)::int
    FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (rep_id, month) DO UPDATE SET
        call_proactive = activity_monthly.call_proactive + excluded.call_proactive,
        call_reactive = activity_monthly.call_reactive + excluded.call_reactive,
        email_proactive = activity_monthly.email_proactive + excluded.email_proactive,
        email_reactive = activity_monthly.email_reactive + excluded.email_reactive,
        meeting_proactive = activity_monthly.meeting_proactive + excluded.meeting_proactive,
        meeting_reactive = activity_monthly.meeting_reactive + excluded.meeting_reactive,
        visit_proactive = activity_monthly.visit_proactive + excluded.visit_proactive,
        visit_reactive = activity_monthly.visit_reactive + excluded.visit_reactive,
        proposal_proactive = activity_monthly.proposal_proactive + excluded.proposal_proactive,
        proposal_reactive = activity_monthly.proposal_reactive + excluded.proposal_reactive,
        follow_up_proactive = activity_monthly.follow_up_proactive + excluded.follow_up_proactive,
        follow_up_reactive = activity_monthly.follow_up_reactive + excluded.follow_up_reactive,
        next_step_proactive = activity_monthly.next_step_proactive + excluded.next_step_proactive,
        next_step_reactive = activity_monthly.next_step_reactive + excluded.next_step_reactive,
        opportunity_created_proactive = activity_monthly.opportunity_created_proactive + excluded.opportunity_created_proactive,
        opportunity_created_reactive = activity_monthly.opportunity_created_reactive + excluded.opportunity_created_reactive;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- No write may slip between the triggers and the backfill (a server may be running).
LOCK TABLE "activities" IN SHARE ROW EXCLUSIVE MODE;
--> statement-breakpoint
CREATE TRIGGER activity_monthly_insert AFTER INSERT ON activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_monthly_apply();
--> statement-breakpoint
CREATE TRIGGER activity_monthly_update AFTER UPDATE ON activities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_monthly_apply();
--> statement-breakpoint
CREATE TRIGGER activity_monthly_delete AFTER DELETE ON activities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activity_monthly_apply();
--> statement-breakpoint
-- Existing stores: the months of the activities already there.
INSERT INTO activity_monthly (rep_id, month, call_proactive, call_reactive, email_proactive, email_reactive, meeting_proactive, meeting_reactive, visit_proactive, visit_reactive, proposal_proactive, proposal_reactive, follow_up_proactive, follow_up_reactive, next_step_proactive, next_step_reactive, opportunity_created_proactive, opportunity_created_reactive)
SELECT rep_id, date_trunc('month', at AT TIME ZONE 'UTC')::date,
           count(*) FILTER (WHERE kind = 'call' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'call' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'email' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'email' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'meeting' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'meeting' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'visit' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'visit' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'proposal' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'proposal' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'follow-up' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'follow-up' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'next-step' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'next-step' AND NOT proactive)::int,
           count(*) FILTER (WHERE kind = 'opportunity-created' AND proactive)::int,
           count(*) FILTER (WHERE kind = 'opportunity-created' AND NOT proactive)::int
FROM activities GROUP BY 1, 2;
