import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OnboardingWizard } from '../../web/src/features/onboarding/components/onboarding-wizard.js';

const ORG = '11111111-1111-4111-8111-111111111111';
const USER = '22222222-2222-4222-8222-222222222222';
const platforms = [
  { platform: 'linkedin', label: 'LinkedIn', mode: 'sandbox' as const },
  { platform: 'x', label: 'X', mode: 'sandbox' as const },
];

/** The network boundary: Herald's answers as real Response objects, and every request kept. */
let requests: { method: string; url: string; body: unknown }[];
beforeEach(() => {
  requests = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    requests.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (method === 'PUT' && url.includes('/profiles/')) return json(201, { profile: { id: USER, orgId: ORG, userId: USER }, cycle: { workflowId: 'cycle', temporalUi: '' } });
    if (url.endsWith('/accounts')) return json(200, { accounts: [], platforms, sandboxAvailable: true });
    return json(404, { error: { code: 'not_found', message: 'no' } });
  });
});
afterEach(() => vi.unstubAllGlobals());

function renderWizard() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <OnboardingWizard orgId={ORG} userId={USER} saved={null} platforms={platforms} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const stepHeading = () => screen.getByRole('heading', { level: 2 }).textContent;

describe('the onboarding wizard', () => {
  it('refuses to go on with a required answer missing, says what to fix, and keeps answers when going back', async () => {
    const user = userEvent.setup({ delay: null });
    renderWizard();
    expect(stepHeading()).toBe('Step 1 of 6: Your business');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(stepHeading()).toBe('Step 1 of 6: Your business');
    expect(screen.getByText(/Enter your business name/)).toBeTruthy();
    expect(screen.getByText(/Fix the 2 answers marked below/)).toBeTruthy();

    await user.type(screen.getByLabelText('Business name', { exact: false }), 'Rosa Bakery');
    await user.type(screen.getByLabelText('What your business does', { exact: false }), 'bakery');
    await user.type(screen.getByLabelText('Website (optional)', { exact: false }), 'rosa.example');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText(/full address starting with https:\/\//)).toBeTruthy();
    await user.clear(screen.getByLabelText('Website (optional)', { exact: false }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(stepHeading()).toBe('Step 2 of 6: Audience and voice');
    expect((screen.getByLabelText('How your posts should sound', { exact: false }) as HTMLInputElement).value).toBe('Friendly and clear, no jargon');

    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(stepHeading()).toBe('Step 1 of 6: Your business');
    expect((screen.getByLabelText('Business name', { exact: false }) as HTMLInputElement).value).toBe('Rosa Bakery');
    expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
  }, 60_000);

  it('asks for a platform and a real time zone, then saves the profile once and moves on to the accounts', async () => {
    const user = userEvent.setup({ delay: null });
    renderWizard();
    await user.type(screen.getByLabelText('Business name', { exact: false }), 'Rosa Bakery');
    await user.type(screen.getByLabelText('What your business does', { exact: false }), 'bakery');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.type(screen.getByLabelText('Who you want to reach', { exact: false }), 'families nearby');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Choose at least one platform.')).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: 'LinkedIn' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(stepHeading()).toBe('Step 4 of 6: Time zone');

    const zone = screen.getByRole('textbox', { name: 'Time zone' }) as HTMLInputElement;
    expect(zone.value).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    await user.clear(zone);
    await user.type(zone, 'Mars/Olympus');
    await user.click(screen.getByRole('button', { name: 'Confirm and save profile' }));
    expect(screen.getByText(/"Mars\/Olympus" is not a time zone/)).toBeTruthy();
    await user.clear(zone);
    await user.type(zone, 'Europe/Lisbon');
    await user.click(screen.getByRole('button', { name: 'Confirm and save profile' }));

    await waitFor(() => expect(stepHeading()).toBe('Step 5 of 6: Connect accounts'));
    const saves = requests.filter((r) => r.method === 'PUT');
    expect(saves).toHaveLength(1);
    expect(saves[0]!.url).toBe(`/api/v1/orgs/${ORG}/profiles/${USER}`);
    expect(saves[0]!.body).toMatchObject({ businessName: 'Rosa Bakery', industry: 'bakery', audience: 'families nearby', platforms: ['linkedin'], timeZone: 'Europe/Lisbon', postsPerDay: 2, goals: ['More customers finding us'] });
    await screen.findByRole('button', { name: 'Connect LinkedIn (sandbox)' });
    expect(screen.queryByRole('button', { name: 'Connect X (sandbox)' })).toBeNull();
  }, 60_000);
});
