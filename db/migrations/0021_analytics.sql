CREATE TABLE "account_metric_reads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"social_account_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"day" date NOT NULL,
	"status" text NOT NULL,
	"followers" integer,
	"reach" integer,
	"reason" text,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account_metric_reads" ADD CONSTRAINT "account_metric_reads_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_metric_reads" ADD CONSTRAINT "account_metric_reads_account_fk" FOREIGN KEY ("social_account_id") REFERENCES "public"."social_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "account_metric_reads_account_day_uq" ON "account_metric_reads" USING btree ("social_account_id","day");--> statement-breakpoint
CREATE INDEX "account_metric_reads_org_day_idx" ON "account_metric_reads" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "post_targets_org_published_idx" ON "post_targets" USING btree ("org_id","published_at") WHERE "post_targets"."published_at" is not null;--> statement-breakpoint
CREATE INDEX "metric_snapshots_target_taken_idx" ON "metric_snapshots" USING btree ("target_id","recorded_at") WHERE "metric_snapshots"."status" = 'taken';
