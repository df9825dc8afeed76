ALTER TABLE "oauth_connect_states" ADD COLUMN "finish_in" text DEFAULT 'browser' NOT NULL;--> statement-breakpoint
ALTER TABLE "oauth_connect_states" ADD COLUMN "browser_nonce_hash" text;