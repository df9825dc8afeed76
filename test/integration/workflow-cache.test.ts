import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrandProfile, createWrittenPost, postRow, startPostWorkflow } from '../support/content.js';
import { waitFor } from '../support/processes.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../support/stack.js';

/**
 * WORKER_MAX_CACHED_WORKFLOWS caps the workflows a worker keeps in memory. A post waiting for
 * approval that the cache evicted replays its short history when the approval arrives: with room
 * for 2 workflows and 5 posts waiting, at least 3 are out of the cache when they are approved.
 */
let stack: TestStack;
let owner: TestUser;
const started: WorkflowHandle[] = [];
const MIN = 60_000;

beforeAll(async () => {
  stack = await startStack({ env: { WORKER_MAX_CACHED_WORKFLOWS: '2' } });
  owner = await createTestUser(stack, { name: 'Rosa' });
  await createBrandProfile(stack, owner, { timeZone: 'UTC' });
});
afterAll(async () => {
  for (const handle of started) await handle.terminate('test over').catch(() => undefined);
  await stack?.stop();
});

describe('a worker whose workflow cache holds 2 workflows', () => {
  it('runs with the cache the environment asked for', () => {
    expect(stack.worker!.maxCachedWorkflows).toBe(2);
  });

  it('approves 5 waiting posts one after another, each locked and approved as with a full cache', async () => {
    const postIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const publishAt = new Date(Date.now() + (180 + 10 * i) * MIN);
      const postId = await createWrittenPost(stack, owner, publishAt);
      started.push(await startPostWorkflow(stack, { postId, orgId: owner.orgId, publishAt: publishAt.toISOString() }));
      postIds.push(postId);
    }
    for (const postId of postIds) {
      await waitFor(async () => ((await postRow(stack, postId)).stage === 'awaiting_approval' ? true : undefined), 120_000, `post ${postId} awaiting approval`);
    }
    // Oldest first: the first posts started are the ones the cache evicted to make room for the later ones.
    for (const postId of postIds) {
      const res = await owner.request(`/api/v1/orgs/${owner.orgId}/posts/${postId}/approve`, { method: 'POST', json: {} });
      expect(res.status, `approving ${postId}`).toBe(200);
      expect((await res.json()).state).toMatchObject({ stage: 'approved', locked: true });
      const row = await postRow(stack, postId);
      expect(row.stage).toBe('approved');
      expect(row.approvedBy).toBe(owner.userId);
    }
  });
});
