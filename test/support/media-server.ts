import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny media host for platform tests: small generated files with the right magic bytes and
 * content types, standing in for the public media URLs that platforms fetch or adapters upload.
 *   /image.jpg            a JPEG
 *   /image.png            a PNG (Instagram refuses it)
 *   /video.mp4?bytes=N    an MP4 of N bytes (default 64 KiB)
 *   /missing.jpg          404
 */

export interface MediaServer {
  url: string;
  /** Paths requested so far, e.g. to check the platform fetched the media itself. */
  requests: string[];
  close(): Promise<void>;
}

export function fakeJpeg(size = 2048): Buffer {
  const bytes = Buffer.alloc(size, 0x42);
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  bytes.set([0xff, 0xd9], size - 2);
  return bytes;
}

export function fakeMp4(size = 64 * 1024): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) bytes[i] = (i * 31 + 7) % 251;
  bytes.writeUInt32BE(24, 0);
  bytes.write('ftypisom', 4, 'ascii');
  return bytes;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

export async function startMediaServer(): Promise<MediaServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://media.local');
    requests.push(url.pathname);
    const send = (type: string, body: Buffer) => {
      res.writeHead(200, { 'content-type': type, 'content-length': body.byteLength });
      res.end(body);
    };
    if (url.pathname.endsWith('.jpg') && !url.pathname.includes('missing')) return send('image/jpeg', fakeJpeg());
    if (url.pathname.endsWith('.png')) return send('image/png', PNG);
    if (url.pathname.endsWith('.mp4')) return send('video/mp4', fakeMp4(Number(url.searchParams.get('bytes') ?? 64 * 1024)));
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
