import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTargets } from '../../../db/schema/index.js';
import { createBrandProfile, createWrittenPost } from '../../support/content.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';

let stack: TestStack;
let user: TestUser;
beforeAll(async () => {
  stack = await startStack({ worker: false });
  user = await createTestUser(stack);
  await createBrandProfile(stack, user, { platforms: ['instagram', 'tiktok', 'youtube', 'x', 'linkedin', 'facebook'] });
});
afterAll(() => stack?.stop());

describe('written content is judged as it will be published', () => {
  it('passes every platform\'s rules, counting the image or video each platform will carry', async () => {
    const postId = await createWrittenPost(stack, user, new Date(Date.now() + 3_600_000), ['instagram', 'tiktok', 'youtube', 'x', 'linkedin', 'facebook']);
    const targets = await stack.database.db.select().from(postTargets).where(eq(postTargets.postId, postId));
    expect(targets).toHaveLength(6);
    for (const t of targets) expect(t.problems, t.platform).toEqual([]);
    expect(targets.find((t) => t.platform === 'youtube')!.title).toBeTruthy();
  });
});
