import { sql } from 'drizzle-orm';
import { check, foreignKey, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './core.js';

/**
 * Addresses Herald must not mail: the provider reported a hard bounce or a spam complaint
 * (Resend webhooks). The sender drops mail to them instead of sending.
 */
export const emailSuppressions = pgTable('email_suppressions', {
  /** Lower-cased. */
  address: text('address').primaryKey(),
  reason: text('reason', { enum: ['bounced', 'complained'] }).notNull(),
  detail: text('detail'),
  /** The webhook event (svix-id) that reported it. */
  eventId: text('event_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Mail categories (core/email-preferences.ts) a user turned off, and their digest hour; no row = everything on, 08:00. */
export const emailPreferences = pgTable(
  'email_preferences',
  {
    userId: uuid('user_id').primaryKey(),
    muted: text('muted').array().notNull().default(sql`'{}'::text[]`),
    /** The local hour (in the user's zone) their approval digest arrives. */
    digestHour: smallint('digest_hour').notNull().default(8),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'email_preferences_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
    check('email_preferences_digest_hour_ck', sql`${t.digestHour} BETWEEN 0 AND 23`),
  ],
);
