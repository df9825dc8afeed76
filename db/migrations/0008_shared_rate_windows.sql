CREATE TABLE "rate_window_calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_window_calls_scope_key_at_idx" ON "rate_window_calls" USING btree ("scope","key","at");