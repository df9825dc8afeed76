import fs from 'node:fs';
import type { TLSConfig } from '@temporalio/client';

/** How Herald proves itself to a secured Temporal: mTLS files, an API key, or both. */
export interface TemporalSecurity {
  /** Connect with TLS even without any of the files below (a server certificate the system trusts). */
  tls: boolean;
  certPath?: string;
  keyPath?: string;
  caPath?: string;
  serverName?: string;
  apiKey?: string;
}

export const INSECURE: TemporalSecurity = { tls: false };

/** The options both the client (`Connection`) and the worker (`NativeConnection`) connect with. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

export function temporalConnectionOptions(
  address: string,
  security: TemporalSecurity = INSECURE,
  readFile: (file: string) => Buffer = (file) => fs.readFileSync(file),
): TemporalConnectionOptions {
  const options: TemporalConnectionOptions = { address };
  // An API key travels as a bearer header; sending it in clear text would hand it to anyone on the path.
  const wantsTls = security.tls || !!(security.certPath || security.caPath || security.serverName || security.apiKey);
  if (wantsTls) {
    const tls: TLSConfig = {};
    if (security.serverName) tls.serverNameOverride = security.serverName;
    if (security.caPath) tls.serverRootCACertificate = readFile(security.caPath);
    if (security.certPath && security.keyPath) tls.clientCertPair = { crt: readFile(security.certPath), key: readFile(security.keyPath) };
    options.tls = tls;
  }
  if (security.apiKey) options.apiKey = security.apiKey;
  return options;
}
