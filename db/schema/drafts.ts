import { foreignKey, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { PlatformOverride } from '../../core/own-posts.js';
import { organizations, users } from './core.js';

/**
 * The content library: hand-made posts saved without a time. Scheduling one copies it into a post
 * (which gets its workflow); the draft stays, so it can be reused and duplicated.
 */
export const postDrafts = pgTable(
  'post_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    authorUserId: uuid('author_user_id'),
    name: text('name').notNull(),
    platforms: jsonb('platforms').$type<string[]>().notNull().default([]),
    text: text('text').notNull().default(''),
    hashtags: jsonb('hashtags').$type<string[]>().notNull().default([]),
    overrides: jsonb('overrides').$type<Record<string, PlatformOverride>>().notNull().default({}),
    /** Uploaded media (media_objects ids), in order. */
    mediaIds: jsonb('media_ids').$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('post_drafts_org_updated_idx').on(t.orgId, t.updatedAt),
    foreignKey({ name: 'post_drafts_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'post_drafts_author_fk', columns: [t.authorUserId], foreignColumns: [users.id] }).onDelete('set null'),
  ],
);
