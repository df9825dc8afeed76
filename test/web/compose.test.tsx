import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ComposeForm } from '../../web/src/features/compose/components/compose-form.js';
import { collapseLikeABrowser } from './selection.js';

beforeAll(collapseLikeABrowser);

const ORG = '11111111-1111-4111-8111-111111111111';
const DRAFT = '22222222-2222-4222-8222-222222222222';
const VIDEO = '33333333-3333-4333-8333-333333333333';
const at = '2026-12-03T09:00:00.000Z';

const accounts = ['x', 'linkedin', 'tiktok'].map((platform, i) => ({ id: `4444444${i}-4444-4444-8444-444444444444`, platform, platformLabel: platform, displayName: 'Rosa Bakery', sandbox: true }));
const video = { id: VIDEO, kind: 'video', mimeType: 'video/mp4', width: 1080, height: 1920, durationSeconds: 12, sizeBytes: 900_000, altText: null, url: '/media/clip.mp4', createdAt: at };
const draft = { id: DRAFT, orgId: ORG, name: 'Stollen clip', platforms: ['tiktok'], text: 'How our stollen is folded, start to finish.', hashtags: ['stollen'], overrides: {}, mediaIds: [VIDEO], createdAt: at, updatedAt: at };

/** The network boundary: Herald's API as JSON Responses, every request recorded. */
let sent: { method: string; path: string; body: unknown }[];
function stubApi() {
  sent = [];
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const path = new URL(input, 'http://herald.test').pathname.replace('/api/v1', '');
    const method = init.method ?? 'GET';
    sent.push({ method, path, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (path === `/orgs/${ORG}/accounts`) return json(200, { accounts, platforms: [], sandboxAvailable: true });
    if (path === `/orgs/${ORG}/drafts/${DRAFT}`) return json(200, { draft });
    if (path === `/orgs/${ORG}/media/${VIDEO}`) return json(200, { media: video });
    if (path === `/orgs/${ORG}/posts` && method === 'POST') return json(201, { postId: '55555555-5555-4555-8555-555555555555', workflowId: 'post-5', approvedByAuthor: true, temporalUi: 'http://temporal' });
    return json(404, { error: { code: 'not_found', message: `no stub for ${method} ${path}` } });
  });
}

