CREATE TABLE "monthly_themes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"month" text NOT NULL,
	"plan_start" date NOT NULL,
	"output_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monthly_themes" ADD CONSTRAINT "monthly_themes_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monthly_themes" ADD CONSTRAINT "monthly_themes_user_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "monthly_themes_user_month_uq" ON "monthly_themes" USING btree ("org_id","user_id","month");--> statement-breakpoint
ALTER TABLE "weekly_strategies" ADD COLUMN "decision" text;--> statement-breakpoint
ALTER TABLE "weekly_strategies" ADD COLUMN "decision_instructions" text;--> statement-breakpoint
ALTER TABLE "weekly_strategies" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "weekly_strategies" ADD COLUMN "monthly_themes_id" uuid;--> statement-breakpoint
ALTER TABLE "weekly_strategies" ADD COLUMN "learning_output_id" uuid;--> statement-breakpoint
ALTER TABLE "weekly_strategies" ADD CONSTRAINT "weekly_strategies_themes_fk" FOREIGN KEY ("monthly_themes_id") REFERENCES "public"."monthly_themes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "weekly_strategies_org_week_idx" ON "weekly_strategies" USING btree ("org_id","week_start");
