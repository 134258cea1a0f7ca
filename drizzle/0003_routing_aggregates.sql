CREATE TABLE "lead_received_daily" (
	"rep_id" integer NOT NULL,
	"day" date NOT NULL,
	"received" integer NOT NULL,
	CONSTRAINT "lead_received_daily_rep_id_day_pk" PRIMARY KEY("rep_id","day")
);
--> statement-breakpoint
CREATE TABLE "opportunity_close_daily" (
	"rep_id" integer NOT NULL,
	"day" date NOT NULL,
	"product_id" integer NOT NULL,
	"segment" text NOT NULL,
	"region" text NOT NULL,
	"value_digits" integer NOT NULL,
	"wins" integer NOT NULL,
	"closed" integer NOT NULL,
	CONSTRAINT "opportunity_close_daily_rep_id_day_product_id_segment_region_value_digits_pk" PRIMARY KEY("rep_id","day","product_id","segment","region","value_digits")
);
--> statement-breakpoint
CREATE TABLE "rep_lead_load" (
	"rep_id" integer PRIMARY KEY NOT NULL,
	"open_leads" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_state" (
	"team_key" integer PRIMARY KEY NOT NULL,
	"last_rotation_assignee_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "routing_state" ADD CONSTRAINT "routing_state_last_rotation_assignee_id_users_id_fk" FOREIGN KEY ("last_rotation_assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "leads_sla_idx" ON "leads" USING btree ("assigned_at") WHERE "leads"."status" = 'assigned' and "leads"."first_touch_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "routing_decisions_initial_idx" ON "routing_decisions" USING btree ("lead_id") WHERE "routing_decisions"."kind" = 'initial';--> statement-breakpoint
CREATE INDEX "routing_decisions_assignee_idx" ON "routing_decisions" USING btree ("assignee_id","decided_at");