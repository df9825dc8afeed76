import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBillingConfig } from '../../../config/billing.js';
import { validateDraft } from '../../../core/platform-rules/index.js';
import { aiUsage, organizations, posts, postTargets, targetMedia } from '../../../db/schema/index.js';
import type { LlmEmulator } from '../../../emulators/llm/server.js';
import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { startAiEmulator, startMoto, type MotoServer } from '../../support/ai.js';
import { postRow } from '../../support/content.js';
import { saveHistoryFixture } from '../../support/replay.js';
import { madeMedia } from '../../support/media-files.js';
import { waitFor } from '../../support/processes.js';
import { startPublishingStack, type PublishingStack } from '../../support/publishing.js';
import { createTestUser, type TestUser } from '../../support/stack.js';

/** Billing on (a Stripe key is set) without a Stripe server: the org is on Free, 10 posts a month. */
const billingOn = loadBillingConfig({ STRIPE_SECRET_KEY: 'sk_test_own_posts', STRIPE_WEBHOOK_SECRET: 'whsec_own_posts' });
const BUCKET = 'herald-own-posts-test';

let moto: MotoServer;
let llm: LlmEmulator;
let s: PublishingStack;
let owner: TestUser;
let orgId: string;

beforeAll(async () => {
  [moto, llm] = await Promise.all([startMoto(), startAiEmulator()]);
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  s = await startPublishingStack({
    billing: billingOn,
    // Text through the LLM emulator (Anthropic); images stay offline cards (no OpenAI key).
    aiEnv: { S3_BUCKET: BUCKET, S3_ENDPOINT: moto.endpoint, S3_ACCESS_KEY_ID: 'test', S3_SECRET_ACCESS_KEY: 'test', ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: llm.anthropicBaseUrl, AI_MAX_RETRIES: '0', AI_TIMEOUT_SECONDS: '10' },
  });
  orgId = s.platforms.orgId;
  owner = await createTestUser(s.stack, { orgId, role: 'owner', name: 'Rosa' });
  await s.platforms.connect('linkedin', 'rosa-bakery');
  await s.platforms.connect('x', 'rosa-bakery');
}, 120_000);
afterAll(async () => {
  await s?.stop();
  await Promise.all([moto?.stop(), llm?.close()]);
});

const api = (user: TestUser, path: string, json?: unknown, method = json === undefined ? 'GET' : 'POST') => user.request(`/api/v1/orgs/${orgId}${path}`, { method, ...(json !== undefined && { json }) });
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

