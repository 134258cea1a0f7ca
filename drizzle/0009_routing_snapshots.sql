CREATE TABLE "routing_cache_version" (
	"name" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "routing_merit_snapshot" (
	"team_key" integer NOT NULL,
	"sig" text NOT NULL,
	"day" date NOT NULL,
	"rep_id" integer NOT NULL,
	"f_product" integer,
	"f_segment" text,
	"f_region" text,
	"f_digits_min" integer,
	"f_digits_max" integer,
	"wins_all" integer NOT NULL,
	"closed_all" integer NOT NULL,
	"wins_similar" integer NOT NULL,
	"closed_similar" integer NOT NULL,
	"won_all_ms" integer[],
	"closed_all_ms" integer[],
	"won_similar_ms" integer[],
	"closed_similar_ms" integer[],
	CONSTRAINT "routing_merit_snapshot_team_key_sig_day_rep_id_pk" PRIMARY KEY("team_key","sig","day","rep_id")
);
--> statement-breakpoint
CREATE TABLE "routing_rep_snapshot" (
	"team_key" integer NOT NULL,
	"day" date NOT NULL,
	"rep_id" integer NOT NULL,
	"call_cp" integer NOT NULL,
	"email_cp" integer NOT NULL,
	"meeting_cp" integer NOT NULL,
	"visit_cp" integer NOT NULL,
	"proposal_cp" integer NOT NULL,
	"follow_up_cp" integer NOT NULL,
	"next_step_cp" integer NOT NULL,
	"opportunity_created_cp" integer NOT NULL,
	"call_ms" integer[],
	"email_ms" integer[],
	"meeting_ms" integer[],
	"visit_ms" integer[],
	"proposal_ms" integer[],
	"follow_up_ms" integer[],
	"next_step_ms" integer[],
	"opportunity_created_ms" integer[],
	"received_cp" integer NOT NULL,
	"received_ms" integer[],
	CONSTRAINT "routing_rep_snapshot_team_key_day_rep_id_pk" PRIMARY KEY("team_key","day","rep_id")
);
--> statement-breakpoint
ALTER TABLE "routing_decisions" ALTER COLUMN "explanation" SET DATA TYPE json;--> statement-breakpoint
CREATE INDEX "routing_merit_snapshot_rep_idx" ON "routing_merit_snapshot" USING btree ("rep_id","day");--> statement-breakpoint
CREATE INDEX "routing_rep_snapshot_rep_idx" ON "routing_rep_snapshot" USING btree ("rep_id","day");