import { proxyActivities, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { StripeEventInput } from '../activities/billing/events.js';
import { OrgId } from '../temporal-config/search-attributes.js';
import { inheritedFairness } from '../temporal-config/priorities.js';

// Stripe already has its 200: the event is retried until it lands (a Stripe or database outage only delays it).
const { applyStripeEvent } = proxyActivities<Pick<Activities, 'applyStripeEvent'>>({
  priority: inheritedFairness('interactive'),
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10m' },
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
