import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleActivities } from '../../../activities/content/cycle.js';
import { loadBillingConfig } from '../../../config/billing.js';
import { posts } from '../../../db/schema/index.js';
import { createBrandProfile, createWrittenPost } from '../../support/content.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack?.stop());

describe('the approval digest composed right after the run', () => {
  it('waits for the post workflows to open their approval, so the mail does not call the posts drafted', async () => {
    const owner = await createTestUser(stack, { name: 'Digest Race Owner' });
    await createBrandProfile(stack, owner);
    const postId = await createWrittenPost(stack, owner, new Date(Date.now() + 6 * 3_600_000), ['x']);
    const db = stack.database.db;
    expect((await db.select({ stage: posts.stage }).from(posts).where(eq(posts.id, postId)))[0]!.stage).toBe('drafted');
    const acts = cycleActivities(db, loadBillingConfig({}));
    const composing = acts.digestLines({ orgId: owner.orgId, postIds: [postId] });
    // The post workflow reaches its approval step a moment after the digest started reading.
    await new Promise((r) => setTimeout(r, 300));
    await db.update(posts).set({ stage: 'awaiting_approval' }).where(eq(posts.id, postId));
    const lines = await composing;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ x \[awaiting_approval\]/);
  });

  it('does not wait without end for a post whose approval never opens: it says what it is', async () => {
    const owner = await createTestUser(stack, { name: 'Digest Stuck Owner' });
    await createBrandProfile(stack, owner);
    const postId = await createWrittenPost(stack, owner, new Date(Date.now() + 6 * 3_600_000), ['x']);
    const lines = await cycleActivities(stack.database.db, loadBillingConfig({})).digestLines({ orgId: owner.orgId, postIds: [postId], waitForApprovalMs: 1_000 });
    expect(lines[0]).toMatch(/ x \[drafted\]/);
  });
});
