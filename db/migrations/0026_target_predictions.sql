-- Predicted against actual engagement read each week's strategy output (LLM JSON) at query time
-- (318 ms for a year of 10,000 posts); each target now carries its slot's prediction, written
-- when the post is planned.
ALTER TABLE "post_targets" ADD COLUMN "predicted_engagement_rate" double precision;--> statement-breakpoint
ALTER TABLE "post_targets" ADD COLUMN "prediction_confidence" double precision;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "post_targets_org_predicted_idx" ON "post_targets" USING btree ("org_id","published_at") WHERE "post_targets"."published_at" is not null and "post_targets"."predicted_engagement_rate" is not null;--> statement-breakpoint
-- Posts planned before: the newest approved strategy's prediction for their slot and platform,
-- what the analytics read until now.
UPDATE "post_targets" t SET "predicted_engagement_rate" = sp.rate, "prediction_confidence" = sp.confidence
FROM (
  SELECT DISTINCT ON (w.org_id, slot_key, platform) w.org_id, slot_key, platform,
    (pp->>'predictedEngagementRate')::float8 AS rate,
    CASE WHEN jsonb_typeof(pp->'confidence') = 'number' THEN (pp->>'confidence')::float8 END AS confidence
  FROM "weekly_strategies" w
  JOIN "ai_outputs" o ON o.id::text = w.output_id
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(o.output->'days') = 'array' THEN o.output->'days' ELSE '[]'::jsonb END) d
  CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(d->'posts') = 'array' THEN d->'posts' ELSE '[]'::jsonb END) pp
  CROSS JOIN LATERAL (SELECT w.user_id::text || ':' || (d->>'date') || '@' || (pp->>'time') AS slot_key, pp->>'platform' AS platform) k
  WHERE w.status = 'approved' AND jsonb_typeof(pp->'predictedEngagementRate') = 'number'
  ORDER BY w.org_id, slot_key, platform, w.created_at DESC
) sp
JOIN "posts" p ON p.org_id = sp.org_id AND p.slot_key = sp.slot_key
WHERE t.post_id = p.id AND t.org_id = p.org_id AND t.platform = sp.platform AND t.predicted_engagement_rate IS NULL;
