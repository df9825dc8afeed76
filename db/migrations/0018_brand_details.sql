ALTER TABLE "brand_profiles" ADD COLUMN "details" jsonb DEFAULT '{}'::jsonb NOT NULL;
