CREATE TABLE "used_email_action_links" (
	"token_id" text PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"action" text NOT NULL,
	"post_ids" uuid[] NOT NULL,
	"outcome" jsonb,
	"used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "used_email_action_links" ADD CONSTRAINT "used_email_action_links_org_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "used_email_action_links" ADD CONSTRAINT "used_email_action_links_user_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "used_email_action_links_expires_idx" ON "used_email_action_links" USING btree ("expires_at");
