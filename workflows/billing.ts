import { proxyActivities, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { StripeEventInput } from '../activities/billing/events.js';
import { retryReads } from '../temporal-config/retry-policies.js';
import { OrgId } from '../temporal-config/search-attributes.js';

const { applyStripeEvent } = proxyActivities<Pick<Activities, 'applyStripeEvent'>>({
  startToCloseTimeout: '1 minute',
  retry: retryReads,
});

/**
 * One Stripe webhook event (workflow id stripe-event-<eventId>): the API answers Stripe once this
 * has started, and the activity applies the event in one transaction, retried until it lands.
 */
export async function stripeEventWorkflow(input: StripeEventInput) {
  setCurrentDetails(`Applying Stripe ${input.type} ${input.eventId}`);
  const result = await applyStripeEvent(input);
  if (result.orgId) upsertSearchAttributes([{ key: OrgId, value: result.orgId }]);
  setCurrentDetails(`Stripe ${input.type} ${input.eventId}: ${result.outcome}${result.plan ? ` (plan ${result.plan})` : ''}`);
  return result;
}
