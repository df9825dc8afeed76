import { screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApprovalQueue } from '../../web/src/features/approvals/components/approval-queue.js';
import { json, renderScreen, stubApi, type Request } from './render.js';

/**
 * Bulk approval against a stubbed network: TikTok posts ask who may see them, one question per
 * post with nothing preselected and only what the account offers; the choices go with their posts
 * and each post's answer is shown.
 */
const ORG = '11111111-1111-4111-8111-111111111111';
const WITH_TIKTOK = '22222222-2222-4222-8222-222222222222';
const TIKTOK_ONLY = '33333333-3333-4333-8333-333333333333';
const PLAIN = '44444444-4444-4444-8444-444444444444';
const at = (hours: number) => new Date(Date.now() + hours * 3600_000).toISOString();

const queued = (id: string, hours: number, platforms: string[]) => ({
  id,
  stage: 'awaiting_approval',
  scheduledAt: at(hours),
  revision: 1,
  offlineWritten: true,
  approval: { deadline: at(hours - 0.5), emergencyWindow: false, skipWindow: false },
  targets: platforms.map((platform) => ({ platform, stage: 'awaiting_approval', text: `Rye loaves on ${platform}`, sandbox: true })),
});
const posts = [queued(WITH_TIKTOK, 2, ['x', 'tiktok']), queued(TIKTOK_ONLY, 3, ['tiktok']), queued(PLAIN, 4, ['linkedin'])];

/** The post as GET /posts/:id answers: this sandbox TikTok account offers only two audiences. */
function detail(id: string) {
  const post = posts.find((p) => p.id === id)!;
  return {
    post: { id, stage: 'awaiting_approval', scheduledAt: post.scheduledAt, revision: 1 },
    targets: post.targets.map((t, i) => ({
      id: `${id}-${i}`,
      platform: t.platform,
      text: t.text,
      hashtags: [],
      title: null,
      sandbox: true,
      problems: [],
      length: { used: t.text.length, max: 2200, unit: 'characters' },
      ...(t.platform === 'tiktok' ? { privacyOptions: ['FOLLOWER_OF_CREATOR', 'SELF_ONLY'], privacyRequired: true } : {}),
    })),
    workflow: { deadline: post.approval.deadline, approvals: [], approvalsNeeded: 1, stage: 'awaiting_approval', locked: false, publishAt: post.scheduledAt },
  };
}

/** The bulk route: a colleague approved the plain post a moment ago, so it is refused; the rest go through. */
function bulkAnswer(body: { postIds: string[] }) {
  const results = body.postIds.map((postId) =>
    postId === PLAIN
      ? { postId, done: false, code: 'already_decided', message: 'Nothing was done: this post was already approved.' }
      : { postId, done: true, outcome: 'approved', stage: 'approved', message: 'Approved. It will be published at 2026-12-03T12:00:00.000Z.' },
  );
  return { action: 'approve', counts: { approved: results.filter((r) => r.done).length, rejected: 0, refused: results.filter((r) => !r.done).length }, results };
}

let requests: Request[];
function stubNetwork() {
  requests = stubApi((req) => {
    if (req.method === 'POST' && req.url.pathname.endsWith('/approvals/bulk')) return json(bulkAnswer(req.body as { postIds: string[] }));
    if (req.url.searchParams.get('stage') === 'awaiting_approval') return json({ budget: { level: 'ok', reason: null }, posts });
    const id = req.url.pathname.split('/').pop()!;
    if (posts.some((p) => p.id === id)) return json(detail(id));
    return json({ error: { code: 'not_found', message: `no stub for ${req.url.pathname}` } }, 404);
  });
}
/** The stubbed network answers at once, but a loaded machine renders slowly: wait generously. */
const LOADED = { timeout: 15_000 };
const bulkBodies = () => requests.filter((r) => r.url.pathname.endsWith('/approvals/bulk')).map((r) => r.body);

describe('bulk approval with TikTok posts', () => {
  afterEach(() => {
    requests = [];
  });

  it('asks who may see each TikTok post, nothing preselected, sends each choice with its post and shows every post\'s answer', async () => {
    stubNetwork();
    renderScreen(<ApprovalQueue orgId={ORG} timeZone="Europe/Berlin" />);
    const user = userEvent.setup();
    await screen.findAllByText('Approve within', { exact: false }, LOADED);
    await user.click(screen.getByRole('button', { name: 'Approve all (3)' }));

    const dialog = await screen.findByRole('dialog', { name: 'Who can see these 2 TikTok posts?' }, LOADED);
    const questions = await within(dialog).findAllByRole('button', { name: /Who can see it on TikTok/ }, LOADED);
    expect(questions).toHaveLength(2);
    for (const question of questions) expect(question.textContent).toContain('Choose…');
    const approve = within(dialog).getByRole('button', { name: 'Approve 3 posts' });
    expect(approve.hasAttribute('disabled')).toBe(true);
    expect(within(dialog).getByText('Choose who can see 2 more TikTok posts first.')).toBeTruthy();
    expect(bulkBodies()).toEqual([]);

    await user.click(questions[0]!);
    // Only what this account offers: no "Everyone".
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual(['Followers', 'Only me']);
    await user.click(screen.getByRole('option', { name: 'Followers' }));
    expect(approve.hasAttribute('disabled')).toBe(true);
    await user.click(questions[1]!);
    await user.click(await screen.findByRole('option', { name: 'Only me' }));
    await waitFor(() => expect(approve.hasAttribute('disabled')).toBe(false));
    await user.click(approve);

    await screen.findByText('Approved 2 posts.', {}, LOADED);
    // The bulk route takes one choice per request: one request per distinct choice, the plain post without one.
    expect(bulkBodies()).toEqual([
      { action: 'approve', postIds: [WITH_TIKTOK], privacy: { tiktok: 'FOLLOWER_OF_CREATOR' } },
      { action: 'approve', postIds: [TIKTOK_ONLY], privacy: { tiktok: 'SELF_ONLY' } },
      { action: 'approve', postIds: [PLAIN] },
    ]);
    const results = within(screen.getByRole('region', { name: 'What the approval did' })).getAllByRole('listitem');
    expect(results.map((li) => li.textContent)).toEqual([
      expect.stringMatching(/^Approved: the X and TikTok post for /),
      expect.stringMatching(/^Approved: the TikTok post for /),
      expect.stringMatching(/^Not approved: the LinkedIn post for .*Nothing was done: this post was already approved\.$/),
    ]);
    expect(screen.getByText('One post was not approved; the reason is below.')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  }, 30_000);

  it('asks nothing when the selection has no TikTok post, and takes a choice already made on the card', async () => {
    stubNetwork();
    renderScreen(<ApprovalQueue orgId={ORG} timeZone="Europe/Berlin" />);
    const user = userEvent.setup();
    await screen.findAllByText('Approve within', { exact: false }, LOADED);
    const cards = screen.getAllByTestId('post-card');
    await user.click(await within(cards[1]!).findByRole('button', { name: /Who can see it on TikTok/ }, LOADED));
    await user.click(await screen.findByRole('option', { name: 'Followers' }));
    await user.click(within(cards[1]!).getByRole('checkbox'));
    await user.click(within(cards[2]!).getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: 'Approve selected (2)' }));

    await screen.findByText('Approved 1 post.', {}, LOADED);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(bulkBodies()).toEqual([
      { action: 'approve', postIds: [TIKTOK_ONLY], privacy: { tiktok: 'FOLLOWER_OF_CREATOR' } },
      { action: 'approve', postIds: [PLAIN] },
    ]);
  }, 30_000);
});
