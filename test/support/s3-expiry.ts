import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * moto accepts any signature, so an expired presigned URL still works there. Real S3 answers a
 * GET past `X-Amz-Date + X-Amz-Expires` with 403 "Request has expired"; this front does the same
 * and passes everything else through to moto unchanged.
 */
export interface S3ExpiryFront {
  endpoint: string;
  close(): Promise<void>;
}

function expiredAt(url: URL): Date | undefined {
  const date = url.searchParams.get('X-Amz-Date');
  const expires = Number(url.searchParams.get('X-Amz-Expires'));
  const m = date?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  if (!m || !Number.isFinite(expires)) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + expires * 1000);
}

const EXPIRED_XML = (at: Date) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired</Message><Expires>${at.toISOString()}</Expires><ServerTime>${new Date().toISOString()}</ServerTime></Error>`;

export async function startS3ExpiryFront(motoEndpoint: string): Promise<S3ExpiryFront> {
  const upstream = new URL(motoEndpoint);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', motoEndpoint);
    const until = expiredAt(url);
    if (until && until.getTime() < Date.now()) {
      res.writeHead(403, { 'content-type': 'application/xml' }).end(EXPIRED_XML(until));
      return;
    }
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
