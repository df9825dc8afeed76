import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRow } from '../../../activities/email/activities.js';
import { notifyActivities } from '../../../activities/content/notify.js';
import { mediaStoreFrom } from '../../../activities/media/store.js';
import { loadAiConfig } from '../../../config/ai.js';
import type { EmailConfig } from '../../../config/email.js';
import { mediaObjects, outboxEmails, postTargets, targetMedia } from '../../../db/schema/index.js';
import { startMoto, type MotoServer } from '../../support/ai.js';
import { createBrandProfile, createWrittenPost } from '../../support/content.js';
import { fakeJpeg } from '../../support/media-server.js';
import { startS3ExpiryFront, type S3ExpiryFront } from '../../support/s3-expiry.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';

/**
 * The image in an approval mail is read hours or days after the mail was written, long after a
 * presigned storage URL (24 h by default) has expired. Mails link to Herald instead, which signs a
 * fresh URL each time the image is opened.
 */
const BUCKET = 'herald-mail-images';
const PUBLIC_API = 'https://herald.example';
let moto: MotoServer;
let s3: S3ExpiryFront;
let stack: TestStack;
let s3Env: Record<string, string>;
const email: EmailConfig = {
  transport: { kind: 'outbox' },
  from: 'Herald <herald@example.test>',
  sweepSeconds: 5,
  timeoutMs: 5_000,
  unsubscribe: { secret: 'mail-images-test-secret', baseUrl: PUBLIC_API },
  appUrl: PUBLIC_API,
};

beforeAll(async () => {
  moto = await startMoto();
  s3 = await startS3ExpiryFront(moto.endpoint);
  const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  s3Env = { S3_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: 'test', S3_SECRET_ACCESS_KEY: 'test' };
  stack = await startStack({ worker: false, aiEnv: s3Env, email });
});
afterAll(async () => {
  await stack?.stop();
  await s3?.close();
  await moto?.stop();
});

/** A post waiting for approval whose image sits in S3, saved with a URL signed when the post was made and since expired. */
async function postWithImage(user: TestUser) {
  await createBrandProfile(stack, user);
  const postId = await createWrittenPost(stack, user, new Date(Date.now() + 3 * 86_400_000), ['linkedin']);
  const store = mediaStoreFrom(loadAiConfig(s3Env));
  const key = `${user.orgId}/images/${randomUUID()}.jpg`;
  const bytes = fakeJpeg(4096);
  await store.put(key, bytes, 'image/jpeg');
  const [object] = await stack.database.db
    .insert(mediaObjects)
    .values({ orgId: user.orgId, kind: 'image', store: 's3', storageKey: key, mimeType: 'image/jpeg', sizeBytes: bytes.length, width: 1200, height: 627 })
    .returning();
  const expired = (await store.url(key)).replace(/X-Amz-Date=\d{8}T\d{6}Z/, 'X-Amz-Date=20260101T000000Z');
  const [target] = await stack.database.db.select({ id: postTargets.id }).from(postTargets).where(eq(postTargets.postId, postId));
  await stack.database.db.insert(targetMedia).values({ targetId: target!.id, position: 0, kind: 'image', url: expired, mimeType: 'image/jpeg', altText: 'A sourdough loaf', mediaId: object!.id, width: 1200, height: 627 });
  return { postId, bytes, expired };
}

async function approvalMailFor(user: TestUser, postId: string) {
  const dedupeKey = `test:${randomUUID()}`;
  await notifyActivities(stack.database.db).notifyOrg({ orgId: user.orgId, audience: 'approvers', kind: 'approval_requested', subject: 'A post is waiting for your approval', body: `Post ${postId} waits.`, dedupeKey, data: { postId } });
  const [row] = await stack.database.db.select().from(outboxEmails).where(and(eq(outboxEmails.toUserId, user.userId), eq(outboxEmails.dedupeKey, `${dedupeKey}:${user.userId}`)));
  return renderRow({ db: stack.database.db, unsubscribe: email.unsubscribe, appUrl: email.appUrl }, row!);
}

const imageSrc = (html: string) => /<img [^>]*src="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
const viaTestApi = (url: string) => url.replace(PUBLIC_API, stack.baseUrl);

describe('images in approval mails', () => {
  it('still show after the storage URL saved with the post has expired: the mail links to Herald, which signs a fresh one', async () => {
    const user = await createTestUser(stack);
    const { postId, bytes, expired } = await postWithImage(user);
    // Control: what the mail would show if it used the saved URL.
    expect((await fetch(expired)).status).toBe(403);

    const src = imageSrc((await approvalMailFor(user, postId)).html);
    expect(src).toMatch(new RegExp(`^${PUBLIC_API}/api/v1/email/media/[0-9a-f-]{36}\\.[\\w-]+$`));
    const opened = await fetch(viaTestApi(src!), { redirect: 'manual' });
    expect(opened.status).toBe(302);
    const image = await fetch(opened.headers.get('location')!);
    expect(image.status).toBe(200);
    expect(Buffer.from(await image.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('refuse a changed or made-up link, and a deleted image, saying what to do instead', async () => {
    const user = await createTestUser(stack);
    const { postId } = await postWithImage(user);
    const src = imageSrc((await approvalMailFor(user, postId)).html)!;
    const tampered = src.replace(/\/([0-9a-f])([0-9a-f-]{35})\./, (_, first: string, rest: string) => `/${first === 'a' ? 'b' : 'a'}${rest}.`);
    const refused = await fetch(viaTestApi(tampered), { redirect: 'manual' });
    expect(refused.status).toBe(404);
    expect(JSON.stringify(await refused.json())).toContain('open the post in Herald');

    await stack.database.db.delete(mediaObjects).where(eq(mediaObjects.orgId, user.orgId));
    const gone = await fetch(viaTestApi(src), { redirect: 'manual' });
    expect(gone.status).toBe(404);
    expect(JSON.stringify(await gone.json())).toContain('This image was deleted');
  });
});
