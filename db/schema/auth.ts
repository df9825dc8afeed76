import { foreignKey, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './core.js';

/**
 * Browser sessions (api/sessions.ts). The cookie holds a random secret; only its SHA-256 is kept,
 * so a database read does not yield a usable session. Revoking is deleting the row.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    secretHash: text('secret_hash').notNull(),
    /** The org the user last switched to; the web app opens it. */
    activeOrgId: uuid('active_org_id'),
    userAgent: text('user_agent'),
    ip: text('ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('sessions_secret_uq').on(t.secretHash),
    index('sessions_user_idx').on(t.userId),
    foreignKey({ name: 'sessions_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  ],
);

/**
 * Single-use links sent by e-mail: verify an address, reset a password, confirm a new address.
 * Stored as a hash; `usedAt` set in the same statement that checks it, so a link works once.
 */
export const authLinks = pgTable(
  'auth_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    purpose: text('purpose', { enum: ['verify_email', 'reset_password', 'change_email'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    /** For change_email: the new address, applied when the link is used. */
    data: jsonb('data').$type<Record<string, string>>().notNull().default({}),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('auth_links_token_uq').on(t.tokenHash),
    foreignKey({ name: 'auth_links_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  ],
);

/**
 * Attempts at sign-up, login and reset, per key (`ip:<addr>` or `account:<email>`), for rate
 * limits shared by every API process. Old rows are pruned as new ones arrive.
 */
export const authAttempts = pgTable(
  'auth_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull(),
    action: text('action').notNull(),
    failed: integer('failed').notNull().default(1),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('auth_attempts_key_at_idx').on(t.key, t.action, t.at)],
);
