import { foreignKey, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './core.js';

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

/**
 * Invitations to join an org (api/routes/members.ts): a single-use link, stored as a hash,
 * for one address and one role, valid for INVITATION_DAYS unless revoked.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: ['admin', 'editor', 'approver', 'viewer'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    acceptedBy: uuid('accepted_by'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('invitations_token_uq').on(t.tokenHash),
    index('invitations_org_idx').on(t.orgId),
    foreignKey({ name: 'invitations_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);

/**
 * Herald's own staff, who are members of no org: a `support` grant lets a person list and replay
 * failed publishes across tenants, nothing else (api/routes/support.ts). Given from the server.
 */
export const staffGrants = pgTable(
  'staff_grants',
  {
    userId: uuid('user_id').primaryKey(),
    grant: text('grant', { enum: ['support'] }).notNull(),
    grantedBy: text('granted_by').notNull(),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [foreignKey({ name: 'staff_grants_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade')],
);
