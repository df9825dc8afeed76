import http from 'node:http';

/** Traversal attempts as a client could send them; `fetch` would normalise the plain `/../` away before sending. */
export const TRAVERSAL_PATHS = ['/media/../../etc/passwd', '/media/..%2f..%2fetc%2fpasswd', '/media/%2e%2e/%2e%2e/etc/passwd', '/media/org1/../../../etc/passwd', '/media/..\\..\\etc\\passwd'];

/** GETs `rawPath` exactly as written (no URL normalisation) and returns the status and body. */
export function rawGet(baseUrl: string, rawPath: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
