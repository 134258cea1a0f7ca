CREATE TABLE "pacing_alerts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"rep_id" integer NOT NULL,
	"period" text NOT NULL,
	"status" text NOT NULL,
	"day" date NOT NULL,
	"reason" text NOT NULL,
	"details" jsonb,
	"raised_at" timestamp with time zone NOT NULL,
	"visible_to_manager_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "team_settings" (
	"id" serial PRIMARY KEY NOT NULL,
	"team_id" integer,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pacing_alerts" ADD CONSTRAINT "pacing_alerts_rep_id_users_id_fk" FOREIGN KEY ("rep_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_settings" ADD CONSTRAINT "team_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_settings" ADD CONSTRAINT "team_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "pacing_alerts_rep_period_day_idx" ON "pacing_alerts" USING btree ("rep_id","period","status","day");--> statement-breakpoint
CREATE INDEX "pacing_alerts_rep_idx" ON "pacing_alerts" USING btree ("rep_id");--> statement-breakpoint
CREATE UNIQUE INDEX "team_settings_team_key_idx" ON "team_settings" USING btree (coalesce("team_id", 0),"key");