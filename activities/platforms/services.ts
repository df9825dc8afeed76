import { loadPlatformConfig, type PlatformConfig } from '../../config/platforms.js';
import type { Database } from '../../db/client.js';
import { postgresCallWindows } from '../../db/call-windows.js';
import { createPlatformRegistry, type PlatformRegistry } from './registry.js';
import { AccountSessions } from './session.js';
import { TokenVault } from './token-vault.js';

/** Everything that talks to the platforms for one process, built once from configuration. */
export interface PlatformServices {
  config: PlatformConfig;
  registry: PlatformRegistry;
  vault: TokenVault;
  sessions: AccountSessions;
}

export function createPlatformServices(db: Database, config: PlatformConfig = loadPlatformConfig()): PlatformServices {
  // Limits Herald counts itself (TikTok's inits) are counted in Postgres, across every worker process.
  const registry = createPlatformRegistry(config, { callWindows: postgresCallWindows(db) });
  const vault = new TokenVault(config.encryptionKeys);
  return { config, registry, vault, sessions: new AccountSessions({ db, vault, registry }) };
}
