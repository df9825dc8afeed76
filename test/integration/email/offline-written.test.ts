import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRow } from '../../../activities/email/activities.js';
import { outboxEmails, posts, postTargets } from '../../../db/schema/index.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';

/**
 * When no AI provider answered, the offline writer wrote the post: the approval digest must say
 * so on that post, as the app does (the LLM-outage drill found the rendered mail silent about it).
 */
let stack: TestStack;
let user: TestUser;

beforeAll(async () => {
  stack = await startStack({ worker: false });
  user = await createTestUser(stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function digestAbout(offlineWritten: boolean) {
  const db = stack.database.db;
  const [post] = await db
    .insert(posts)
    .values({ orgId: user.orgId, userId: user.userId, scheduledAt: new Date(Date.now() + 86_400_000), stage: 'awaiting_approval', offlineWritten, slotKey: `offline-test:${randomUUID()}` })
    .returning({ id: posts.id });
  await db.insert(postTargets).values({ postId: post!.id, orgId: user.orgId, platform: 'x', text: 'Fresh loaves at seven', hashtags: ['bakery'] });
  const [row] = await db
    .insert(outboxEmails)
    .values({ orgId: user.orgId, toUserId: user.userId, toAddress: 'reader@example.test', kind: 'approval_digest', subject: '1 new post(s) wait for your approval', body: 'One post', data: { created: [post!.id] }, dedupeKey: `offline-test:${randomUUID()}` })
    .returning();
  return renderRow({ db }, row!);
}

describe('the approval digest of an offline-written post', () => {
  it('tells the reader, in the HTML and the text, that no AI provider answered and to check it', async () => {
    const mail = await digestAbout(true);
    expect(mail.text).toMatch(/Offline-written: no AI provider answered/);
    expect(mail.html).toMatch(/Offline-written: no AI provider answered/);
  });

  it('says nothing of the kind for a post an AI provider wrote', async () => {
    const mail = await digestAbout(false);
    expect(mail.text).not.toMatch(/Offline-written/);
    expect(mail.html).not.toMatch(/Offline-written/);
  });
});
