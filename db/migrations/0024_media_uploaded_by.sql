-- Who uploaded an image or video by hand (null: Herald generated it). Uploads count against the
-- plan's media storage; generated media does not.
ALTER TABLE "media_objects" ADD COLUMN "uploaded_by" uuid;
