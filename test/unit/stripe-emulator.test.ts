import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe/server.js';

let emulator: StripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startStripeEmulator();
  const { hostname, port } = new URL(emulator.url);
  stripe = new Stripe(emulator.secretKey, { host: hostname, port, protocol: 'http' });
});
afterAll(() => emulator.close());

describe('the Stripe emulator, through the official SDK', () => {
  it('creates a customer and a subscription Checkout Session, then serves the subscription once paid', async () => {
    const customer = await stripe.customers.create({ name: 'Acme', metadata: { orgId: 'org-1' } });
    expect(customer.id).toMatch(/^cus_/);
    const session = await stripe.checkout.sessions.create({ mode: 'subscription', customer: customer.id, line_items: [{ price: 'price_pro', quantity: 1 }], success_url: 'http://x/ok', client_reference_id: 'org-1' });
    expect(session.url).toContain(`/checkout/${session.id}`);
    const { subscription, events } = emulator.completeCheckout(session.id);
    expect(events.map((e) => e.type)).toEqual(['checkout.session.completed', 'customer.subscription.created']);
    const fetched = await stripe.subscriptions.retrieve(subscription.id);
    expect(fetched.items.data[0]?.price.id).toBe('price_pro');
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'http://x/back' });
    expect(portal.url).toContain('/portal/');
  });

  it('answers a wrong key and a missing object with Stripe errors', async () => {
    const wrong = new Stripe('sk_test_wrong', { host: new URL(emulator.url).hostname, port: new URL(emulator.url).port, protocol: 'http', maxNetworkRetries: 0 });
    await expect(wrong.customers.create({})).rejects.toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
    await expect(stripe.subscriptions.retrieve('sub_missing')).rejects.toMatchObject({ type: 'StripeInvalidRequestError', code: 'resource_missing', statusCode: 404 });
  });

  it('signs events so the SDK verifies them, and a wrong secret fails', () => {
    const event = emulator.event('invoice.paid', { id: 'in_1' });
    const payload = JSON.stringify(event);
    expect(stripe.webhooks.constructEvent(payload, emulator.signature(payload), emulator.webhookSecret).id).toBe(event.id);
    expect(() => stripe.webhooks.constructEvent(payload, emulator.signature(payload, 'whsec_other'), emulator.webhookSecret)).toThrow(/signature/i);
  });
});
