import { screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BillingScreen } from '../../web/src/features/billing/components/billing-screen.js';
import type { BillingState } from '../../web/src/features/billing/api/billing.js';
import { json, renderScreen, stubApi } from './render.js';

const ORG = '7d2f8a4e-4a59-4c8e-9d8e-3f1c2b6a1e01';
const free = { postsPerMonth: 10, connectedAccounts: 2, seats: 1 };
const state = (over: Partial<BillingState> = {}): BillingState => ({
  billing: 'stripe',
  plan: 'free',
  planLabel: 'Free',
  limits: free,
  status: 'active',
  periodEnd: null,
  cancelAtPeriodEnd: false,
  graceEndsAt: null,
  cyclePaused: false,
  usage: {
    postsThisMonth: { used: 3, limit: 10, month: '2026-12' },
    connectedAccounts: { used: 1, limit: 2 },
    seats: { used: 1, limit: 1 },
    mediaStorageBytes: { used: 340 * 1024 ** 2, limit: 1024 ** 3 },
    aiSpendUsd: { used: 0.42, limit: 2, month: '2026-12' },
  },
  notices: [],
  pausedAccounts: [],
  plans: [
    { plan: 'starter', label: 'Starter', monthlyUsd: 29, yearlyUsd: 290, limits: { postsPerMonth: 30, connectedAccounts: 3, seats: 1 }, intervals: ['month'] },
    { plan: 'pro', label: 'Pro', monthlyUsd: 79, yearlyUsd: 790, limits: { postsPerMonth: null, connectedAccounts: 10, seats: 3 }, intervals: ['month', 'year'] },
  ],
  ...over,
});

const show = (billing: BillingState, role = 'owner') => {
  const requests = stubApi((req) => (req.method === 'POST' ? json({ url: 'https://checkout.stripe.test/c/cs_1', sessionId: 'cs_1', plan: 'pro', interval: 'month' }, 201) : json(billing)));
  renderScreen(<BillingScreen orgId={ORG} role={role} timeZone="Europe/Berlin" />);
  return requests;
};
const meter = (name: string) => screen.getByRole('meter', { name });

afterEach(() => vi.restoreAllMocks());

describe('the billing screen', () => {
  it('shows each limit as a bar that warns near the limit and says when it is over', async () => {
    const notice = 'Free allows 1 seats; 2 are in use: nothing was deleted; remove 1 to add new ones, or upgrade to Pro.';
    show(state({ usage: { ...state().usage, postsThisMonth: { used: 9, limit: 10, month: '2026-12' }, seats: { used: 2, limit: 1 } }, notices: [notice] }));
    await screen.findByText('Usage');
    expect(meter('Posts this month (2026-12)').getAttribute('aria-valuetext')).toBe('9 of 10, near the limit');
    expect(meter('Posts this month (2026-12)').className).toContain('near');
    expect(meter('Connected accounts').getAttribute('aria-valuetext')).toBe('1 of 2');
    expect(meter('Seats').getAttribute('aria-valuetext')).toBe('2 of 1, over the limit');
    expect(meter('AI spend (2026-12)').getAttribute('aria-valuetext')).toBe('$0.42 of $2.00');
    expect(meter('Uploaded media').getAttribute('aria-valuetext')).toBe('340 MB of 1 GB');
    expect(screen.getByRole('alert').textContent).toBe(notice);
  });

  it('says a limit is absent rather than drawing an empty bar', async () => {
    show(state({ plan: 'pro', planLabel: 'Pro', usage: { ...state().usage, postsThisMonth: { used: 120, limit: null, month: '2026-12' } } }));
    await screen.findByText('120 used · no limit on this plan');
    expect(screen.queryByRole('meter', { name: /Posts this month/ })).toBeNull();
  });

  it('an owner upgrades: the checkout for the chosen plan is asked for and the browser goes to Stripe', async () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => undefined);
    const requests = show(state());
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade to Pro' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://checkout.stripe.test/c/cs_1'));
    const checkout = requests.find((r) => r.method === 'POST')!;
    expect(checkout.url.pathname).toBe(`/api/v1/orgs/${ORG}/billing/checkout`);
    expect(checkout.body).toEqual({ plan: 'pro', interval: 'month' });
    expect(screen.getByRole('button', { name: 'Upgrade to Pro yearly ($790.00)' })).toBeTruthy();
  });

  it('shows the API refusing a checkout in its own words', async () => {
    stubApi((req) => (req.method === 'POST' ? json({ error: { code: 'already_subscribed', message: 'This organization already pays for Pro.' } }, 409) : json(state())));
    renderScreen(<BillingScreen orgId={ORG} role="admin" timeZone="Europe/Berlin" />);
    await userEvent.click(await screen.findByRole('button', { name: 'Upgrade to Starter' }));
    expect((await screen.findByRole('alert')).textContent).toBe('This organization already pays for Pro.');
  });

  it('a viewer sees the plan and usage but no way to buy, and is told who can', async () => {
    show(state(), 'viewer');
    await screen.findByText('Only owners and admins can change the plan or payment details; you are viewer.');
    expect(screen.queryByRole('button', { name: /Upgrade/ })).toBeNull();
    expect(meter('Seats')).toBeTruthy();
  });

  it('without Stripe it says billing is not configured and offers nothing to buy', async () => {
    show(state({ billing: 'not_configured', plan: 'business', planLabel: 'Business' }));
    await screen.findByText('Billing is not configured on this Herald, so nothing can be bought here: every organization is on the Business plan.');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('list', { name: 'Plans' })).toBeNull();
  });

  it('a failed payment shows a banner with the pause date in the user zone and the way to fix it', async () => {
    show(state({ plan: 'pro', planLabel: 'Pro', status: 'past_due', graceEndsAt: '2026-12-10T09:00:00.000Z', periodEnd: '2026-12-31T09:00:00.000Z' }));
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('Your last payment failed.');
    expect(banner.textContent).toContain('(Europe/Berlin)');
    expect(banner.textContent).toContain('10:00');
    expect(screen.getByRole('button', { name: 'Update payment method' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Upgrade/ })).toBeNull();
  });
});
