import { failOnError } from '../api-client.js';
import type { Command } from '../command.js';
import { resolveOrg } from '../scope.js';

/** `herald billing show|checkout|portal`: the org's plan and usage, and the Stripe pages to change it. */

interface Usage {
  used: number;
  limit: number | null;
}

interface BillingBody {
  billing: 'stripe' | 'not_configured';
  planLabel: string;
  status: string;
  periodEnd: string | null;
  cancelAtPeriodEnd: boolean;
  graceEndsAt: string | null;
  cyclePaused: boolean;
  usage: { postsThisMonth: Usage; connectedAccounts: Usage; seats: Usage; aiSpendUsd: Usage };
}

const of = ({ used, limit }: Usage, unit = '') => `${unit}${used} of ${limit === null ? 'unlimited' : `${unit}${limit}`}`;

export const billingText = (b: BillingBody) =>
  [
    `plan: ${b.planLabel}${b.billing === 'not_configured' ? ' (billing is not configured on this Herald)' : `, ${b.status}`}`,
    ...(b.periodEnd ? [`${b.cancelAtPeriodEnd ? 'ends' : 'renews'}: ${b.periodEnd}`] : []),
    ...(b.graceEndsAt ? [`payment overdue: the daily cycle ${b.cyclePaused ? 'is paused' : `pauses at ${b.graceEndsAt}`} until the invoice is paid`] : []),
    `posts this month: ${of(b.usage.postsThisMonth)}`,
    `connected accounts: ${of(b.usage.connectedAccounts)}`,
    `seats: ${of(b.usage.seats)}`,
    `AI spend this month: ${of({ used: Number(b.usage.aiSpendUsd.used.toFixed(2)), limit: b.usage.aiSpendUsd.limit }, '$')}`,
  ].join('\n');

const billingShow: Command = {
  name: 'billing show',
  summary: "Show the org's plan, billing status and usage against every limit",
  options: { org: { type: 'string' } },
  async run({ api, options }) {
    const orgId = await resolveOrg(api, options);
    const { status, body } = await api.request<BillingBody>('GET', `/api/v1/orgs/${orgId}/billing`);
    failOnError(status, body);
    return { data: body, text: billingText(body) };
  },
};

const billingCheckout: Command = {
  name: 'billing checkout',
  summary: 'Open Stripe Checkout to subscribe: --plan starter|pro|business [--interval month|year] (owners, admins)',
  options: { org: { type: 'string' }, plan: { type: 'string' }, interval: { type: 'string' } },
  required: ['plan'],
  async run({ api, options }) {
    const orgId = await resolveOrg(api, options);
    const answer = await api.request<{ url: string }>('POST', `/api/v1/orgs/${orgId}/billing/checkout`, { plan: options.plan, ...(options.interval && { interval: options.interval }) });
    failOnError(answer.status, answer.body);
    return { data: answer.body, text: `Pay in Stripe Checkout; the plan changes once Stripe confirms:\n${answer.body.url}` };
  },
};

const billingPortal: Command = {
  name: 'billing portal',
  summary: "Open Stripe's Customer Portal: card, invoices, plan changes, cancellation (owners, admins)",
  options: { org: { type: 'string' } },
  async run({ api, options }) {
    const orgId = await resolveOrg(api, options);
    const answer = await api.request<{ url: string }>('POST', `/api/v1/orgs/${orgId}/billing/portal`);
    failOnError(answer.status, answer.body);
    return { data: answer.body, text: answer.body.url };
  },
};

export const BILLING_COMMANDS: Command[] = [billingShow, billingCheckout, billingPortal];
