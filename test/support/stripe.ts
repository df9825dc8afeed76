import { loadBillingConfig, type BillingConfig } from '../../config/billing.js';
import type { StripeEmulator } from '../../emulators/stripe/server.js';

/** Billing on the Stripe emulator, with a price for each paid plan. */
export function emulatorBilling(stripe: StripeEmulator): BillingConfig {
  return loadBillingConfig({
    STRIPE_SECRET_KEY: stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: stripe.webhookSecret,
    STRIPE_API_URL: stripe.url,
    STRIPE_PRICE_STARTER: 'price_starter',
    STRIPE_PRICE_PRO: 'price_pro',
    STRIPE_PRICE_BUSINESS: 'price_business',
  });
}
