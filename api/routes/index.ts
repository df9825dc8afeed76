import { accountRoutes } from './accounts.js';
import { approvalRoutes } from './approvals.js';
import { analyticsRoutes } from './analytics.js';
import { monitoringRoutes } from './alerts.js';
import { billingRoutes } from './billing.js';
import { calendarRoutes } from './calendar.js';
import { cycleRoutes } from './cycles.js';
import { draftRoutes } from './drafts.js';
import { mediaRoutes } from './media.js';
import { invitationRoutes, memberRoutes, ownershipRoutes } from './members.js';
import { postRoutes } from './posts.js';
import { publishingRoutes } from './publishing.js';
import { monthlyThemesRoutes, strategyRoutes } from './strategies.js';
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
  approvals: approvalRoutes,
  calendar: calendarRoutes,
  strategies: strategyRoutes,
  'monthly-themes': monthlyThemesRoutes,
  media: mediaRoutes,
  drafts: draftRoutes,
  analytics: analyticsRoutes,
  // profiles/:userId, cycles/:userId, weekly/:userId/:planStart
  '': cycleRoutes,
};
