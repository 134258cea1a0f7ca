-- activity_monthly (created by the hand-written 0008) is now declared in src/store/schema.ts, so
-- this migration's snapshot holds it and drizzle-kit diffs against it. 0008 wrote its foreign key
-- inline, so PostgreSQL named it; the rename gives it the name drizzle-kit would write.
ALTER TABLE "activity_monthly" RENAME CONSTRAINT "activity_monthly_rep_id_fkey" TO "activity_monthly_rep_id_users_id_fk";