async function uploadImage(user: TestUser, size = '1200x628') {
  const res = await user.request(`/api/v1/orgs/${orgId}/media?platforms=linkedin,x`, { method: 'POST', body: new Uint8Array(madeMedia('jpg', size)), headers: { 'content-type': 'image/jpeg' } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { media: { id: string } }).media.id;
}

async function stopPost(postId: string) {
  await s.stack.temporal.workflow.getHandle(workflowIds.post(postId)).terminate('test over').catch(() => undefined);
}

const postCount = async () => (await s.stack.database.db.select({ id: posts.id }).from(posts).where(eq(posts.orgId, orgId))).length;

describe('a hand-made post', () => {
  it('with the author\'s own image goes out now on each platform with its own copy, then is monitored', async () => {
    const imageId = await uploadImage(owner);
    const res = await api(owner, '/posts', {
      platforms: ['linkedin', 'x'],
      text: 'Our new rye sourdough is out of the oven. Come by before noon: the first ten loaves come with a jar of butter.',
      hashtags: ['sourdough', 'bakery'],
      overrides: { x: { text: 'New rye sourdough, fresh out of the oven. First ten loaves get free butter!', hashtags: ['sourdough'] } },
      mediaIds: [imageId],
      publishNow: true,
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    // No second approver required: the author's creation is the approval.
    expect(created).toMatchObject({ approvedByAuthor: true, state: { stage: 'approved', approvals: [owner.userId] } });
    expect(res.headers.get('location')).toBe(`/api/v1/orgs/${orgId}/posts/${created.postId}`);

    const targets = await waitFor(async () => {
      const rows = await s.stack.database.db.select().from(postTargets).where(eq(postTargets.postId, created.postId));
      return rows.length === 2 && rows.every((t) => t.stage === 'published') ? rows : undefined;
    }, 150_000, 'both targets published');
    const onX = (await s.platforms.posts('x')).filter((p) => p.text.includes('free butter'));
    const onLinkedIn = (await s.platforms.posts('linkedin')).filter((p) => p.text.includes('jar of butter'));
    expect(onX).toHaveLength(1);
    expect(onX[0]!.mediaCount).toBe(1);
    expect(onLinkedIn).toHaveLength(1);
    expect(onLinkedIn[0]!.mediaCount).toBe(1);
    expect((await postRow(s.stack, created.postId)).approvedBy).toBe(owner.userId);
    for (const target of targets) {
      expect(await s.stack.temporal.workflow.getHandle(workflowIds.publish(target.id)).result()).toMatchObject({ outcome: 'published' });
      const monitor = s.stack.temporal.workflow.getHandle(workflowIds.monitor(target.id));
      expect((await monitor.describe()).status.name).toBe('RUNNING');
      await monitor.terminate('test over');
    }
  }, 240_000);

  it('is refused, with nothing saved, when it breaks a platform\'s rules or names what is not there', async () => {
    const before = await postCount();
    const long = await api(owner, '/posts', { platforms: ['x'], text: 'Fresh bread every morning. '.repeat(12), publishNow: true });
    expect(long.status).toBe(422);
    expect((await long.json()).error.message).toMatch(/^Nothing was saved: X: X allows 280 characters/);
    const unconnected = await api(owner, '/posts', { platforms: ['facebook'], text: 'Hello', publishNow: true });
    expect(unconnected.status).toBe(422);
    expect((await unconnected.json()).error.message).toMatch(/Connect Facebook first/);
    const foreign = await api(owner, '/posts', { platforms: ['x'], text: 'Hello', mediaIds: ['00000000-0000-4000-8000-000000000000'], publishNow: true });
    expect((await foreign.json()).error.message).toMatch(/No media 00000000-0000-4000-8000-000000000000 in this organization/);
    const both = await api(owner, '/posts', { platforms: ['x'], text: 'Hello', publishNow: true, scheduledAt: inMinutes(90) });
    expect((await both.json()).error.message).toMatch(/scheduledAt: give scheduledAt .* or publishNow: true, not both/);
    const stray = await api(owner, '/posts', { platforms: ['x'], text: 'Hello', overrides: { linkedin: { text: 'Hi' } }, publishNow: true });
    expect((await stray.json()).error.message).toMatch(/overrides: overrides are for platforms the post goes to/);
    expect(await postCount()).toBe(before);
  });

  it('waits for two other people when the org requires a second approver, and its image can be made again meanwhile', async () => {
    expect((await api(owner, '', { requireSecondApprover: true }, 'PATCH')).status).toBe(200);
    try {
      const now = await api(owner, '/posts', { platforms: ['linkedin'], text: 'Christmas stollen pre-orders are open.', publishNow: true });
      expect((await now.json()).error.message).toMatch(/requires a second approver, so a post cannot go out now/);
      const res = await api(owner, '/posts', { platforms: ['linkedin'], text: 'Christmas stollen pre-orders are open. Order by Friday.', mediaIds: [await uploadImage(owner)], scheduledAt: inMinutes(45) });
      expect(res.status).toBe(201);
      const { postId, approvedByAuthor } = await res.json();
      expect(approvedByAuthor).toBe(false);
      await waitFor(async () => ((await postRow(s.stack, postId)).stage === 'awaiting_approval' ? true : undefined), 30_000, 'awaiting approval');

      const own = await api(owner, `/posts/${postId}/approve`, {});
      expect(own.status).toBe(409);
      expect((await own.json()).error.message).toMatch(/the author cannot approve their own post/);

      const [target] = await s.stack.database.db.select().from(postTargets).where(eq(postTargets.postId, postId));
      const [uploaded] = await s.stack.database.db.select().from(targetMedia).where(eq(targetMedia.targetId, target!.id));
      const viewer = await createTestUser(s.stack, { orgId, role: 'viewer' });
      expect((await api(viewer, `/posts/${postId}/regenerate-media`, { kind: 'image' })).status).toBe(403);
      expect((await api(owner, `/posts/${postId}/regenerate-media`, { kind: 'gif' })).status).toBe(422);
      const remade = await api(owner, `/posts/${postId}/regenerate-media`, { kind: 'image' });
      expect(remade.status).toBe(200);
      expect((await remade.json()).made).toEqual([{ platform: 'linkedin', mediaId: expect.any(String) }]);
      const [fresh] = await s.stack.database.db.select().from(targetMedia).where(eq(targetMedia.targetId, target!.id));
      expect(fresh!.mediaId).not.toBe(uploaded!.mediaId);
      expect(fresh).toMatchObject({ kind: 'image', width: 1536, height: 804 });
      expect((await api(owner, `/posts/${postId}/regenerate-media`, { kind: 'video' })).status).toBe(409);

      const first = await createTestUser(s.stack, { orgId, role: 'approver' });
      const second = await createTestUser(s.stack, { orgId, role: 'editor' });
      expect((await (await api(first, `/posts/${postId}/approve`, {})).json()).state).toMatchObject({ stage: 'awaiting_approval', approvals: [first.userId] });
      // New media after the first approval: that approval was for the old image and no longer counts.
      expect((await api(owner, `/posts/${postId}/regenerate-media`, { kind: 'image' })).status).toBe(200);
      saveHistoryFixture('regenerate-media-clears-approvals', workflowIds.postMedia(postId));
      const afterNewImage = await waitFor(async () => {
        const state = (await (await api(owner, `/posts/${postId}`)).json()).workflow as { approvals: string[]; history: { action: string }[] } | null;
        return state && state.history.some((h) => h.action === 'new-image') ? state : undefined;
      }, 30_000, 'the post workflow told of the new image');
      expect(afterNewImage.approvals).toEqual([]);
      expect((await (await api(second, `/posts/${postId}/approve`, {})).json()).state).toMatchObject({ stage: 'awaiting_approval', approvals: [second.userId] });
      expect((await (await api(first, `/posts/${postId}/approve`, {})).json()).state).toMatchObject({ stage: 'approved' });
      const late = await api(owner, `/posts/${postId}/regenerate-media`, { kind: 'image' });
      expect(late.status).toBe(409);
      expect((await late.json()).error.message).toMatch(/This post is approved; only a post waiting for approval gets new media/);
      await stopPost(postId);
    } finally {
      await api(owner, '', { requireSecondApprover: false }, 'PATCH');
    }
  }, 180_000);
});

describe('Adapt with AI', () => {
  it('rewrites the text per platform within each platform\'s rules, through the gateway and the spend ledger', async () => {
    const text = 'Our bakery turns ten this Saturday! '.concat('We bake every loaf by hand from organic flour, and we want to thank every neighbour who came by. '.repeat(3), 'Join us for free coffee and cake from 9am.');
    const res = await api(owner, '/posts/adapt', { platforms: ['x', 'linkedin'], text, hashtags: ['bakery', 'birthday', 'organic', 'local', 'coffee', 'cake'] });
    expect(res.status).toBe(200);
    const adapted = await res.json();
    expect(adapted).toMatchObject({ offlineWritten: false, provider: 'anthropic' });
    for (const platform of ['x', 'linkedin'] as const) {
      const copy = adapted.overrides[platform];
      expect({ platform, problems: validateDraft(platform, { ...copy, media: [] }) }).toEqual({ platform, problems: [] });
    }
    const spent = await s.stack.database.db.select().from(aiUsage).where(and(eq(aiUsage.orgId, orgId), eq(aiUsage.task, 'content.adapt')));
    expect(spent.length).toBeGreaterThan(0);
    expect(spent[0]!.costUsd).toBeGreaterThan(0);

    // The adapted copy becomes the post; its visual brief is remembered for regenerating media.
    const created = await api(owner, '/posts', { platforms: ['x', 'linkedin'], text, overrides: adapted.overrides, aiOutputId: adapted.aiOutputId, mediaIds: [await uploadImage(owner)], scheduledAt: inMinutes(120) });
    expect(created.status).toBe(201);
    const { postId } = await created.json();
    expect((await postRow(s.stack, postId)).contentOutputId).toBe(adapted.aiOutputId);
    await stopPost(postId);

    const viewer = await createTestUser(s.stack, { orgId, role: 'viewer' });
    expect((await api(viewer, '/posts/adapt', { platforms: ['x'], text: 'Hi' })).status).toBe(403);
    expect((await api(owner, '/posts/adapt', { platforms: [], text: 'Hi' })).status).toBe(422);
  }, 120_000);
});

describe('drafts and the content library', () => {
  it('saves without a time, lists, changes, duplicates and reuses a draft; a post is duplicated into a draft', async () => {
    const saved = await api(owner, '/drafts', { name: 'Weekend opening hours', platforms: ['linkedin'], text: 'Open Saturday 8-14.' });
    expect(saved.status).toBe(201);
    const { draft } = await saved.json();
    expect((await api(owner, `/drafts/${draft.id}`, { text: 'Open Saturday 8-14 and Sunday 9-12.', platforms: ['linkedin', 'x'] }, 'PATCH')).status).toBe(200);
    const copy = await (await api(owner, `/drafts/${draft.id}/duplicate`, {})).json();
    expect(copy.draft).toMatchObject({ name: 'Copy of Weekend opening hours', text: 'Open Saturday 8-14 and Sunday 9-12.', platforms: ['linkedin', 'x'] });
    const listed = (await (await api(owner, '/drafts')).json()).drafts.map((d: { id: string }) => d.id);
    expect(listed).toEqual(expect.arrayContaining([draft.id, copy.draft.id]));

    const scheduled = await api(owner, `/drafts/${draft.id}/schedule`, { scheduledAt: inMinutes(180) });
    expect(scheduled.status).toBe(201);
    const { postId } = await scheduled.json();
    const shown = await (await api(owner, `/posts/${postId}`)).json();
    expect(shown.targets.map((t: { platform: string; text: string }) => [t.platform, t.text]).sort()).toEqual([
      ['linkedin', 'Open Saturday 8-14 and Sunday 9-12.'],
      ['x', 'Open Saturday 8-14 and Sunday 9-12.'],
    ]);
    // Reused, not used up: the draft is still in the library.
    expect((await api(owner, `/drafts/${draft.id}`)).status).toBe(200);

    const fromPost = await (await api(owner, `/posts/${postId}/duplicate`, {})).json();
    expect(fromPost.draft).toMatchObject({ platforms: expect.arrayContaining(['linkedin', 'x']), text: 'Open Saturday 8-14 and Sunday 9-12.' });
    await stopPost(postId);

    const empty = await (await api(owner, '/drafts', {})).json();
    const incomplete = await api(owner, `/drafts/${empty.draft.id}/schedule`, { publishNow: true });
    expect(incomplete.status).toBe(422);
    expect((await incomplete.json()).error.message).toMatch(/needs platforms and text/);
    expect((await api(owner, `/drafts/${empty.draft.id}`, undefined, 'DELETE')).status).toBe(204);
    expect((await api(owner, `/drafts/${empty.draft.id}`)).status).toBe(404);
  }, 120_000);

  it('keeps each org\'s drafts and posts its own, and only writers change them', async () => {
    const { draft } = await (await api(owner, '/drafts', { text: 'Secret recipe' })).json();
    const stranger = await createTestUser(s.stack, { name: 'Stranger' });
    for (const [path, body, method] of [
      [`/drafts/${draft.id}`, undefined, 'GET'],
      [`/drafts/${draft.id}`, { text: 'mine now' }, 'PATCH'],
      [`/drafts/${draft.id}/duplicate`, {}, 'POST'],
      ['/drafts', { text: 'x' }, 'POST'],
      ['/posts', { platforms: ['x'], text: 'x', publishNow: true }, 'POST'],
    ] as const) {
      expect({ path, method, status: (await api(stranger, path, body, method)).status }).toEqual({ path, method, status: 404 });
    }
    const strangerDraft = await (await stranger.request(`/api/v1/orgs/${stranger.orgId}/drafts`, { method: 'POST', json: { text: 'theirs' } })).json();
    expect((await api(owner, `/drafts/${strangerDraft.draft.id}`)).status).toBe(404);
    const viewer = await createTestUser(s.stack, { orgId, role: 'viewer' });
    expect((await api(viewer, '/drafts')).status).toBe(200);
    expect((await api(viewer, '/drafts', { text: 'x' })).status).toBe(403);
    expect((await api(viewer, '/posts', { platforms: ['x'], text: 'x', publishNow: true })).status).toBe(403);
    expect((await api(owner, '/drafts', { text: 'x', platforms: ['x', 'x'] })).status).toBe(422);
  });
});

describe('the plan\'s posts a month', () => {
  it('takes the 10th hand-made post of a month on Free and refuses the 11th with 402, naming the way up', async () => {
    const month = new Date(Date.now() + 70 * 86_400_000);
    const at = (day: number) => new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), day, 10));
    await s.stack.database.db.update(organizations).set({ plan: 'free' }).where(eq(organizations.id, orgId));
    await s.stack.database.db.insert(posts).values(Array.from({ length: 9 }, (_, i) => ({ orgId, scheduledAt: at(i + 1), stage: 'approved' })));
    const tenth = await api(owner, '/posts', { platforms: ['x'], text: 'The tenth post of the month.', scheduledAt: at(20).toISOString() });
    expect(tenth.status).toBe(201);
    await stopPost((await tenth.json()).postId);
    const before = await postCount();
    const eleventh = await api(owner, '/posts', { platforms: ['x'], text: 'One post too many.', scheduledAt: at(21).toISOString() });
    expect(eleventh.status).toBe(402);
    expect((await eleventh.json()).error).toEqual({
      code: 'plan_limit',
      message: 'The Free plan allows 10 posts this month; 10 are in use. Upgrade to Starter for 30.',
      details: { limit: 'posts_per_month', used: 10, max: 10, plan: 'free', upgradeTo: 'starter' },
    });
    expect(await postCount()).toBe(before);
  });
});
