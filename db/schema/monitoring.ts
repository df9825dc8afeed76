import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Expected } from '../../core/monitoring.js';
import { organizations, posts, postTargets, socialAccounts } from './core.js';

/**
 * One row per published target and checkpoint: the metrics read (status 'taken'), why they could
 * not be read within the checkpoint's window (status 'missed'), or why the platform gives none for
 * this post (status 'unavailable': a private TikTok video, LinkedIn without r_member_social).
 */
export const metricSnapshots = pgTable(
  'metric_snapshots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    postId: uuid('post_id').notNull(),
    targetId: uuid('target_id').notNull(),
    socialAccountId: uuid('social_account_id'),
    platform: text('platform').notNull(),
    checkpoint: text('checkpoint', { enum: ['15m', '1h', '4h', '12h', '24h'] }).notNull(),
    status: text('status', { enum: ['taken', 'missed', 'unavailable'] }).notNull(),
    /** published_at + the checkpoint's offset. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** When the metrics were read, or when the checkpoint was given up. */
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    /** Why there are no figures ('missed' or 'unavailable'). */
    missedReason: text('missed_reason'),
    /** The platform's figures as reported (missing ones left out). */
    metrics: jsonb('metrics').$type<Record<string, number>>(),
    reach: integer('reach'),
    engagements: integer('engagements'),
    engagementRate: real('engagement_rate'),
    expected: jsonb('expected').$type<Expected>(),
    engagementRatio: real('engagement_ratio'),
    reachRatio: real('reach_ratio'),
  },
  (t) => [
    uniqueIndex('metric_snapshots_target_checkpoint_uq').on(t.targetId, t.checkpoint),
    index('metric_snapshots_account_checkpoint_idx').on(t.socialAccountId, t.checkpoint, t.recordedAt),
    index('metric_snapshots_org_recorded_idx').on(t.orgId, t.recordedAt),
    // A target's latest figures (analytics): one index probe per target.
    index('metric_snapshots_target_taken_idx').on(t.targetId, t.recordedAt).where(sql`${t.status} = 'taken'`),
    foreignKey({ name: 'metric_snapshots_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'metric_snapshots_post_fk', columns: [t.postId], foreignColumns: [posts.id] }).onDelete('cascade'),
    foreignKey({ name: 'metric_snapshots_target_fk', columns: [t.targetId], foreignColumns: [postTargets.id] }).onDelete('cascade'),
    foreignKey({ name: 'metric_snapshots_account_fk', columns: [t.socialAccountId], foreignColumns: [socialAccounts.id] }).onDelete('set null'),
  ],
);

/** Viral and under-performance alerts; the unique (target, kind) keeps it to one of each per post. */
export const postAlerts = pgTable(
  'post_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    postId: uuid('post_id').notNull(),
    targetId: uuid('target_id').notNull(),
    platform: text('platform').notNull(),
    kind: text('kind', { enum: ['viral', 'underperformance'] }).notNull(),
    checkpoint: text('checkpoint').notNull(),
    engagementRatio: real('engagement_ratio'),
    reachRatio: real('reach_ratio'),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('post_alerts_target_kind_uq').on(t.targetId, t.kind),
    index('post_alerts_org_created_idx').on(t.orgId, t.createdAt),
    foreignKey({ name: 'post_alerts_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'post_alerts_post_fk', columns: [t.postId], foreignColumns: [posts.id] }).onDelete('cascade'),
    foreignKey({ name: 'post_alerts_target_fk', columns: [t.targetId], foreignColumns: [postTargets.id] }).onDelete('cascade'),
  ],
);
