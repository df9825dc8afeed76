import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimLink } from '../../../db/queries/action-links.js';
import { usedEmailActionLinks } from '../../../db/schema/index.js';
import { createTestUser, startStack, type TestStack } from '../../support/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ worker: false });
});
afterAll(() => stack?.stop());

const DAY = 86_400_000;

describe('used approval links', () => {
  it('are forgotten a week after they expire, as new links are used; recent ones still repeat their outcome', async () => {
    const user = await createTestUser(stack);
    const used = (tokenId: string, expiresAgoMs: number) => ({ tokenId, orgId: user.orgId, userId: user.userId, action: 'approve' as const, postIds: [], expiresAt: new Date(Date.now() - expiresAgoMs), outcome: [] });
    const old = `old-${randomUUID()}`;
    const recent = `recent-${randomUUID()}`;
    await stack.database.db.insert(usedEmailActionLinks).values([used(old, 8 * DAY), used(recent, 2 * DAY)]);

    const fresh = `fresh-${randomUUID()}`;
    expect(await claimLink(stack.database.db, { id: fresh, orgId: user.orgId, recipientId: user.userId, action: 'approve', posts: [], expiresAt: Date.now() + DAY } as never)).toBe(true);

    const left = async (tokenId: string) => (await stack.database.db.select().from(usedEmailActionLinks).where(eq(usedEmailActionLinks.tokenId, tokenId))).length;
    expect(await left(old)).toBe(0);
    expect(await left(recent)).toBe(1);
    expect(await left(fresh)).toBe(1);
  });
});
