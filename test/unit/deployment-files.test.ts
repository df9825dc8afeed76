import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * What the shipped Dockerfile and docker-compose.yml expose, read from the files themselves: they
 * run in production mode, never turn the dev routes on, and publish Temporal (gRPC 7233 has no
 * authentication; its Web UI lets anyone terminate runs) to no other machine.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The file without its comments: a comment may name what the file must not set. */
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n').filter((line) => !/^\s*#/.test(line)).join('\n');

/** Every published port mapping ("host:container" or "ip:host:container") under a ports: key. */
function publishedPorts(compose: string): { ip?: string; host: string; container: string; line: string }[] {
  const found: { ip?: string; host: string; container: string; line: string }[] = [];
  let inPorts = false;
  for (const line of compose.split('\n')) {
    if (/^\s*ports:\s*$/.test(line)) inPorts = true;
    else if (inPorts && !/^\s*-\s/.test(line) && line.trim() !== '') inPorts = false;
    if (!inPorts) continue;
    const mapping = /^\s*-\s*["']?(?:([\d.]+|\[[\d:a-f]+\]):)?(\d+):(\d+)(?:\/\w+)?["']?\s*$/.exec(line);
    if (mapping) found.push({ ip: mapping[1], host: mapping[2]!, container: mapping[3]!, line: line.trim() });
  }
  return found;
}

describe('the deployment files', () => {
  it('run the Docker image in production mode, where the dev routes cannot be turned on', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production$/m);
    expect(dockerfile).not.toContain('HERALD_DEV_ROUTES');
    const compose = read('docker-compose.yml');
    expect(compose).toMatch(/^\s*NODE_ENV: production$/m);
    expect(compose).not.toContain('HERALD_DEV_ROUTES');
  });

  it('publish Temporal\'s gRPC port nowhere and its Web UI on localhost only', () => {
    const ports = publishedPorts(read('docker-compose.yml'));
    expect(ports.length).toBeGreaterThan(0);
    const grpc = ports.filter((p) => p.container === '7233' || p.host === '7233');
    expect(grpc.map((p) => p.line)).toEqual([]);
    const ui = ports.filter((p) => p.container === '8080' || p.container === '8233' || p.host === '8233');
    expect(ui.length).toBeGreaterThan(0);
    for (const p of ui) expect(p.ip, p.line).toBe('127.0.0.1');
  });
});
