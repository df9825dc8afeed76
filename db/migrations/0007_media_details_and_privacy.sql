ALTER TABLE "post_targets" ADD COLUMN "privacy_level" text;--> statement-breakpoint
ALTER TABLE "target_media" ADD COLUMN "media_id" uuid;--> statement-breakpoint
ALTER TABLE "target_media" ADD COLUMN "width" integer;--> statement-breakpoint
ALTER TABLE "target_media" ADD COLUMN "height" integer;--> statement-breakpoint
ALTER TABLE "target_media" ADD COLUMN "duration_seconds" real;--> statement-breakpoint
ALTER TABLE "target_media" ADD CONSTRAINT "target_media_media_fk" FOREIGN KEY ("media_id") REFERENCES "public"."media_objects"("id") ON DELETE set null ON UPDATE no action;