function renderCompose(draftId: string | null = null, timeZone = 'Europe/Berlin') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[draftId ? `/compose?draft=${draftId}` : '/compose']}>
        <Routes>
          <Route path="/compose" element={<ComposeForm orgId={ORG} timeZone={timeZone} initialDate={null} draftId={draftId} />} />
          <Route path="/posts/:postId" element={<p>Post detail</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('the compose screen', () => {
  beforeEach(stubApi);
  afterEach(() => vi.unstubAllGlobals());

  it('checks each platform\'s rules as you type: X\'s 280 characters are counted and named, and Publish waits until the text fits', async () => {
    const user = userEvent.setup();
    renderCompose();
    await user.click(await screen.findByRole('checkbox', { name: /^X/ }));
    await user.click(screen.getByRole('checkbox', { name: /^LinkedIn/ }));
    const publish = screen.getByRole('button', { name: 'Publish now' });

    await user.click(screen.getByLabelText('Post text'));
    await user.paste('Fresh rye loaves every morning. '.repeat(8).trim());
    const x = screen.getByTestId('preview-x');
    expect(within(x).getByTestId('length').textContent).toBe('255 / 280 characters');
    expect(within(x).queryByText(/X allows/)).toBeNull();
    // Key by key: the counter and the rule follow every character.
    await user.type(screen.getByLabelText('Post text'), ' Come early, they go fast!!');
    expect(within(x).getByTestId('length').textContent).toBe('282 / 280 characters');
    expect(within(x).getByTestId('length').className).toContain('over');
    expect(within(x).getByText('X allows 280 characters (links count 23, emoji and CJK characters count 2); this post has 282.')).toBeTruthy();
    // LinkedIn takes 3,000: the same text is fine there.
    expect(within(screen.getByTestId('preview-linkedin')).queryByText(/allows/)).toBeNull();
    expect(publish.hasAttribute('disabled') || publish.getAttribute('data-disabled') !== null).toBe(true);
    expect(screen.getByRole('list', { name: 'Before it can go out' }).textContent).toContain('Fix what one platform does not accept');

    // Hashtags count too: typing them moves the counter again.
    await user.type(screen.getByLabelText('Post text'), '{Backspace}'.repeat(30));
    expect(within(x).queryByText(/X allows 280/)).toBeNull();
    const before = Number(within(x).getByTestId('length').textContent!.split(' ')[0]);
    await user.type(screen.getByLabelText('Hashtags'), 'rye bakery');
    expect(Number(within(x).getByTestId('length').textContent!.split(' ')[0])).toBe(before + '\n\n#rye #bakery'.length);
    expect(within(x).getByRole('list', { name: 'Hashtags on X' }).textContent).toBe('#rye#bakery');

    await waitFor(() => expect(publish.getAttribute('data-disabled')).toBeNull());
    await user.click(publish);
    await screen.findByText('Post detail');
    const post = sent.find((r) => r.method === 'POST' && r.path === `/orgs/${ORG}/posts`);
    expect(post?.body).toMatchObject({ platforms: ['x', 'linkedin'], hashtags: ['rye', 'bakery'], publishNow: true, mediaIds: [] });
  }, 60_000);

  it('asks who may see a TikTok post with nothing preselected, and sends the choice once made', async () => {
    const user = userEvent.setup();
    renderCompose(DRAFT);
    const tiktok = await screen.findByTestId('preview-tiktok');
    const audience = within(tiktok).getByRole('button', { name: /Who can see it on TikTok \(required\)/ });
    expect(audience.textContent).toContain('Choose…');
    const blockers = screen.getByRole('list', { name: 'Before it can go out' });
    expect(blockers.textContent).toBe('Choose who can see it on TikTok.');
    const publish = screen.getByRole('button', { name: 'Publish now' });
    expect(publish.getAttribute('data-disabled')).not.toBeNull();
    await user.click(publish);
    expect(sent.some((r) => r.method === 'POST')).toBe(false);

    await user.click(audience);
    await user.click(await screen.findByRole('option', { name: 'Followers' }));
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Before it can go out' })).toBeNull());
    await user.click(publish);
    await screen.findByText('Post detail');
    const post = sent.find((r) => r.method === 'POST' && r.path === `/orgs/${ORG}/posts`);
    expect(post?.body).toMatchObject({ platforms: ['tiktok'], mediaIds: [VIDEO], privacy: { tiktok: 'FOLLOWER_OF_CREATOR' }, publishNow: true });
  }, 60_000);

  it('schedules for a day and time in the user\'s zone, not the browser\'s, and refuses a day already past there', async () => {
    // 20:00 on 8 December in UTC (this test's browser) is already 05:00 on 9 December in Tokyo.
    vi.useFakeTimers({ now: new Date('2026-12-08T20:00:00Z'), toFake: ['Date'] });
    try {
      const user = userEvent.setup();
      renderCompose(null, 'Asia/Tokyo');
      await user.click(await screen.findByRole('checkbox', { name: /^X/ }));
      await user.click(screen.getByLabelText('Post text'));
      await user.paste('Fresh rye loaves on Thursday.');
      await user.click(screen.getByRole('radio', { name: 'Schedule' }));
      expect(screen.getByText('A day in Asia/Tokyo')).toBeTruthy();

      await user.click(screen.getByRole('spinbutton', { name: /^month, Date/ }));
      await user.keyboard('12082026');
      expect(screen.getByRole('list', { name: 'Before it can go out' }).textContent).toBe('Pick today or a later day (Asia/Tokyo).');

      await user.click(screen.getByRole('spinbutton', { name: /^day, Date/ }));
      await user.keyboard('10');
      await user.click(screen.getByRole('spinbutton', { name: /^hour, Time \(Asia\/Tokyo\)/ }));
      await user.keyboard('0915');
      const schedule = screen.getByRole('button', { name: 'Schedule' });
      await waitFor(() => expect(schedule.getAttribute('data-disabled')).toBeNull());
      await user.click(schedule);
      await screen.findByText('Post detail');
      const post = sent.find((r) => r.method === 'POST' && r.path === `/orgs/${ORG}/posts`);
      expect(post?.body).toMatchObject({ platforms: ['x'], scheduledAt: '2026-12-10T00:15:00.000Z' });
    } finally {
      vi.useRealTimers();
    }
  }, 60_000);
});
