-- Herald's support staff are no org's members any more: whoever held the per-org `support` role gets the platform-wide grant, and the memberships go.
INSERT INTO "staff_grants" ("user_id", "grant", "granted_by", "reason")
  SELECT DISTINCT "user_id", 'support', 'migration 0015', 'held the per-org support role' FROM "memberships" WHERE "role" = 'support'
  ON CONFLICT ("user_id") DO NOTHING;--> statement-breakpoint
DELETE FROM "memberships" WHERE "role" = 'support';
