-- Generated (the column and the index), then the backfill by hand. Delivered outbox items are
-- pruned after PROACTIVE_OUTBOX_RETENTION_DAYS (src/notify/outbox.ts), so an outbox row can no
-- longer be the record that an alert's escalation was sent: the alert records it itself.
ALTER TABLE "pacing_alerts" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "outbox_delivered_idx" ON "outbox" USING btree ("delivered_at") WHERE "outbox"."delivered_at" is not null;--> statement-breakpoint
UPDATE "pacing_alerts" a SET "escalated_at" = o."created_at"
FROM "outbox" o
WHERE o."kind" = 'pacing.escalated' AND o."payload"->>'alertId' = a."id"::text AND a."escalated_at" IS NULL;
