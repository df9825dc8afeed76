import { foreignKey, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './core.js';

/**
 * E-mail action links that have been used, keyed by the link's token id: a link works once. The
 * outcome is what the recipient was told, so a second click can repeat it.
 */
export const usedEmailActionLinks = pgTable(
  'used_email_action_links',
  {
    tokenId: text('token_id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    action: text('action', { enum: ['approve', 'reject', 'approve-all'] }).notNull(),
    postIds: uuid('post_ids').array().notNull(),
    outcome: jsonb('outcome').$type<{ postId: string; done: boolean; message: string }[]>(),
    usedAt: timestamp('used_at', { withTimezone: true }).notNull().defaultNow(),
    /** After this the link is refused as expired anyway; rows past it may be deleted. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('used_email_action_links_expires_idx').on(t.expiresAt),
    foreignKey({ name: 'used_email_action_links_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'used_email_action_links_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  ],
);
