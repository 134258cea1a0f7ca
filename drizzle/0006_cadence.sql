CREATE TABLE "deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"outbox_id" bigint NOT NULL,
	"target" text NOT NULL,
	"attempt" integer NOT NULL,
	"status" text NOT NULL,
	"response_code" integer,
	"error" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "info_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"external_id" text,
	"manager_id" integer NOT NULL,
	"rep_id" integer NOT NULL,
	"subject" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"answered_at" timestamp with time zone,
	"answered_by_update" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "info_requests_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "one_on_one_schedules" (
	"id" serial PRIMARY KEY NOT NULL,
	"manager_id" integer NOT NULL,
	"rep_id" integer NOT NULL,
	"weekday" integer NOT NULL,
	"time" text NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"duration_minutes" integer DEFAULT 30 NOT NULL,
	"interval_weeks" integer DEFAULT 1 NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_on_one_schedules_rep_id_unique" UNIQUE("rep_id"),
	CONSTRAINT "one_on_one_schedules_weekday_check" CHECK ("one_on_one_schedules"."weekday" between 1 and 7),
	CONSTRAINT "one_on_one_schedules_interval_check" CHECK ("one_on_one_schedules"."interval_weeks" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "one_on_ones" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"manager_id" integer NOT NULL,
	"rep_id" integer NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"held_at" timestamp with time zone,
	"notes" text,
	"decisions" text,
	"agenda" jsonb,
	"reminder_queued_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "promises" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rep_id" integer NOT NULL,
	"update_id" bigint,
	"one_on_one_id" bigint,
	"subject" text NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"due" date NOT NULL,
	"kept" boolean,
	"marked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promises_update_id_unique" UNIQUE("update_id")
);
--> statement-breakpoint
CREATE TABLE "stale_nudges" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"opportunity_id" bigint NOT NULL,
	"rep_id" integer NOT NULL,
	"stale_since" timestamp with time zone NOT NULL,
	"threshold_days" double precision NOT NULL,
	"last_touch_at" timestamp with time zone,
	"escalate_due_at" timestamp with time zone NOT NULL,
	"nudged_rep_at" timestamp with time zone NOT NULL,
	"escalated_at" timestamp with time zone,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "updates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"external_id" text,
	"rep_id" integer NOT NULL,
	"subject" text NOT NULL,
	"opportunity_id" bigint,
	"at" timestamp with time zone NOT NULL,
	"text" text DEFAULT '' NOT NULL,
	"performatives" text[] NOT NULL,
	"preemptive" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "updates_external_id_unique" UNIQUE("external_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" serial PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"secret" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"team_id" integer,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_outbox_id_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."outbox"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_requests" ADD CONSTRAINT "info_requests_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_requests" ADD CONSTRAINT "info_requests_rep_id_users_id_fk" FOREIGN KEY ("rep_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "info_requests" ADD CONSTRAINT "info_requests_answered_by_update_updates_id_fk" FOREIGN KEY ("answered_by_update") REFERENCES "public"."updates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_one_schedules" ADD CONSTRAINT "one_on_one_schedules_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_one_schedules" ADD CONSTRAINT "one_on_one_schedules_rep_id_users_id_fk" FOREIGN KEY ("rep_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_ones" ADD CONSTRAINT "one_on_ones_manager_id_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_ones" ADD CONSTRAINT "one_on_ones_rep_id_users_id_fk" FOREIGN KEY ("rep_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_rep_id_users_id_fk" FOREIGN KEY ("rep_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_update_id_updates_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."updates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_one_on_one_id_one_on_ones_id_fk" FOREIGN KEY ("one_on_one_id") REFERENCES "public"."one_on_ones"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stale_nudges" ADD CONSTRAINT "stale_nudges_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stale_nudges" ADD CONSTRAINT "stale_nudges_rep_id_users_id_fk" FOREIGN KEY ("rep_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "updates" ADD CONSTRAINT "updates_rep_id_users_id_fk" FOREIGN KEY ("rep_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "updates" ADD CONSTRAINT "updates_opportunity_id_opportunities_id_fk" FOREIGN KEY ("opportunity_id") REFERENCES "public"."opportunities"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliveries_outbox_idx" ON "deliveries" USING btree ("outbox_id","target");--> statement-breakpoint
CREATE INDEX "info_requests_rep_subject_idx" ON "info_requests" USING btree ("rep_id","subject","at");--> statement-breakpoint
CREATE INDEX "one_on_one_schedules_manager_idx" ON "one_on_one_schedules" USING btree ("manager_id");--> statement-breakpoint
CREATE UNIQUE INDEX "one_on_ones_occurrence_idx" ON "one_on_ones" USING btree ("manager_id","rep_id","scheduled_for");--> statement-breakpoint
CREATE INDEX "one_on_ones_rep_idx" ON "one_on_ones" USING btree ("rep_id","scheduled_for");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("available_at") WHERE "outbox"."delivered_at" is null and "outbox"."failed_at" is null;--> statement-breakpoint
CREATE INDEX "promises_rep_due_idx" ON "promises" USING btree ("rep_id","due");--> statement-breakpoint
CREATE INDEX "promises_one_on_one_idx" ON "promises" USING btree ("one_on_one_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stale_nudges_episode_idx" ON "stale_nudges" USING btree ("opportunity_id","stale_since");--> statement-breakpoint
CREATE UNIQUE INDEX "stale_nudges_open_idx" ON "stale_nudges" USING btree ("opportunity_id") WHERE "stale_nudges"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "stale_nudges_rep_idx" ON "stale_nudges" USING btree ("rep_id");--> statement-breakpoint
CREATE INDEX "updates_rep_subject_idx" ON "updates" USING btree ("rep_id","subject","at");--> statement-breakpoint
CREATE INDEX "updates_opportunity_idx" ON "updates" USING btree ("opportunity_id","at");