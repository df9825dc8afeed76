import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { StrategyView } from '../../web/src/features/strategy/components/strategy-view.js';

/** The network boundary: each request is recorded and answered by `answer` with a real Response. */
function stubFetch(answer: (url: URL) => { status?: number; body: unknown }) {
  const requests: { path: string; method: string; body: unknown }[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://herald.test');
    requests.push({ path: url.pathname, method: init.method ?? 'GET', body: init.body ? JSON.parse(String(init.body)) : undefined });
    const { status = 200, body } = answer(url);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return requests;
}

const strategy = {
  id: '5d1c7e2a-0000-4000-8000-000000000001',
  userId: 'u1',
  planStart: '2027-04-05',
  weekStart: '2027-04-05',
  purpose: 'presentation',
  version: 1,
  regeneratedWith: null,
  decision: { state: 'waiting', expiresAt: '2027-04-04T18:00:00Z' },
  monthlyThemesId: 't1',
  createdAt: '2027-04-01T06:00:00Z',
  themes: ['Sourdough Saturday', 'Meet the bakers'],
  days: [
    { date: '2027-04-05', posts: [{ platform: 'linkedin', time: '09:30', contentType: 'behind_the_scenes', brief: 'Show the 4 a.m. bake.', predictedEngagementRate: 0.034, confidence: 0.3 }] },
    { date: '2027-04-06', posts: [] },
  ],
  monthTheme: { month: '2027-04', week: 1, title: 'Spring bakes', angle: 'What the season brings to the counter' },
  learning: { outputId: 'o1', analysis: { headline: 'Questions drew twice the comments of tips.' } },
  writtenBy: { provider: 'offline', model: 'offline', offlineWritten: true, at: '2027-04-01T06:00:00Z' },
};

const answers = (current: { status?: number; body: unknown }) => (url: URL) => {
  if (url.pathname.endsWith('/strategies/current')) return current;
  if (url.pathname.includes('/monthly-themes/')) {
    return { body: { monthlyThemes: { id: 't1', userId: 'u1', month: '2027-04', planStart: '2027-04-05', themes: [{ week: 1, title: 'Spring bakes', angle: 'What the season brings', contentTypes: ['tip', 'story'] }, { week: 2, title: 'Easter orders', angle: 'Pre-orders', contentTypes: ['offer'] }], writtenBy: null, strategyIds: [] } } };
  }
  if (url.pathname.endsWith('/analytics/predictions')) return { body: { range: { from: '2027-03-01', to: '2027-03-30', timeZone: 'Europe/Berlin' }, weeks: [{ week: '2027-03-22', posts: 9, meanPredicted: 0.03, meanActual: 0.027, accuracy: 0.9, target: 0.8, met: true }] } };
  return { body: { state: { status: 'batches' } } };
};

function renderView(canDecide = true) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <StrategyView orgId="o1" timeZone="Europe/Berlin" canDecide={canDecide} />
    </QueryClientProvider>,
  );
}

describe('the weekly strategy', () => {
  it('shows the themes, each day\'s posts with predicted engagement and confidence, the month\'s themes and past accuracy', async () => {
    stubFetch(answers({ body: { strategy } }));
    renderView();
    await screen.findByText('Sourdough Saturday');
    expect(screen.getByTestId('decision-state').textContent).toMatch(/^Waiting for your decision until .*\(Europe\/Berlin\)$/);
    expect(screen.getByTestId('plan-post').textContent).toBe('09:30 (Europe/Berlin) · LinkedIn · behind the scenesShow the 4 a.m. bake.Predicted engagement 3.4 % · confidence 30 %');
    expect(screen.getByText('No posts planned.')).toBeTruthy();
    expect(screen.getByText(/Questions drew twice the comments/)).toBeTruthy();
    const current = await screen.findByText('Week 1: Spring bakes');
    expect(current.closest('li')!.getAttribute('aria-current')).toBe('true');
    expect(screen.getByText('Week 2: Easter orders').closest('li')!.getAttribute('aria-current')).toBeNull();
    await screen.findByText('90 % (target met)');
  });

  it('approves, and sends the user\'s own words when they modify', async () => {
    const requests = stubFetch(answers({ body: { strategy } }));
    renderView();
    fireEvent.click(await screen.findByRole('button', { name: 'Approve the plan' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1));
    expect(requests.find((r) => r.method === 'POST')).toEqual({ path: '/api/v1/orgs/o1/weekly/u1/2027-04-05/decision', method: 'POST', body: { decision: 'approve_all' } });

    fireEvent.click(screen.getByRole('button', { name: 'Modify…' }));
    fireEvent.change(await screen.findByLabelText(/What should change/), { target: { value: 'Nothing on Sunday' } });
    fireEvent.click(screen.getByRole('button', { name: 'Rewrite the plan' }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2));
    expect(requests.filter((r) => r.method === 'POST')[1]!.body).toEqual({ decision: 'modify_strategy', instructions: 'Nothing on Sunday' });
  });

  it('shows progress while Herald rewrites, and no decision buttons for a viewer', async () => {
    stubFetch(answers({ body: { strategy: { ...strategy, decision: { state: 'modified', instructions: 'Nothing on Sunday' } } } }));
    renderView(false);
    await screen.findByText(/Herald is writing version 2; it appears here in a moment/);
    expect(screen.getByTestId('decision-state').textContent).toBe('Being rewritten with your instructions: “Nothing on Sunday”');
    expect(screen.queryByRole('button', { name: 'Approve the plan' })).toBeNull();
  });

  it('says when there is no plan yet, and shows the API\'s words when reading fails', async () => {
    stubFetch(answers({ status: 404, body: { error: { code: 'strategy_not_found', message: 'No weekly strategy yet for that user.' } } }));
    const first = renderView();
    await screen.findByText(/No weekly plan yet: Herald presents the first one on your planning day/);
    first.unmount();
    stubFetch(answers({ status: 500, body: { error: { code: 'internal', message: 'Herald could not read the plan; try again.' } } }));
    renderView();
    expect((await screen.findByRole('alert')).textContent).toBe('Herald could not read the plan; try again.');
  });
});
