import { sql } from 'drizzle-orm';
import type { BrandDetails } from '../../core/brand-profile.js';
import {
  boolean,
  check,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { APPROVAL_RULES } from '../../core/approval.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    slug: text('slug').notNull(),
    plan: text('plan').notNull().default('free'),
    /** Minutes before publish time at which approval closes. */
    approvalLeadMinutes: integer('approval_lead_minutes').notNull().default(APPROVAL_RULES.defaultLeadMinutes),
    requireSecondApprover: boolean('require_second_approver').notNull().default(false),
    /** Minutes before the approval deadline at which approvers are reminded. */
    approvalReminderMinutes: integer('approval_reminder_minutes')
      .array()
      .notNull()
      .default(sql.raw(`'{${APPROVAL_RULES.defaultReminderMinutesBeforeDeadline.join(',')}}'::integer[]`)),
    /** One Stripe customer per org, created at its first checkout. */
    stripeCustomerId: text('stripe_customer_id'),
    stripeSubscriptionId: text('stripe_subscription_id'),
    /** Stripe's subscription status as last applied: active, past_due, canceled... */
    billingStatus: text('billing_status').notNull().default('active'),
    currentPeriodEnd: timestamp('current_period_end', { withTimezone: true }),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    /** While past due: when the daily cycle pauses unless the invoice is paid. */
    graceEndsAt: timestamp('grace_ends_at', { withTimezone: true }),
    /** `created` of the newest Stripe event applied; an older event arriving late changes nothing. */
    billingEventAt: timestamp('billing_event_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('organizations_slug_uq').on(t.slug), uniqueIndex('organizations_stripe_customer_uq').on(t.stripeCustomerId)],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** IANA zone, e.g. Europe/Berlin: 02:00 and 08:00 are computed in it. */
    timeZone: text('time_zone').notNull().default('UTC'),
    /** argon2id (PHC string); null for users created before sign-up existed, who reset it. */
    passwordHash: text('password_hash'),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_uq').on(sql`lower(${t.email})`)],
);

export const memberships = pgTable(
  'memberships',
  {
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    role: text('role', { enum: ['owner', 'admin', 'editor', 'approver', 'viewer'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('memberships_org_user_uq').on(t.orgId, t.userId),
    index('memberships_user_idx').on(t.userId),
    foreignKey({ name: 'memberships_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'memberships_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  ],
);

export const brandProfiles = pgTable(
  'brand_profiles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    /** The user whose daily cycle this profile drives. */
    userId: uuid('user_id').notNull(),
    businessName: text('business_name').notNull(),
    industry: text('industry').notNull(),
    audience: text('audience').notNull(),
    brandVoice: text('brand_voice').notNull(),
    goals: jsonb('goals').$type<string[]>().notNull().default([]),
    platforms: jsonb('platforms').$type<string[]>().notNull().default([]),
    contentRestrictions: jsonb('content_restrictions').$type<string[]>().notNull().default([]),
    timeZone: text('time_zone').notNull(),
    planningDay: integer('planning_day').notNull().default(1),
    postsPerDay: integer('posts_per_day').notNull().default(3),
    /** The optional onboarding answers (website, promotions, priorities, visual style, competitors ...). */
    details: jsonb('details').$type<BrandDetails>().notNull().default({}),
    onboardedAt: timestamp('onboarded_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('brand_profiles_org_user_uq').on(t.orgId, t.userId),
    check('brand_profiles_planning_day_ck', sql`${t.planningDay} between 1 and 7`),
    foreignKey({ name: 'brand_profiles_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'brand_profiles_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  ],
);

export const socialAccounts = pgTable(
  'social_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    platform: text('platform').notNull(),
    /** The platform's own id for the account (user, page, channel). */
    externalId: text('external_id').notNull(),
    displayName: text('display_name').notNull(),
    status: text('status', { enum: ['connected', 'needs_reconnect', 'disconnected'] }).notNull().default('connected'),
    sandbox: boolean('sandbox').notNull().default(false),
    scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
    /** AES-256-GCM ciphertexts with the key id beside them; never returned by the API. */
    accessTokenEnc: text('access_token_enc'),
    refreshTokenEnc: text('refresh_token_enc'),
    tokenKeyId: text('token_key_id'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    /** Chosen to stay active while the org has more accounts than its plan allows (null: not chosen). */
    keptAt: timestamp('kept_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('social_accounts_org_platform_external_uq').on(t.orgId, t.platform, t.externalId),
    foreignKey({ name: 'social_accounts_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);

export const posts = pgTable(
  'posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    authorUserId: uuid('author_user_id'),
    /** The user whose cycle (brand profile, time zone) made this post. */
    userId: uuid('user_id'),
    stage: text('stage').notNull().default('drafted'),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
    /** `<userId>:<local date>@<HH:MM>`: the slot this post fills; one post per slot. */
    slotKey: text('slot_key'),
    /** What the content agent writes from: topic, brief, content type, call to action. */
    brief: jsonb('brief').$type<{ topic: string; brief: string; contentType: string; callToAction?: string }>(),
    /** The AI output the current revision came from (ai outputs table). */
    contentOutputId: text('content_output_id'),
    offlineWritten: boolean('offline_written').notNull().default(false),
    contentHash: text('content_hash'),
    revision: integer('revision').notNull().default(1),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedBy: uuid('approved_by'),
    /** The time as approved; locked edits may move it at most +-30 min from here. */
    approvedScheduledAt: timestamp('approved_scheduled_at', { withTimezone: true }),
    /** Why the post ended expired / skipped / failed, in words a user can act on. */
    outcomeReason: text('outcome_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('posts_org_scheduled_idx').on(t.orgId, t.scheduledAt),
    index('posts_org_stage_scheduled_idx').on(t.orgId, t.stage, t.scheduledAt, t.id),
    uniqueIndex('posts_org_slot_uq').on(t.orgId, t.slotKey),
    foreignKey({ name: 'posts_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'posts_author_fk', columns: [t.authorUserId], foreignColumns: [users.id] }).onDelete('set null'),
  ],
);

export const postTargets = pgTable(
  'post_targets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id').notNull(),
    orgId: uuid('org_id').notNull(),
    platform: text('platform').notNull(),
    socialAccountId: uuid('social_account_id'),
    stage: text('stage').notNull().default('drafted'),
    text: text('text').notNull().default(''),
    hashtags: jsonb('hashtags').$type<string[]>().notNull().default([]),
    title: text('title'),
    /** Who may see it, where the platform asks (core/privacy.ts); TikTok's is chosen at approval. */
    privacyLevel: text('privacy_level'),
    /** Platform-rule problems found when the content was stored; empty when it may be approved. */
    problems: jsonb('problems').$type<{ field: string; message: string }[]>().notNull().default([]),
    platformPostId: text('platform_post_id'),
    platformPostUrl: text('platform_post_url'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    errorKind: text('error_kind'),
    errorMessage: text('error_message'),
    attempts: integer('attempts').notNull().default(0),
    /** What the approved weekly strategy predicted for this slot and platform when the post was planned (null: no prediction). */
    predictedEngagementRate: doublePrecision('predicted_engagement_rate'),
    predictionConfidence: doublePrecision('prediction_confidence'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('post_targets_post_platform_uq').on(t.postId, t.platform),
    index('post_targets_org_stage_idx').on(t.orgId, t.stage),
    // Analytics read an org's targets by publish time over ranges of up to a year.
    index('post_targets_org_published_idx').on(t.orgId, t.publishedAt).where(sql`${t.publishedAt} is not null`),
    // Predicted against actual per week reads only the published targets that carry a prediction.
    index('post_targets_org_predicted_idx').on(t.orgId, t.publishedAt).where(sql`${t.publishedAt} is not null and ${t.predictedEngagementRate} is not null`),
    foreignKey({ name: 'post_targets_post_fk', columns: [t.postId], foreignColumns: [posts.id] }).onDelete('cascade'),
    foreignKey({ name: 'post_targets_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'post_targets_account_fk', columns: [t.socialAccountId], foreignColumns: [socialAccounts.id] }).onDelete('set null'),
  ],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null for system-wide events (e.g. a dev ping). */
    orgId: uuid('org_id'),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    /** Business key that makes a retried activity write its row once. */
    idempotencyKey: text('idempotency_key'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('audit_log_org_at_idx').on(t.orgId, t.at),
    uniqueIndex('audit_log_idempotency_uq').on(t.idempotencyKey),
    foreignKey({ name: 'audit_log_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);

/** Liveness beside Temporal's poller list, which keeps a dead worker listed for minutes. */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text('worker_id').primaryKey(),
  taskQueues: jsonb('task_queues').$type<string[]>().notNull(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
});

/** Bearer tokens for the API and CLI; only a SHA-256 of the token is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    label: text('label').notNull(),
    /** The one org this token may act in; null: every org its user belongs to. */
    orgId: uuid('org_id'),
    /** Every token expires (default 90 days, core/tokens.ts). */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('api_tokens_hash_uq').on(t.tokenHash),
    index('api_tokens_user_idx').on(t.userId),
    foreignKey({ name: 'api_tokens_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
    foreignKey({ name: 'api_tokens_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);
