import { z } from 'zod';
import type { BillingSettings } from '../core/billing.js';
import { PAID_PLANS, PLANS, type BillingInterval, type PaidPlan, type Plan } from '../core/plans.js';
import { ConfigError } from './env.js';

/**
 * Stripe settings. Without STRIPE_SECRET_KEY billing is off: every org is on HERALD_DEFAULT_PLAN
 * and the billing routes answer that billing is not configured.
 */
const priceId = z.string().regex(/^price_[A-Za-z0-9_]+$/, 'must be a Stripe price id, e.g. price_1Q...').optional();

export const billingEnvSchema = z.object({
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'must be a Stripe secret key (sk_test_... or sk_live_...)').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9_]+$/, 'must be a webhook signing secret (whsec_...)').optional(),
  /** Another Stripe API host, e.g. a local emulator: http://127.0.0.1:12111. */
  STRIPE_API_URL: z.string().url().optional(),
  STRIPE_PRICE_STARTER: priceId,
  STRIPE_PRICE_PRO: priceId,
  STRIPE_PRICE_BUSINESS: priceId,
  STRIPE_PRICE_STARTER_ANNUAL: priceId,
  STRIPE_PRICE_PRO_ANNUAL: priceId,
  STRIPE_PRICE_BUSINESS_ANNUAL: priceId,
  HERALD_DEFAULT_PLAN: z.enum(PLANS).default('business'),
  BILLING_GRACE_DAYS: z.coerce.number().int().min(0).max(60).default(7),
});

export interface BillingConfig extends BillingSettings {
  secretKey: string | undefined;
  webhookSecret: string | undefined;
  api: { host: string; port: number; protocol: 'http' | 'https' } | undefined;
  /** Stripe price ids per paid plan and interval; a missing one cannot be bought. */
  prices: Record<PaidPlan, Partial<Record<BillingInterval, string>>>;
}

export function loadBillingConfig(source: NodeJS.ProcessEnv = process.env): BillingConfig {
  const present = Object.fromEntries(Object.entries(source).filter(([k, v]) => k in billingEnvSchema.shape && v !== ''));
  const parsed = billingEnvSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET) throw new ConfigError(['STRIPE_WEBHOOK_SECRET: required with STRIPE_SECRET_KEY, or webhooks could not be verified']);
  const apiUrl = e.STRIPE_API_URL ? new URL(e.STRIPE_API_URL) : undefined;
  const protocol = apiUrl?.protocol === 'http:' ? 'http' : 'https';
  return {
    enabled: Boolean(e.STRIPE_SECRET_KEY),
    defaultPlan: e.HERALD_DEFAULT_PLAN,
    graceDays: e.BILLING_GRACE_DAYS,
    secretKey: e.STRIPE_SECRET_KEY,
    webhookSecret: e.STRIPE_WEBHOOK_SECRET,
    api: apiUrl && { host: apiUrl.hostname, port: Number(apiUrl.port || (protocol === 'http' ? 80 : 443)), protocol },
    prices: {
      starter: { month: e.STRIPE_PRICE_STARTER, year: e.STRIPE_PRICE_STARTER_ANNUAL },
      pro: { month: e.STRIPE_PRICE_PRO, year: e.STRIPE_PRICE_PRO_ANNUAL },
      business: { month: e.STRIPE_PRICE_BUSINESS, year: e.STRIPE_PRICE_BUSINESS_ANNUAL },
    },
  };
}

/** The plan a configured price id buys; undefined for a price Herald does not know. */
export function planForPrice(config: Pick<BillingConfig, 'prices'>, priceId: string): Plan | undefined {
  return PAID_PLANS.find((plan) => Object.values(config.prices[plan]).includes(priceId));
}
