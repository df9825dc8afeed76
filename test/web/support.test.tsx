import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { SupportConsole } from '../../web/src/features/support/components/support-console.js';
import { json, stubApi } from './render.js';

/**
 * The support console's bulk replay against a stubbed network (real Response objects from
 * `fetch`): once the replays are started, the list has nothing left to show, and the results of
 * the bulk replay must stay on screen all the same.
 */
const ORG = '11111111-1111-4111-8111-111111111111';
const TARGET = '22222222-2222-4222-8222-222222222222';
const RUN = `publish-${TARGET}-2`;
const realFetch = globalThis.fetch;

const failed = {
  targetId: TARGET,
  orgId: ORG,
  postId: '33333333-3333-4333-8333-333333333333',
  platform: 'x',
  status: 'failed',
  errorKind: 'retryable',
  message: 'X kept answering 503',
  attempts: 8,
  updatedAt: new Date().toISOString(),
};

describe('bulk replay in the support console', () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('keeps the results on screen when the replayed publishes leave the list', async () => {
    let replayed = false;
    const requests = stubApi((req) => {
      if (req.url.pathname === '/api/v1/support/publishing/targets') return json({ targets: replayed ? [] : [failed] });
      if (req.url.pathname === `/api/v1/orgs/${ORG}/publishing/replays`) {
        if ((req.body as { dryRun: boolean }).dryRun) return json({ dryRun: true, targets: [failed] });
        replayed = true;
        return json({ dryRun: false, results: [{ targetId: TARGET, outcome: 'started', message: `Not on the platform; publishing again as ${RUN}.`, workflowId: RUN }] });
      }
      return json({ error: { code: 'not_found', message: `no stub for ${req.url}` } }, 404);
    });
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter>
          <SupportConsole timeZone="Europe/Berlin" />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const user = userEvent.setup();
    await user.type(screen.getByRole('textbox', { name: /Reason/ }), 'Ticket 4711: X outage');
    await user.click(screen.getByRole('button', { name: 'Show publishes' }));
    await user.click(await screen.findByRole('button', { name: 'Dry run' }));
    await user.click(await screen.findByRole('button', { name: 'Replay 1 publish now' }));

    expect((await screen.findByTestId('bulk-results')).textContent).toContain('Replay started for 1 of 1.');
    expect(screen.getByTestId('bulk-results').textContent).toContain(RUN);
    expect(requests.filter((r) => r.method === 'POST').map((r) => (r.body as { dryRun: boolean }).dryRun)).toEqual([true, false]);
  });
});
