import type { AiConfig } from '../config/ai.js';
import { loadEmailLinkConfig, type EmailLinkConfig } from '../config/email-links.js';
import { loadBillingConfig, type BillingConfig } from '../config/billing.js';
import type { Database } from '../db/client.js';
import { agentActivities } from './agents/activities.js';
import { accountReadActivities } from './analytics/account-reads.js';
import { weeklyReportActivities } from './analytics/weekly-report.js';
import { billingActivities } from './billing/events.js';
import { noSnapshotsYet, type PerformanceSource } from './agents/performance.js';
import { cycleActivities } from './content/cycle.js';
import { generationActivities } from './content/generation.js';
import { notifyActivities } from './content/notify.js';
import { postActivities } from './content/posts.js';
import { slotActivities } from './content/slots.js';
import { weeklyActivities } from './content/weekly.js';
import { createGateway } from './llm/gateway.js';
import { configuredMediaActivities } from './media/activities.js';
import { postMediaActivities } from './content/media.js';
import { regenerateMediaActivities } from './content/regenerate.js';
import { monitoringActivities } from './monitoring/activities.js';
import type { PlatformServices } from './platforms/services.js';
import { publishingRecordActivities } from './publishing/records.js';
import { pingActivities } from './system/ping.js';
import { databaseLedger } from './usage/db-ledger.js';
import { usageActivities } from './usage/activities.js';

export interface ActivityDeps {
  db: Database;
  ai: AiConfig;
  /** Published results the agents learn from; monitoring snapshots once they exist. */
  performance?: PerformanceSource;
  /** The worker's one set of platform services, shared with the publish queues; monitoring reads metrics through it. */
  platforms?: PlatformServices;
  /** Keys and public URL for the approve/reject links in notices; from the environment when not given. */
  emailLinks?: EmailLinkConfig;
  /** Stripe and plan settings; default: from the environment. */
  billing?: BillingConfig;
}

/** Every activity the main queue serves, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  const billing = deps.billing ?? loadBillingConfig();
  const ledger = databaseLedger(deps.db, billing);
  const gateway = createGateway(deps.ai, ledger);
  const agents = agentActivities({ db: deps.db, gateway, ledger, performance: deps.performance ?? noSnapshotsYet });
  const media = configuredMediaActivities(deps.db, deps.ai, ledger);
  return {
    ...pingActivities(deps.db),
    ...agents,
    ...usageActivities(deps.db, ledger, billing),
    ...media,
    ...postMediaActivities(deps.db, media),
    ...regenerateMediaActivities(deps.db, media),
    ...postActivities(deps.db),
    ...slotActivities(deps.db, billing),
    ...cycleActivities(deps.db, billing),
    ...weeklyActivities(deps.db, billing),
    ...notifyActivities(deps.db, deps.emailLinks ?? loadEmailLinkConfig()),
    ...generationActivities(deps.db, agents),
    ...publishingRecordActivities(deps.db),
    ...monitoringActivities(deps.db, deps.platforms),
    ...accountReadActivities(deps.db, deps.platforms),
    ...weeklyReportActivities(deps.db),
    ...billingActivities(deps.db, billing),
  };
}

export type Activities = ReturnType<typeof createActivities>;
