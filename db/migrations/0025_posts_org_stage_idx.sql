-- The approval queue and every list of one stage (?stage=) read an org's posts of that stage in
-- time order; with only (org_id, scheduled_at) they walked all of the org's posts (10,000 in the
-- benchmark) to find the few waiting ones.
CREATE INDEX IF NOT EXISTS "posts_org_stage_scheduled_idx" ON "posts" USING btree ("org_id","stage","scheduled_at","id");
