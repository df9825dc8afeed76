import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaStoreFrom } from '../../../activities/media/store.js';
import { loadAiConfig } from '../../../config/ai.js';
import { mediaObjects, targetMedia } from '../../../db/schema/index.js';
import { startMoto, type MotoServer } from '../../support/ai.js';
import { fakeJpeg } from '../../support/media-server.js';
import { startS3ExpiryFront, type S3ExpiryFront } from '../../support/s3-expiry.js';
import { createTarget, publishAndWait, startPublishingStack, targetRow, type PublishingStack } from '../../support/publishing.js';

const BUCKET = 'herald-publish-media';
let moto: MotoServer;
let s3: S3ExpiryFront;
let s: PublishingStack;
let s3Env: Record<string, string>;

beforeAll(async () => {
  moto = await startMoto();
  s3 = await startS3ExpiryFront(moto.endpoint);
  const client = new S3Client({ region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  s3Env = { S3_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: 'test', S3_SECRET_ACCESS_KEY: 'test', S3_PRESIGN_SECONDS: '60' };
  s = await startPublishingStack({ aiEnv: s3Env });
});
afterAll(async () => {
  await s?.stop();
  await s3?.close();
  await moto?.stop();
});

/** An image in the S3 bucket, as the daily run stores it, and a target whose saved URL has expired. */
async function targetWithExpiredImage(link: boolean) {
  const store = mediaStoreFrom(loadAiConfig(s3Env));
  const key = `${s.platforms.orgId}/images/${randomUUID()}.jpg`;
  const body = fakeJpeg(4096);
  await store.put(key, body, 'image/jpeg');
  const [object] = await s.stack.database.db
    .insert(mediaObjects)
    .values({ orgId: s.platforms.orgId, kind: 'image', store: 's3', storageKey: key, mimeType: 'image/jpeg', sizeBytes: body.length, width: 1024, height: 1280 })
    .returning();
  // Signed when the post was made, weeks before its time: the signature no longer holds.
  const expired = (await store.url(key)).replace(/X-Amz-Date=\d{8}T\d{6}Z/, 'X-Amz-Date=20260101T000000Z');
  const account = await s.platforms.connect('instagram', `media-${randomUUID().slice(0, 6)}`);
  const target = await createTarget(s, 'instagram', account, { media: [{ kind: 'image', url: expired, mimeType: 'image/jpeg', width: 1024, height: 1280 }] });
  if (link) await s.stack.database.db.update(targetMedia).set({ mediaId: object!.id }).where(eq(targetMedia.targetId, target.targetId));
  return target;
}

describe('media made weeks ahead', () => {
  it('is sent with a URL signed at publish time, so Instagram can fetch it', async () => {
    const target = await targetWithExpiredImage(true);
    const result = await publishAndWait(s, target);
    expect(result.outcome).toBe('published');
    expect((await targetRow(s, target.targetId)).stage).toBe('published');
  });

  it('(control) the URL saved with the target no longer works: sent as saved, Instagram cannot fetch it', async () => {
    const target = await targetWithExpiredImage(false);
    const result = await publishAndWait(s, target);
    expect(result.outcome).toBe('failed');
    expect((await targetRow(s, target.targetId)).errorMessage).toMatch(/HTTP 403/);
  });
});
