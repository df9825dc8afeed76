import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { loadAiConfig, type AiConfig } from '../config/ai.js';
import { loadBillingConfig, type BillingConfig } from '../config/billing.js';
import { mediaStoreFrom, type MediaStore } from '../activities/media/store.js';
import type { AppConfig } from '../config/env.js';
import { createPlatformServices, type PlatformServices } from '../activities/platforms/services.js';
import { loadPlatformConfig, type PlatformConfig } from '../config/platforms.js';
import type { EmailConfig } from '../config/email.js';
import type { Database } from '../db/client.js';
import type { TaskQueues } from '../temporal-config/task-queues.js';

/** What every route may use; built once in api/main.ts (or by a test). */
export interface ApiContext {
  config: AppConfig;
  db: Database;
  temporal: Client;
  queues: TaskQueues;
  log: Logger;
  /** The local media store's folder, served at /media (absent when media lives in S3). */
  mediaDir?: string;
  /** Platform configuration; built from the environment when not given (tests pass their emulator's). */
  platforms?: PlatformConfig;
  /** E-mail settings (the Resend webhook secret); built from the environment when not given. */
  email?: EmailConfig;
  /** Stripe and plan settings; read from the environment when not given (tests pass their emulator's). */
  billing?: BillingConfig;
  /** Media store and ffprobe settings (uploads); read from the environment when not given. */
  ai?: AiConfig;
}

export function temporalUiLink(config: AppConfig, workflowId: string, runId?: string): string {
  const base = `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${runId}/history` : base;
}

const services = new WeakMap<ApiContext, PlatformServices>();

/**
 * One set of platform services per API context, built with the routers (so a production API
 * without HERALD_ENCRYPTION_KEYS refuses to start) from the environment and the app's data dir.
 */
export function platformServicesOf(ctx: ApiContext): PlatformServices {
  let found = services.get(ctx);
  if (!found) {
    const env = { ...process.env, NODE_ENV: ctx.config.env, HERALD_DATA_DIR: ctx.config.dataDir };
    services.set(ctx, (found = createPlatformServices(ctx.db, ctx.platforms ?? loadPlatformConfig(env))));
  }
  return found;
}

const billingConfigs = new WeakMap<ApiContext, BillingConfig>();

/** Billing settings of this API, read once. */
export function billingOf(ctx: ApiContext): BillingConfig {
  let found = ctx.billing ?? billingConfigs.get(ctx);
  if (!found) billingConfigs.set(ctx, (found = loadBillingConfig()));
  return found;
}

const mediaStores = new WeakMap<ApiContext, { store: MediaStore; ffprobePath: string }>();

/** The media store uploads go to (the one the worker publishes from), and the ffprobe that measures videos. */
export function mediaOf(ctx: ApiContext): { store: MediaStore; ffprobePath: string } {
  let found = mediaStores.get(ctx);
  if (!found) {
    const ai = ctx.ai ?? loadAiConfig();
    mediaStores.set(ctx, (found = { store: mediaStoreFrom(ai), ffprobePath: ai.ffprobePath }));
  }
  return found;
}
