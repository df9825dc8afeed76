import { isProviderConfigured, loadAiConfig, type AiConfig } from '../../config/ai.js';
import type { Database } from '../../db/client.js';
import { createGateway } from '../llm/gateway.js';
import { openaiClient } from '../llm/providers/openai.js';
import { mediaActivities } from '../media/activities.js';
import { mediaStoreFrom } from '../media/store.js';
import { usageActivities } from '../usage/activities.js';
import { databaseLedger } from '../usage/db-ledger.js';
import { agentActivities } from './activities.js';
import { noSnapshotsYet, type PerformanceSource } from './performance.js';

/** The agents, spend control and media activities, wired to the database and the AI configuration. */
export function aiActivities(db: Database, config: AiConfig = loadAiConfig(), performance: PerformanceSource = noSnapshotsYet) {
  const ledger = databaseLedger(db);
  const openai = isProviderConfigured(config.providers.openai)
    ? openaiClient(config.providers.openai, { maxRetries: config.maxRetries, timeoutMs: config.timeoutMs })
    : undefined;
  return {
    ...agentActivities({ db, gateway: createGateway(config, ledger), ledger, performance }),
    ...usageActivities(db, ledger),
    ...mediaActivities({ db, config, ledger, store: mediaStoreFrom(config), openai }),
  };
}
