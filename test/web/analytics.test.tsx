import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import { AnalyticsScreen } from '../../web/src/features/analytics/components/analytics-screen.js';
import { json, renderScreen, stubApi, type Request } from './render.js';
import { collapseLikeABrowser } from './selection.js';

beforeAll(collapseLikeABrowser);

const ORG = '7d2f8a4e-4a59-4c8e-9d8e-3f1c2b6a1e01';
const POST = '0b5e3c1a-9f7d-4d2e-8a6b-1c2d3e4f5a6b';
const ZONE = 'America/New_York';

/** The analytics API for a range: empty, or one published X post with its figures. */
function analyticsApi(withPosts: boolean) {
  return (req: Request) => {
    const table = req.url.pathname.split('/').at(-1);
    const range = { from: req.url.searchParams.get('from'), to: req.url.searchParams.get('to'), timeZone: req.url.searchParams.get('timeZone') };
    const x = { key: 'x', posts: 1, reach: 2000, engagements: 90, engagementRate: 0.045, followers: 130, followerGrowth: 30, accountReach: null, accountMetricsUnavailable: null };
    const body: Record<string, object> = {
      overview: { overview: withPosts ? { posts: 1, reach: 2000, engagements: 90, engagementRate: 0.045, followerGrowth: 30, byPlatform: [x] } : { posts: 0, reach: 0, engagements: 0, engagementRate: 0, followerGrowth: null, byPlatform: [] } },
      compare: { by: req.url.searchParams.get('by'), groups: withPosts ? [{ key: 'x', posts: 1, reach: 2000, engagements: 90, engagementRate: 0.045 }] : [] },
      posts: { order: 'top', posts: withPosts ? [{ postId: POST, targetId: POST, platform: 'x', publishedAt: '2026-03-02T14:00:30.000Z', text: 'Morning waves at the point', url: null, reach: 2000, engagements: 90, engagementRate: 0.045 }] : [] },
      'weekly-analyses': { weeks: withPosts ? [{ weekStart: '2026-03-02', offlineWritten: false, inWords: ['3 posts at 3.2% engagement; x led.', 'Do more on x: 3.3% over 3 posts.'], analysis: {} }] : [] },
      accounts: { reads: withPosts ? [{ day: '2026-03-02', accountId: POST, platform: 'x', account: 'Surf', status: 'taken', followers: 100, reach: null, reason: null }] : [] },
    };
    return json({ range, ...body[table!] });
  };
}

const tablesAsked = (requests: Request[]) => requests.map((r) => `${r.url.pathname.split('/').at(-1)} ${r.url.searchParams.get('from')}..${r.url.searchParams.get('to')} ${r.url.searchParams.get('timeZone')}`);

describe('the analytics screen', () => {
  it('a range without posts says so in every section instead of drawing empty charts', async () => {
    stubApi(analyticsApi(false));
    renderScreen(<AnalyticsScreen orgId={ORG} timeZone={ZONE} />, '/analytics?from=2026-03-02&to=2026-03-15');
    await screen.findByText('No post was published in this range, so there is nothing to chart yet.');
    await screen.findByText('No published post in this range yet.');
    await screen.findByText(/No weekly analysis covers this range yet/);
    await screen.findByText('Nothing to compare: no post was published in this range.');
    await screen.findByText('No follower count was read in this range.');
    const totals = screen.getByLabelText('Totals for the range');
    expect(within(totals).getByText('Follower growth').nextSibling?.textContent).toBe('not known');
  });

  it('shows totals, the top post linking to its detail, the insights in words and CSV links for the range in the named zone', async () => {
    const requests = stubApi(analyticsApi(true));
    renderScreen(<AnalyticsScreen orgId={ORG} timeZone={ZONE} />, '/analytics?from=2026-03-02&to=2026-03-15');
    const link = await screen.findByRole('link', { name: 'Morning waves at the point' });
    expect(link.getAttribute('href')).toBe(`/posts/${POST}`);
    const totals = screen.getByLabelText('Totals for the range');
    expect(within(totals).getByText('Reach').nextSibling?.textContent).toBe('2,000');
    expect(within(totals).getByText('Engagement rate').nextSibling?.textContent).toBe('4.5 %');
    expect(within(totals).getByText('Follower growth').nextSibling?.textContent).toBe('+30');
    await screen.findByText('Do more on x: 3.3% over 3 posts.');
    const published = within(screen.getByRole('list', { name: 'Top posts' })).getByText(/\(America\/New_York\)$/).textContent;
    expect(published).toContain('09:00');
    expect(screen.getByText('First and last day (both included), in America/New_York')).toBeTruthy();
    const csv = screen.getByRole('link', { name: 'Download the overview (CSV)' }).getAttribute('href')!;
    expect(Object.fromEntries(new URL(csv, 'http://herald.test').searchParams)).toEqual({ from: '2026-03-02', to: '2026-03-15', timeZone: ZONE, format: 'csv' });
    expect(tablesAsked(requests)).toContain(`overview 2026-03-02..2026-03-15 ${ZONE}`);
  });

  it('a changed date asks again for the new range', async () => {
    const requests = stubApi(analyticsApi(true));
    renderScreen(<AnalyticsScreen orgId={ORG} timeZone={ZONE} />, '/analytics?from=2026-03-02&to=2026-03-15');
    await screen.findByRole('link', { name: 'Morning waves at the point' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('spinbutton', { name: /^day, Start Date/ }));
    await user.keyboard('09');
    await waitFor(() => expect(tablesAsked(requests)).toContain(`overview 2026-03-09..2026-03-15 ${ZONE}`));
    expect(tablesAsked(requests)).toContain(`posts 2026-03-09..2026-03-15 ${ZONE}`);
  });

  it('a backwards range is explained and not sent', async () => {
    const requests = stubApi(analyticsApi(true));
    renderScreen(<AnalyticsScreen orgId={ORG} timeZone={ZONE} />, '/analytics?from=2026-03-20&to=2026-03-15');
    expect((await screen.findByRole('alert')).textContent).toBe('The first day (2026-03-20) comes after the last (2026-03-15): swap them.');
    expect(requests).toEqual([]);
  });
});
