import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActivities } from '../../../activities/index.js';
import { ffprobe } from '../../../activities/media/ffmpeg.js';
import { createApp } from '../../../api/app.js';
import { openDatabase, type DatabaseHandle } from '../../../db/client.js';
import { aiUsage, brandProfiles, mediaObjects } from '../../../db/schema/index.js';
import type { LlmEmulator } from '../../../emulators/llm/server.js';
import { bakeryProfile, emulatorConfig, seedBrand, startAiEmulator, startMoto, type MotoServer } from '../../support/ai.js';
import { testDatabaseUrl } from '../../support/database.js';
import { rawGet, TRAVERSAL_PATHS } from '../../support/raw-http.js';
import { silentLog, testConfig } from '../../support/stack.js';
import { taskQueues } from '../../../temporal-config/task-queues.js';

let database: DatabaseHandle;
let emulator: LlmEmulator;
let moto: MotoServer;
let tmp: string;
const BUCKET = 'herald-media-test';

beforeAll(async () => {
  database = openDatabase(testDatabaseUrl(), 3);
  [emulator, moto] = await Promise.all([startAiEmulator(), startMoto()]);
  const s3 = new S3Client({ region: 'us-east-1', endpoint: moto.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'herald-media-test-'));
});
afterAll(async () => {
  await Promise.all([emulator?.close(), moto?.stop(), database?.close()]);
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
});
beforeEach(() => emulator.reset());

const s3Env = () => ({ S3_BUCKET: BUCKET, S3_ENDPOINT: moto.endpoint, S3_ACCESS_KEY_ID: 'test', S3_SECRET_ACCESS_KEY: 'test', S3_PRESIGN_SECONDS: '3600' });

async function probeDownload(url: string, name: string) {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const file = path.join(tmp, name);
  await fs.writeFile(file, Buffer.from(await res.arrayBuffer()));
  return ffprobe('ffprobe', file);
}

describe('post images', () => {
  it('are rendered at the platform aspect, stored in S3 with alt text and fetchable by presigned URL', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    const ai = createActivities({ db: database.db, ai: emulatorConfig(emulator, s3Env()) });
    const content = await ai.writePost({ ...brand, platforms: ['instagram', 'x'], post: { topic: 'Sourdough Saturday', brief: 'Loaves from 8am.', contentType: 'product' } });
    const instagram = await ai.generatePostImage({ orgId: brand.orgId, contentOutputId: content.outputId, platform: 'instagram' });
    const x = await ai.generatePostImage({ orgId: brand.orgId, contentOutputId: content.outputId, platform: 'x' });
    expect(instagram.url).toMatch(/X-Amz-Signature=/);
    expect((await probeDownload(instagram.url, 'ig.jpg')).streams[0]).toMatchObject({ codec_name: 'mjpeg', width: 1024, height: 1280 });
    expect((await probeDownload(x.url, 'x.jpg')).streams[0]).toMatchObject({ width: 1536, height: 804 });
    const [row] = await database.db.select().from(mediaObjects).where(eq(mediaObjects.id, instagram.mediaId));
    expect(row).toMatchObject({ store: 's3', kind: 'image', width: 1024, height: 1280, offlineMade: false });
    expect(row!.altText).toContain('Sourdough Saturday');
    const imageRows = await database.db.select().from(aiUsage).where(and(eq(aiUsage.orgId, brand.orgId), eq(aiUsage.kind, 'image')));
    expect(imageRows.map((r) => [r.units, r.costUsd])).toEqual([[1, 0.006], [1, 0.006]]);
  });

  it('are kept on local disk by default and served under the public media URL', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    const dir = path.join(tmp, 'local-store');
    // The API itself serves the store at /media, as in production.
    const config = testConfig();
    const connection = Connection.lazy({ address: config.temporal.address! });
    const app = createApp({ config, db: database.db, temporal: new Client({ connection }), queues: taskQueues(config.temporal.taskQueuePrefix), log: silentLog, mediaDir: dir });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const base = `${apiUrl}/media`;
      const ai = createActivities({ db: database.db, ai: emulatorConfig(emulator, { HERALD_MEDIA_DIR: dir, HERALD_MEDIA_PUBLIC_URL: base }) });
      const image = await ai.generateImage({ orgId: brand.orgId, prompt: 'A loaf on a wooden board', altText: 'A sourdough loaf', aspect: '9:16' });
      expect(image.url.startsWith(`${base}/${brand.orgId}/images/`)).toBe(true);
      expect((await probeDownload(image.url, 'local.jpg')).streams[0]).toMatchObject({ width: 864, height: 1536 });
      for (const rawPath of TRAVERSAL_PATHS) {
        const { status, body } = await rawGet(apiUrl, rawPath);
        expect([400, 403, 404], `${rawPath} answered ${status}`).toContain(status);
        expect(body).not.toContain('root:');
      }
    } finally {
      server.close();
      await connection.close();
    }
  });

  it('become an offline title card, marked as such, when the image provider is down', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    emulator.script('images', { kind: 'status', status: 503 });
    const ai = createActivities({ db: database.db, ai: emulatorConfig(emulator, s3Env()) });
    const image = await ai.generateImage({ orgId: brand.orgId, prompt: 'A loaf', altText: 'A sourdough loaf', aspect: '1:1' });
    expect(image).toMatchObject({ offlineMade: true, width: 1024, height: 1024 });
    expect((await probeDownload(image.url, 'card.jpg')).streams[0]).toMatchObject({ width: 1024, height: 1024 });
  });

  it('become a card in the profile\'s colours with its logo when offline', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    emulator.script('images', { kind: 'status', status: 503 });
    emulator.script('images', { kind: 'status', status: 503 });
    const ai = createActivities({ db: database.db, ai: emulatorConfig(emulator, s3Env()) });
    const logo = await ai.generateImage({ orgId: brand.orgId, prompt: 'Logo', altText: 'Logo', aspect: '1:1', headline: 'CC' });
    const [logoRow] = await database.db.select().from(mediaObjects).where(eq(mediaObjects.id, logo.mediaId));
    const visualStyle = { primaryColour: '#C0392B', textColour: '#FFFFFF', logoMediaKey: logoRow!.storageKey };
    await database.db.update(brandProfiles).set({ details: { visualStyle } }).where(eq(brandProfiles.orgId, brand.orgId));
    const card = await ai.generateImage({ orgId: brand.orgId, userId: brand.userId, prompt: 'Bread', altText: 'A loaf', aspect: '1.91:1', headline: 'Fresh sourdough every morning' });
    const file = path.join(tmp, 'brand-card.jpg');
    await fs.writeFile(file, Buffer.from(await (await fetch(card.url)).arrayBuffer()));
    const { stdout } = await promisify(execFile)('ffmpeg', ['-v', 'error', '-i', file, '-vf', 'crop=8:8:0:0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer' });
    const [r, g, b] = stdout as unknown as Buffer;
    expect(Math.abs(r! - 0xc0) + Math.abs(g! - 0x39) + Math.abs(b! - 0x2b)).toBeLessThan(40);
    // The logo (the default dark-blue card) sits bottom right, inside the margin.
    const { stdout: corner } = await promisify(execFile)('ffmpeg', ['-v', 'error', '-i', file, '-vf', 'crop=4:4:1536-64-30:804-64-30', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer' });
    expect((corner as unknown as Buffer)[2]!).toBeGreaterThan((corner as unknown as Buffer)[0]!);
  });
});

