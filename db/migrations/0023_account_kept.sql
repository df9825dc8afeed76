-- After a downgrade below the plan's account limit, the accounts an owner or admin chose to keep
-- publishing (null: not chosen; Herald then keeps the oldest). Nothing is deleted either way.
ALTER TABLE "social_accounts" ADD COLUMN "kept_at" timestamp with time zone;
