import { sql } from 'drizzle-orm';
import { date, foreignKey, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, posts, users } from './core.js';

/** One row per day's run of a user's cycle; a scheduled run exists at most once per local date. */
export const cycleRuns = pgTable(
  'cycle_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    localDate: date('local_date').notNull(),
    kind: text('kind', { enum: ['scheduled', 'manual'] }).notNull(),
    timeZone: text('time_zone').notNull(),
    status: text('status', { enum: ['running', 'completed', 'failed'] }).notNull().default('running'),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull().default({}),
    workflowId: text('workflow_id').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('cycle_runs_scheduled_once_uq').on(t.userId, t.localDate).where(sql`${t.kind} = 'scheduled'`),
    uniqueIndex('cycle_runs_workflow_uq').on(t.workflowId),
    index('cycle_runs_user_started_idx').on(t.userId, t.startedAt),
    foreignKey({ name: 'cycle_runs_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'cycle_runs_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  ],
);

/** Every content revision of a post (generated, replacement, edit), with who and why. */
export const postRevisions = pgTable(
  'post_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: uuid('post_id').notNull(),
    orgId: uuid('org_id').notNull(),
    revision: integer('revision').notNull(),
    kind: text('kind', { enum: ['generated', 'replacement', 'emergency', 'edit', 'timing', 'hashtags', 'optimised'] }).notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    contentHash: text('content_hash'),
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('post_revisions_post_revision_uq').on(t.postId, t.revision),
    foreignKey({ name: 'post_revisions_post_fk', columns: [t.postId], foreignColumns: [posts.id] }).onDelete('cascade'),
    foreignKey({ name: 'post_revisions_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);

/** A user's 30-day themes (seed 000), planned on the month's first planning day; every weekly strategy of the month follows them. */
export const monthlyThemes = pgTable(
  'monthly_themes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    /** YYYY-MM, in the user's zone. */
    month: text('month').notNull(),
    /** The plan (weekly workflow) that planned them. */
    planStart: date('plan_start').notNull(),
    outputId: uuid('output_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('monthly_themes_user_month_uq').on(t.orgId, t.userId, t.month),
    foreignKey({ name: 'monthly_themes_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'monthly_themes_user_fk', columns: [t.userId], foreignColumns: [users.id] }).onDelete('cascade'),
  ],
);

/** The week's strategy presentations and their decisions. */
export const weeklyStrategies = pgTable(
  'weekly_strategies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    userId: uuid('user_id').notNull(),
    /** First local date the strategy covers. */
    weekStart: date('week_start').notNull(),
    /** The plan (weekly workflow) that made it. */
    planStart: date('plan_start').notNull(),
    purpose: text('purpose', { enum: ['presentation', 'batch'] }).notNull(),
    version: integer('version').notNull().default(1),
    status: text('status', { enum: ['presented', 'approved', 'superseded', 'expired', 'default'] }).notNull(),
    outputId: text('output_id'),
    instructions: text('instructions'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /** How a superseded presentation was answered: modify_strategy (with decisionInstructions) or reject_and_regenerate. */
    decision: text('decision', { enum: ['approve_all', 'modify_strategy', 'reject_and_regenerate'] }),
    decisionInstructions: text('decision_instructions'),
    /** When an undecided presentation gives way to the default plan. */
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** The month's themes it followed and the learning analysis it read (null when there were none). */
    monthlyThemesId: uuid('monthly_themes_id'),
    learningOutputId: uuid('learning_output_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('weekly_strategies_user_week_idx').on(t.userId, t.weekStart),
    index('weekly_strategies_org_week_idx').on(t.orgId, t.weekStart),
    foreignKey({ name: 'weekly_strategies_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
    foreignKey({ name: 'weekly_strategies_themes_fk', columns: [t.monthlyThemesId], foreignColumns: [monthlyThemes.id] }).onDelete('set null'),
  ],
);

/**
 * Every e-mail Herald sends, one row per recipient; the dedupe key makes retries write once.
 * `email-<id>` (workflows/email.ts) delivers a queued row; the id is also the provider's
 * idempotency key, so a retried send is one mail.
 */
export const outboxEmails = pgTable(
  'outbox_emails',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null for a person's own security mail (verify address, reset password), which no org owns. */
    orgId: uuid('org_id'),
    toUserId: uuid('to_user_id'),
    toAddress: text('to_address').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text('dedupe_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    status: text('status', { enum: ['queued', 'sending', 'sent', 'failed', 'dropped'] }).notNull().default('queued'),
    /** Send attempts made, each one call to the provider. */
    attempts: integer('attempts').notNull().default(0),
    transport: text('transport', { enum: ['resend', 'smtp'] }),
    providerMessageId: text('provider_message_id'),
    lastError: text('last_error'),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true }),
    /** Not before this instant (a digest waits for its reader's chosen hour); null = at once. */
    sendAfter: timestamp('send_after', { withTimezone: true }),
    /** Times support sent a failed row again (herald admin retry-email); each retry is a new delivery run. */
    retries: integer('retries').notNull().default(0),
  },
  (t) => [
    uniqueIndex('outbox_emails_dedupe_uq').on(t.dedupeKey),
    index('outbox_emails_queued_idx').on(t.createdAt).where(sql`${t.status} = 'queued'`),
    index('outbox_emails_org_created_idx').on(t.orgId, t.createdAt),
    foreignKey({ name: 'outbox_emails_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);
