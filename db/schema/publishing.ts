import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { mediaObjects } from './ai.js';
import { organizations, postTargets, socialAccounts } from './core.js';

/**
 * One row per publish workflow run of a target: `publish-<targetId>` is run 1, a support replay
 * `publish-<targetId>-<n>` is run n. The replay request key makes a retried replay allocate once.
 */
export const publishRuns = pgTable(
  'publish_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    targetId: uuid('target_id').notNull(),
    orgId: uuid('org_id').notNull(),
    run: integer('run').notNull(),
    workflowId: text('workflow_id').notNull(),
    requestKey: text('request_key'),
    requestedBy: text('requested_by').notNull().default('herald'),
    reason: text('reason'),
    outcome: text('outcome'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('publish_runs_target_run_uq').on(t.targetId, t.run),
    uniqueIndex('publish_runs_workflow_uq').on(t.workflowId),
    uniqueIndex('publish_runs_request_uq').on(t.requestKey),
    foreignKey({ name: 'publish_runs_target_fk', columns: [t.targetId], foreignColumns: [postTargets.id] }).onDelete('cascade'),
    foreignKey({ name: 'publish_runs_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);

/**
 * One row per time Herald is about to send a target to its platform. The row is written
 * ('sending') before the request leaves, so a crash or a reset can never send twice unseen:
 * a 'sending' or 'unconfirmed' row is reconciled before anything else is sent.
 */
export const publishAttempts = pgTable(
  'publish_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    targetId: uuid('target_id').notNull(),
    orgId: uuid('org_id').notNull(),
    attempt: integer('attempt').notNull(),
    /** `<targetId>:<attempt>`, handed to adapters as the platform idempotency key. */
    idempotencyKey: text('idempotency_key').notNull(),
    run: integer('run').notNull(),
    workflowId: text('workflow_id').notNull(),
    status: text('status', { enum: ['sending', 'published', 'retry', 'failed', 'unconfirmed', 'absent'] }).notNull(),
    /** Last step the adapter reported (media_uploaded, initialized, published, ...). */
    step: text('step'),
    platformPostId: text('platform_post_id'),
    /** The platform said the post exists (its final id), not only an upload or init id. */
    committed: boolean('committed').notNull().default(false),
    errorKind: text('error_kind'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('publish_attempts_target_attempt_uq').on(t.targetId, t.attempt),
    uniqueIndex('publish_attempts_idempotency_uq').on(t.idempotencyKey),
    index('publish_attempts_open_idx').on(t.targetId).where(sql`${t.status} in ('sending', 'unconfirmed')`),
    foreignKey({ name: 'publish_attempts_target_fk', columns: [t.targetId], foreignColumns: [postTargets.id] }).onDelete('cascade'),
    foreignKey({ name: 'publish_attempts_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);

/** Per-account "do not publish before": set from the platforms' rate-limit answers and caps. */
export const publishWindows = pgTable(
  'publish_windows',
  {
    accountId: uuid('account_id').primaryKey(),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    reason: text('reason').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [foreignKey({ name: 'publish_windows_account_fk', columns: [t.accountId], foreignColumns: [socialAccounts.id] }).onDelete('cascade')],
);

/** The media a target carries when it is published, in order. */
export const targetMedia = pgTable(
  'target_media',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    targetId: uuid('target_id').notNull(),
    position: integer('position').notNull(),
    kind: text('kind', { enum: ['image', 'video'] }).notNull(),
    url: text('url').notNull(),
    mimeType: text('mime_type').notNull(),
    altText: text('alt_text'),
    /** The stored object it came from (null for media given by URL), so a fresh URL can be signed. */
    mediaId: uuid('media_id'),
    width: integer('width'),
    height: integer('height'),
    /** Videos: TikTok and YouTube check the length before accepting them. */
    durationSeconds: real('duration_seconds'),
  },
  (t) => [
    uniqueIndex('target_media_target_position_uq').on(t.targetId, t.position),
    foreignKey({ name: 'target_media_target_fk', columns: [t.targetId], foreignColumns: [postTargets.id] }).onDelete('cascade'),
    foreignKey({ name: 'target_media_media_fk', columns: [t.mediaId], foreignColumns: [mediaObjects.id] }).onDelete('set null'),
  ],
);
