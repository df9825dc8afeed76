import type { LimitName } from '../core/plans.js';
import { checkOrgLimit } from '../db/queries/billing.js';
import { billingOf, type ApiContext } from './context.js';
import { HttpError } from './errors.js';

/**
 * Refuses with 402 when one more of `limit` does not fit the org's plan; the body names the
 * limit, the current use and the plan that lifts it.
 */
export async function requireWithinLimit(ctx: ApiContext, orgId: string, limit: LimitName): Promise<void> {
  const check = await checkOrgLimit(ctx.db, orgId, limit, billingOf(ctx));
  if (check.allowed) return;
  const { used, max, plan, upgradeTo } = check;
  throw new HttpError(402, 'plan_limit', check.message, { limit, used, max, plan, upgradeTo: upgradeTo ?? null });
}
