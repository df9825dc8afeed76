ALTER TABLE "email_preferences" ADD COLUMN "digest_hour" smallint DEFAULT 8 NOT NULL;--> statement-breakpoint
ALTER TABLE "email_preferences" ADD CONSTRAINT "email_preferences_digest_hour_ck" CHECK ("digest_hour" BETWEEN 0 AND 23);--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "send_after" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox_emails" ADD COLUMN "retries" integer DEFAULT 0 NOT NULL;
