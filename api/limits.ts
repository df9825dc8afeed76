import type { LimitName } from '../core/plans.js';
import type { Platform } from '../core/platforms.js';
import { accountCounted, checkOrgLimit } from '../db/queries/billing.js';
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

/**
 * Before the OAuth dance: refuse early when the plan has no room, unless the org is reconnecting
 * an account of this platform that asks for it (that takes no new room).
 */
export async function requireRoomForAccount(ctx: ApiContext, orgId: string, platform: Platform): Promise<void> {
  if (await accountCounted(ctx.db, { orgId, platform, status: 'needs_reconnect' })) return;
  await requireWithinLimit(ctx, orgId, 'connected_accounts');
}

/** When the platform has said which account it is: a new one must fit the plan, a known one reconnects. */
export function admitAccount(ctx: ApiContext) {
  return async (key: { orgId: string; platform: Platform; externalId: string }) => {
    if (await accountCounted(ctx.db, key)) return;
    await requireWithinLimit(ctx, key.orgId, 'connected_accounts');
  };
}
