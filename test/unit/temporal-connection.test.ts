import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/env.js';
import { temporalConnectionOptions } from '../../temporal-config/connection.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-tls-'));
const pem = (name: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `-----BEGIN ${name}-----\n`);
  return file;
};
const cert = pem('client.crt');
const key = pem('client.key');
const ca = pem('ca.crt');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const optionsFrom = (env: Record<string, string>) => {
  const config = loadConfig({ TEMPORAL_ADDRESS: 'temporal.example.com:7233', ...env });
  return temporalConnectionOptions(config.temporal.address!, config.temporal.security);
};

describe('connecting to Temporal', () => {
  it('connects in plain text to a local dev server when nothing is set', () => {
    expect(optionsFrom({})).toEqual({ address: 'temporal.example.com:7233' });
  });

  it('connects with mTLS from the certificate, key, CA and server name files', () => {
    const options = optionsFrom({ TEMPORAL_TLS_CERT: cert, TEMPORAL_TLS_KEY: key, TEMPORAL_TLS_CA: ca, TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' });
    expect(options.tls?.serverNameOverride).toBe('temporal.internal');
    expect(Buffer.from(options.tls!.serverRootCACertificate!).toString()).toContain('BEGIN ca.crt');
    expect(Buffer.from(options.tls!.clientCertPair!.crt).toString()).toContain('BEGIN client.crt');
    expect(Buffer.from(options.tls!.clientCertPair!.key).toString()).toContain('BEGIN client.key');
    expect(options.apiKey).toBeUndefined();
  });

  it('sends an API key only over TLS', () => {
    expect(optionsFrom({ TEMPORAL_API_KEY: 'key-123' })).toEqual({ address: 'temporal.example.com:7233', tls: {}, apiKey: 'key-123' });
  });

  it('turns TLS on with TEMPORAL_TLS=1 for a server whose certificate the system trusts', () => {
    expect(optionsFrom({ TEMPORAL_TLS: '1' })).toEqual({ address: 'temporal.example.com:7233', tls: {} });
  });

  it('refuses a certificate without its key, and a file that is not there, naming the variable', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT: cert })).toThrow(/TEMPORAL_TLS_CERT \/ TEMPORAL_TLS_KEY: mTLS needs both/);
    expect(() => loadConfig({ TEMPORAL_TLS_CA: path.join(dir, 'missing.pem') })).toThrow(/TEMPORAL_TLS_CA: no file there/);
  });
});
