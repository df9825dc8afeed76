import { randomUUID } from 'node:crypto';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_STORAGE_BYTES } from '../../../core/plans.js';
import { mediaObjects } from '../../../db/schema/index.js';
import { startMoto, type MotoServer } from '../../support/ai.js';
import { madeMedia } from '../../support/media-files.js';
import { fakeJpeg, fakeMp4 } from '../../support/media-server.js';
import { createTestUser, startStack, type TestStack, type TestUser } from '../../support/stack.js';

const BUCKET = 'herald-uploads-test';
let moto: MotoServer;
let stack: TestStack;
let owner: TestUser;

beforeAll(async () => {
  moto = await startMoto();
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  stack = await startStack({ worker: false, aiEnv: { S3_BUCKET: BUCKET, S3_ENDPOINT: moto.endpoint, S3_ACCESS_KEY_ID: 'test', S3_SECRET_ACCESS_KEY: 'test' } });
  owner = await createTestUser(stack, { name: 'Upload Owner' });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  await moto?.stop();
});

const upload = (user: TestUser, body: Buffer, query = '', contentType = 'application/octet-stream', orgId = user.orgId) =>
  user.request(`/api/v1/orgs/${orgId}/media${query}`, { method: 'POST', body: new Uint8Array(body), headers: { 'content-type': contentType } });

const mediaCount = async (orgId: string) => (await stack.database.db.select().from(mediaObjects).where(eq(mediaObjects.orgId, orgId))).length;

describe('uploading media for a hand-made post', () => {
  it('stores an image under the org\'s own key in S3, typed by its bytes whatever the caller says, measured', async () => {
    const jpeg = madeMedia('jpg', '1080x1350');
    const res = await upload(owner, jpeg, '?platforms=instagram,x&altText=Our%20window', 'text/plain');
    expect(res.status).toBe(201);
    const { media } = await res.json();
    expect(media).toMatchObject({ kind: 'image', mimeType: 'image/jpeg', width: 1080, height: 1350, sizeBytes: jpeg.length, altText: 'Our window' });
    expect(media.url).toMatch(/X-Amz-Signature=/);
    expect(Buffer.from(await (await fetch(media.url)).arrayBuffer()).equals(jpeg)).toBe(true);
    const [row] = await stack.database.db.select().from(mediaObjects).where(eq(mediaObjects.id, media.id));
    expect(row).toMatchObject({ orgId: owner.orgId, store: 's3' });
    expect(row!.storageKey.startsWith(`${owner.orgId}/images/`)).toBe(true);
  });

  it('measures a video with ffprobe and refuses one with no playable stream', async () => {
    const res = await upload(owner, madeMedia('mp4', '720x1280', ['-pix_fmt', 'yuv420p']), '?platforms=tiktok', 'video/mp4');
    expect(res.status).toBe(201);
    const { media } = await res.json();
    expect(media).toMatchObject({ kind: 'video', mimeType: 'video/mp4', width: 720, height: 1280 });
    expect(media.durationSeconds).toBeCloseTo(1, 0);
    const before = await mediaCount(owner.orgId);
    const broken = await upload(owner, fakeMp4(32 * 1024), '', 'video/mp4');
    expect(broken.status).toBe(422);
    expect((await broken.json()).error.message).toMatch(/no playable video stream/);
    expect(await mediaCount(owner.orgId)).toBe(before);
  });

  it('saves nothing a target platform would refuse, and says what to use instead', async () => {
    const before = await mediaCount(owner.orgId);
    const png = await upload(owner, madeMedia('png'), '?platforms=instagram');
    expect(png.status).toBe(422);
    expect((await png.json()).error.message).toBe('Nothing was saved: Instagram does not take PNG images; use JPEG.');
    const image = await upload(owner, madeMedia('jpg'), '?platforms=youtube');
    expect((await image.json()).error.message).toContain('YouTube takes video only');
    // A real photo with 6 MB of trailing bytes: readable, and too big for X.
    const big = await upload(owner, Buffer.concat([madeMedia('jpg'), Buffer.alloc(6 * 1024 * 1024 - madeMedia('jpg').length)]), '?platforms=x');
    expect((await big.json()).error.message).toContain('X takes images up to 5 MB; this one is 6 MB.');
    expect(await mediaCount(owner.orgId)).toBe(before);
  });

  it('refuses what is not an image or video whatever its content type, and anything past the ceiling', async () => {
    const html = await upload(owner, Buffer.from('<html><script>alert(1)</script></html>'), '', 'image/jpeg');
    expect(html.status).toBe(415);
    expect((await html.json()).error.message).toMatch(/not a JPEG, PNG, GIF or WebP image, nor an MP4, MOV or WebM video \(whatever its content type, image\/jpeg, says\)/);
    const json = await owner.request(`/api/v1/orgs/${owner.orgId}/media`, { method: 'POST', json: { file: 'abc' } });
    expect(json.status).toBe(415);
    const huge = await upload(owner, fakeJpeg(11 * 1024 * 1024));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.message).toMatch(/Herald takes images up to 10 MB/);
    const badQuery = await upload(owner, madeMedia('jpg'), '?platforms=myspace');
    expect(badQuery.status).toBe(422);
    expect((await badQuery.json()).error.message).toMatch(/platforms/);
  });

  it('keeps each org\'s media its own, and only writers upload', async () => {
    const { media } = await (await upload(owner, madeMedia('jpg'))).json();
    const stranger = await createTestUser(stack, { name: 'Stranger' });
    expect((await upload(stranger, madeMedia('jpg'), '', 'image/jpeg', owner.orgId)).status).toBe(404);
    expect((await stranger.request(`/api/v1/orgs/${stranger.orgId}/media/${media.id}`)).status).toBe(404);
    expect((await stranger.request(`/api/v1/orgs/${owner.orgId}/media/${media.id}`)).status).toBe(404);
    const viewer = await createTestUser(stack, { orgId: owner.orgId, role: 'viewer' });
    expect((await upload(viewer, madeMedia('jpg'), '', 'image/jpeg', owner.orgId)).status).toBe(403);
    expect((await viewer.request(`/api/v1/orgs/${owner.orgId}/media/${media.id}`)).status).toBe(200);
    const editor = await createTestUser(stack, { orgId: owner.orgId, role: 'editor' });
    expect((await upload(editor, madeMedia('jpg'), '', 'image/jpeg', owner.orgId)).status).toBe(201);
  });
});

