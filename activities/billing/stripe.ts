import Stripe from 'stripe';
import type { BillingConfig } from '../../config/billing.js';

/** The official SDK, pointed at Stripe or (tests, local development) at STRIPE_API_URL. */
export function stripeClient(config: BillingConfig): Stripe {
  if (!config.secretKey) throw new Error('Billing is not configured: set STRIPE_SECRET_KEY.');
  return new Stripe(config.secretKey, { ...config.api, maxNetworkRetries: 2, timeout: 20_000 });
}

export type { Stripe };
