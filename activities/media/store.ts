import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AiConfig } from '../../config/ai.js';
import { isIssuedMediaKey } from '../../core/media-keys.js';
import { FORMAT_INFO } from '../../core/uploads.js';

/**
 * Where generated media lives. Platforms that fetch media themselves (Instagram, TikTok pull) get
 * a URL: a public-bucket URL or a presigned one for S3, or Herald's own /media path for the
 * local-disk store that embedded installs use.
 */
export interface MediaStore {
  readonly kind: 's3' | 'local';
  put(key: string, body: Buffer, mimeType: string): Promise<void>;
  /** Stores a file from disk as a stream: an upload of hundreds of MB never sits in memory. */
  putFile(key: string, file: string, mimeType: string): Promise<void>;
  read(key: string): Promise<Buffer>;
  url(key: string): Promise<string>;
}

type S3Settings = NonNullable<AiConfig['media']['s3']>;

export function s3MediaStore(settings: S3Settings): MediaStore {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.accessKeyId && settings.secretAccessKey && { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }),
  });
  return {
    kind: 's3',
    async put(key, body, mimeType) {
      await client.send(new PutObjectCommand({ Bucket: settings.bucket, Key: key, Body: body, ContentType: mimeType }));
    },
    async putFile(key, file, mimeType) {
      const { size } = await fs.stat(file);
      await client.send(new PutObjectCommand({ Bucket: settings.bucket, Key: key, Body: createReadStream(file), ContentLength: size, ContentType: mimeType }));
    },
    async read(key) {
      const object = await client.send(new GetObjectCommand({ Bucket: settings.bucket, Key: key }));
      return Buffer.from(await object.Body!.transformToByteArray());
    },
    async url(key) {
      if (settings.publicBaseUrl) return `${settings.publicBaseUrl}/${key}`;
      return getSignedUrl(client, new GetObjectCommand({ Bucket: settings.bucket, Key: key }), { expiresIn: settings.presignSeconds });
    },
  };
}

/** Only keys Herald issued (core/media-keys) name a file; anything else is refused rather than resolved. */
function localPath(dir: string, key: string): string {
  if (!isIssuedMediaKey(key)) throw new Error(`"${key}" is not a media key Herald made`);
  return path.join(dir, key);
}

export function localMediaStore(dir: string, publicUrl: string): MediaStore {
  return {
    kind: 'local',
    async put(key, body) {
      const file = localPath(dir, key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, body);
    },
    async putFile(key, source) {
      const file = localPath(dir, key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.copyFile(source, file);
    },
    read: (key) => fs.readFile(localPath(dir, key)),
    url: async (key) => `${publicUrl}/${key}`,
  };
}

const MIME_BY_EXTENSION: Record<string, string> = Object.fromEntries(Object.values(FORMAT_INFO).map((f) => [f.extension, f.mimeType]));

/**
 * Serves the local store under the configured public URL's path (mount it at /media on the API):
 * the unguessable keys are the access control, as with a public bucket.
 */
export function serveLocalMedia(dir: string) {
  return async (req: IncomingMessage, res: ServerResponse, key: string) => {
    try {
      const body = await fs.readFile(localPath(dir, key));
      res.writeHead(200, { 'content-type': MIME_BY_EXTENSION[key.split('.').pop() ?? ''] ?? 'application/octet-stream', 'content-length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('No such media.');
    }
  };
}

export function mediaStoreFrom(config: AiConfig): MediaStore {
  return config.media.s3 ? s3MediaStore(config.media.s3) : localMediaStore(config.media.dir, config.media.publicUrl);
}