describe('the plan\'s media storage', () => {
  /** Rows standing for `bytes` of earlier media in the org (the column holds up to 2 GB a file). */
  async function filled(user: TestUser, bytes: number, uploadedBy: string | null) {
    const rows = [];
    for (let left = bytes; left > 0; left -= 2_000_000_000) {
      const id = randomUUID();
      rows.push({ orgId: user.orgId, kind: 'video' as const, store: 's3' as const, storageKey: `${user.orgId}/videos/${id}.mp4`, mimeType: 'video/mp4', sizeBytes: Math.min(left, 2_000_000_000), uploadedBy });
    }
    await stack.database.db.insert(mediaObjects).values(rows);
  }

  it('refuses an upload past the plan\'s storage with 402, saving nothing and naming the way up; billing shows the use', async () => {
    const full = await createTestUser(stack, { name: 'Full Store Owner' });
    const limit = MEDIA_STORAGE_BYTES.business; // billing is off in this stack: every org is on Business
    await filled(full, limit - 1000, full.userId);
    const before = await mediaCount(full.orgId);
    const res = await upload(full, madeMedia('jpg'));
    expect(res.status).toBe(402);
    const { error } = await res.json();
    expect(error.code).toBe('plan_limit');
    expect(error.message).toMatch(/^Nothing was saved: The Business plan keeps 100 GB of uploaded media; 100 GB are in use/);
    expect(error.message).toContain('No plan keeps more.');
    expect(await mediaCount(full.orgId)).toBe(before);
    const billing = await (await full.request(`/api/v1/orgs/${full.orgId}/billing`)).json();
    expect(billing.usage.mediaStorageBytes).toEqual({ used: limit - 1000, limit });
  });

  it('does not count media Herald generated, only what people uploaded', async () => {
    const generous = await createTestUser(stack, { name: 'Generated Media Owner' });
    await filled(generous, MEDIA_STORAGE_BYTES.business + 5_000_000_000, null);
    expect((await upload(generous, madeMedia('jpg'))).status).toBe(201);
  });

  it('two uploads at once with room for one: one is stored, the other refused', async () => {
    const racer = await createTestUser(stack, { name: 'Racing Uploads Owner' });
    const jpeg = madeMedia('jpg');
    await filled(racer, MEDIA_STORAGE_BYTES.business - Math.floor(jpeg.length * 1.5), racer.userId);
    const answers = await Promise.all([upload(racer, jpeg), upload(racer, jpeg)]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 402]);
  });
});

