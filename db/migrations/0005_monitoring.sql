CREATE TABLE "metric_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"social_account_id" uuid,
	"platform" text NOT NULL,
	"checkpoint" text NOT NULL,
	"status" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"missed_reason" text,
	"metrics" jsonb,
	"reach" integer,
	"engagements" integer,
	"engagement_rate" real,
	"expected" jsonb,
	"engagement_ratio" real,
	"reach_ratio" real
);
--> statement-breakpoint
CREATE TABLE "post_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"target_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"kind" text NOT NULL,
	"checkpoint" text NOT NULL,
	"engagement_ratio" real,
	"reach_ratio" real,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD CONSTRAINT "metric_snapshots_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD CONSTRAINT "metric_snapshots_post_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD CONSTRAINT "metric_snapshots_target_fk" FOREIGN KEY ("target_id") REFERENCES "public"."post_targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "metric_snapshots" ADD CONSTRAINT "metric_snapshots_account_fk" FOREIGN KEY ("social_account_id") REFERENCES "public"."social_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_alerts" ADD CONSTRAINT "post_alerts_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_alerts" ADD CONSTRAINT "post_alerts_post_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_alerts" ADD CONSTRAINT "post_alerts_target_fk" FOREIGN KEY ("target_id") REFERENCES "public"."post_targets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "metric_snapshots_target_checkpoint_uq" ON "metric_snapshots" USING btree ("target_id","checkpoint");--> statement-breakpoint
CREATE INDEX "metric_snapshots_account_checkpoint_idx" ON "metric_snapshots" USING btree ("social_account_id","checkpoint","recorded_at");--> statement-breakpoint
CREATE INDEX "metric_snapshots_org_recorded_idx" ON "metric_snapshots" USING btree ("org_id","recorded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "post_alerts_target_kind_uq" ON "post_alerts" USING btree ("target_id","kind");--> statement-breakpoint
CREATE INDEX "post_alerts_org_created_idx" ON "post_alerts" USING btree ("org_id","created_at");