describe('short vertical video', () => {
  it('is a 9:16 H.264/AAC MP4 with the voice-over, its length, and heartbeats while it is made', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    const ai = createActivities({ db: database.db, ai: emulatorConfig(emulator, s3Env()) });
    const env = new MockActivityEnvironment();
    const beats: unknown[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d));
    const voiceOver = 'Sourdough Saturday is back. Fresh loaves from eight at the Kirkgate stall. Come early, they go fast, and say hello to the team.';
    const video: { url: string } = await env.run(ai.assembleShortVideo, {
      orgId: brand.orgId,
      scenes: [
        { imagePrompt: 'Loaves cooling on a rack', caption: 'Sourdough Saturday is back' },
        { imagePrompt: 'A market stall at dawn', caption: 'From 8am at Kirkgate' },
      ],
      voiceOver,
    });
    const probe = await probeDownload(video.url, 'short.mp4');
    const videoStream = probe.streams.find((s) => s.codec_type === 'video');
    const audioStream = probe.streams.find((s) => s.codec_type === 'audio');
    expect(videoStream).toMatchObject({ codec_name: 'h264', width: 1080, height: 1920 });
    expect(audioStream).toMatchObject({ codec_name: 'aac' });
    // 24 words are read in about 9.6 s; the video lasts the voice-over plus half a second.
    expect(probe.durationSeconds).toBeGreaterThan(9.5);
    expect(probe.durationSeconds).toBeLessThan(10.6);
    expect(beats.length).toBeGreaterThanOrEqual(4);
    const speech = await database.db.select().from(aiUsage).where(and(eq(aiUsage.orgId, brand.orgId), eq(aiUsage.kind, 'speech')));
    expect(speech[0]).toMatchObject({ unitName: 'seconds', model: 'gpt-4o-mini-tts' });
    expect(speech[0]!.costUsd).toBeCloseTo((speech[0]!.units / 60) * 0.015, 6);
  });

  it('never runs past 60 seconds, however long the voice-over', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    const ai = createActivities({ db: database.db, ai: emulatorConfig(emulator, { ...s3Env(), AI_IMAGE_QUALITY: 'low' }) });
    const video = await ai.assembleShortVideo({ orgId: brand.orgId, scenes: [{ imagePrompt: 'Bread', caption: 'Our whole story' }], voiceOver: 'word '.repeat(200) });
    const probe = await probeDownload(video.url, 'long.mp4');
    expect(probe.durationSeconds).toBeGreaterThan(59);
    expect(probe.durationSeconds).toBeLessThanOrEqual(60.1);
  });
});
