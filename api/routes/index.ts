import { accountRoutes } from './accounts.js';
import { monitoringRoutes } from './alerts.js';
import { billingRoutes } from './billing.js';
import { cycleRoutes } from './cycles.js';
import { invitationRoutes, memberRoutes, ownershipRoutes } from './members.js';
import { postRoutes } from './posts.js';
import { publishingRoutes } from './publishing.js';
import type { OrgRouterFactory } from './orgs.js';

/**
 * Per-org domain routers, mounted at /api/v1/orgs/:orgId/<key>. Each domain adds one line.
 * Their routers must be created with Router({ mergeParams: true }) and read the org from orgOf(res).
 */
export const ORG_DOMAINS: Record<string, OrgRouterFactory> = {
  accounts: accountRoutes,
  posts: postRoutes,
  monitoring: monitoringRoutes,
  publishing: publishingRoutes,
  members: memberRoutes,
  invitations: invitationRoutes,
  'transfer-ownership': ownershipRoutes,
  billing: billingRoutes,
  // profiles/:userId, cycles/:userId, weekly/:userId/:planStart
  '': cycleRoutes,
};
