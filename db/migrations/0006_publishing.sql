CREATE TABLE "publish_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"target_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"attempt" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"run" integer NOT NULL,
	"workflow_id" text NOT NULL,
	"status" text NOT NULL,
	"step" text,
	"platform_post_id" text,
	"committed" boolean DEFAULT false NOT NULL,
	"error_kind" text,
	"error_code" text,
	"error_message" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "publish_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"target_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"run" integer NOT NULL,
	"workflow_id" text NOT NULL,
	"request_key" text,
	"requested_by" text DEFAULT 'herald' NOT NULL,
	"reason" text,
	"outcome" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "publish_windows" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"reason" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "target_media" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"target_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"url" text NOT NULL,
	"mime_type" text NOT NULL,
	"alt_text" text
);
--> statement-breakpoint
ALTER TABLE "publish_attempts" ADD CONSTRAINT "publish_attempts_target_fk" FOREIGN KEY ("target_id") REFERENCES "public"."post_targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publish_attempts" ADD CONSTRAINT "publish_attempts_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publish_runs" ADD CONSTRAINT "publish_runs_target_fk" FOREIGN KEY ("target_id") REFERENCES "public"."post_targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publish_runs" ADD CONSTRAINT "publish_runs_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publish_windows" ADD CONSTRAINT "publish_windows_account_fk" FOREIGN KEY ("account_id") REFERENCES "public"."social_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_media" ADD CONSTRAINT "target_media_target_fk" FOREIGN KEY ("target_id") REFERENCES "public"."post_targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "publish_attempts_target_attempt_uq" ON "publish_attempts" USING btree ("target_id","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "publish_attempts_idempotency_uq" ON "publish_attempts" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "publish_attempts_open_idx" ON "publish_attempts" USING btree ("target_id") WHERE "publish_attempts"."status" in ('sending', 'unconfirmed');--> statement-breakpoint
CREATE UNIQUE INDEX "publish_runs_target_run_uq" ON "publish_runs" USING btree ("target_id","run");--> statement-breakpoint
CREATE UNIQUE INDEX "publish_runs_workflow_uq" ON "publish_runs" USING btree ("workflow_id");--> statement-breakpoint
CREATE UNIQUE INDEX "publish_runs_request_uq" ON "publish_runs" USING btree ("request_key");--> statement-breakpoint
CREATE UNIQUE INDEX "target_media_target_position_uq" ON "target_media" USING btree ("target_id","position");