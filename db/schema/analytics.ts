import { date, foreignKey, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, socialAccounts } from './core.js';

/**
 * One read a day of a connected account's own figures (followers, and reach where the platform
 * reports one): 'taken', or 'unavailable' with why (the platform has no such read for this app),
 * or 'missed' (the read failed). Follower growth over a range comes from these rows.
 */
export const accountMetricReads = pgTable(
  'account_metric_reads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    socialAccountId: uuid('social_account_id').notNull(),
    platform: text('platform').notNull(),
    /** The local date of the daily run that read it. */
    day: date('day').notNull(),
    status: text('status', { enum: ['taken', 'unavailable', 'missed'] }).notNull(),
    followers: integer('followers'),
    /** Accounts reached over the last day, where the platform reports it (Facebook, Instagram). */
    reach: integer('reach'),
    reason: text('reason'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('account_metric_reads_account_day_uq').on(t.socialAccountId, t.day),
    index('account_metric_reads_org_day_idx').on(t.orgId, t.day),
    foreignKey({ name: 'account_metric_reads_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'account_metric_reads_account_fk', columns: [t.socialAccountId], foreignColumns: [socialAccounts.id] }).onDelete('cascade'),
  ],
);
