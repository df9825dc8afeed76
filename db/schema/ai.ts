import {
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizations } from './core.js';

/** One row per paid call (LLM, image, speech, paid platform request): the spend ledger. */
export const aiUsage = pgTable(
  'ai_usage',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    task: text('task').notNull(),
    kind: text('kind', { enum: ['llm', 'image', 'speech', 'platform'] }).notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    /** Tokens billed at the full input rate; cached tokens are counted apart. */
    inputTokens: integer('input_tokens').notNull().default(0),
    outputTokens: integer('output_tokens').notNull().default(0),
    cacheReadTokens: integer('cache_read_tokens').notNull().default(0),
    cacheWriteTokens: integer('cache_write_tokens').notNull().default(0),
    /** Non-token units: images, seconds of audio, platform requests. */
    units: doublePrecision('units').notNull().default(0),
    unitName: text('unit_name'),
    costUsd: numeric('cost_usd', { precision: 14, scale: 8, mode: 'number' }).notNull(),
    latencyMs: integer('latency_ms').notNull(),
    promptVersion: text('prompt_version'),
    outcome: text('outcome', { enum: ['ok', 'invalid_output', 'unavailable'] }).notNull().default('ok'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ai_usage_org_at_idx').on(t.orgId, t.at),
    foreignKey({ name: 'ai_usage_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);

/** Every agent result, stored so workflows pass ids; the prompt version says which prompt wrote it. */
export const aiOutputs = pgTable(
  'ai_outputs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    task: text('task').notNull(),
    promptVersion: text('prompt_version').notNull(),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    /** Written by the offline writer (no provider answered): the UI and e-mails say so. */
    offlineWritten: boolean('offline_written').notNull().default(false),
    budgetLevel: text('budget_level').notNull().default('normal'),
    output: jsonb('output').$type<unknown>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ai_outputs_org_task_created_idx').on(t.orgId, t.task, t.createdAt),
    foreignKey({ name: 'ai_outputs_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);

/** Generated images, voice-overs and videos, wherever the media store keeps their bytes. */
export const mediaObjects = pgTable(
  'media_objects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id').notNull(),
    kind: text('kind', { enum: ['image', 'video', 'audio'] }).notNull(),
    store: text('store', { enum: ['s3', 'local'] }).notNull(),
    storageKey: text('storage_key').notNull(),
    mimeType: text('mime_type').notNull(),
    width: integer('width'),
    height: integer('height'),
    durationSeconds: doublePrecision('duration_seconds'),
    sizeBytes: integer('size_bytes').notNull(),
    altText: text('alt_text'),
    /** Made without an image provider (a branded title card): shown as such for approval. */
    offlineMade: boolean('offline_made').notNull().default(false),
    /** Who uploaded it by hand (null: Herald generated it); uploads count against the plan's media storage. */
    uploadedBy: uuid('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('media_objects_storage_key_uq').on(t.store, t.storageKey),
    index('media_objects_org_created_idx').on(t.orgId, t.createdAt),
    foreignKey({ name: 'media_objects_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);

/** Budget thresholds already announced this month, so the owner is warned once per level. */
export const aiBudgetAlerts = pgTable(
  'ai_budget_alerts',
  {
    orgId: uuid('org_id').notNull(),
    month: text('month').notNull(),
    level: text('level', { enum: ['warned', 'economy', 'exhausted'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ai_budget_alerts_org_month_level_uq').on(t.orgId, t.month, t.level),
    foreignKey({ name: 'ai_budget_alerts_org_fk', columns: [t.orgId], foreignColumns: [organizations.id] }).onDelete('cascade'),
  ],
);
