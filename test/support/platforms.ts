import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { connectSandbox } from '../../activities/platforms/connect.js';
import { createPlatformServices, type PlatformServices } from '../../activities/platforms/services.js';
import { PlatformError, type PlatformErrorKind } from '../../activities/platforms/types.js';
import { loadPlatformConfig, type PlatformConfig } from '../../config/platforms.js';
import type { Platform } from '../../core/platforms.js';
import { openDatabase, type DatabaseHandle } from '../../db/client.js';
import { createUserWithOrg } from '../../db/queries/identity.js';
import { socialAccounts } from '../../db/schema/index.js';
import { startPlatformEmulator, type PlatformEmulator } from '../../emulators/platforms/server.js';
import type { Fault, MetricCurve } from '../../emulators/platforms/state.js';
import { testDatabaseUrl } from './database.js';

/** Test helpers for the platform adapters: a real emulator, real Postgres, real adapters. */

export const TEST_ENCRYPTION_KEYS = `t1:${randomBytes(32).toString('base64')}`;
/** Generous: a 3 MB X upload or a 9 MB LinkedIn video on a loaded 2-core machine must not time out. */
export const TEST_TIMEOUT_MS = 30_000;
/** Only for the tests about timeouts, passed explicitly: a call delayed past it ends quickly as "unconfirmed". */
export const SHORT_TIMEOUT_MS = 1_500;

export interface PlatformHarness {
  emulator: PlatformEmulator;
  database: DatabaseHandle;
  platforms: PlatformServices;
  orgId: string;
  userId: string;
  /** Connects a sandbox account through the emulator's OAuth pages; returns the account id. */
  connect(platform: Platform, account?: string): Promise<string>;
  fault(fault: Fault): Promise<void>;
  revoke(platform: Platform, account: string): Promise<void>;
  nextCurve(platform: Platform, curve: MetricCurve): Promise<void>;
  advanceClock(ms: number): Promise<void>;
  /** Runs `work` with the emulator's clock `ms` ahead, and puts the clock back even if `work` throws. */
  withClockAhead<T>(ms: number, work: () => Promise<T>): Promise<T>;
  /** The emulator's log of accepted posts. */
  posts(platform: Platform): Promise<{ id: string; text: string; mediaCount: number; extra?: Record<string, unknown> }[]>;
  accountRow(accountId: string): Promise<typeof socialAccounts.$inferSelect>;
  media(name: string, bytes?: number): string;
  close(): Promise<void>;
}

async function control(emulator: PlatformEmulator, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${emulator.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`emulator ${path} failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * Starts the emulator and a database pool, creates an org, and builds the platform services the
 * worker and API use, pointed at the emulator. `env` can give a platform "real" credentials whose
 * base URLs are the emulator's, to exercise the real-credential code path.
 */
export async function platformHarness(env: Record<string, string> | ((emulatorUrl: string) => Record<string, string>) = {}): Promise<PlatformHarness> {
  const emulator = await startPlatformEmulator();
  const database = openDatabase(testDatabaseUrl(), 4);
  const config = loadPlatformConfig({
    NODE_ENV: 'test',
    HERALD_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS,
    PLATFORM_EMULATOR_URL: emulator.url,
    PLATFORM_TIMEOUT_MS: String(TEST_TIMEOUT_MS),
    ...(typeof env === 'function' ? env(emulator.url) : env),
  });
  const platforms = createPlatformServices(database.db, config);
  const { user, orgId } = await createUserWithOrg(database.db, { email: `${randomBytes(5).toString('hex')}@example.test`, name: 'Platform Tester', timeZone: 'UTC', role: 'owner' });
  return {
    emulator,
    database,
    platforms,
    orgId,
    userId: user.id,
    async connect(platform, account) {
      const connected = await connectSandbox({ db: database.db, platforms }, { orgId, userId: user.id, platform, account, redirectUri: 'http://127.0.0.1:9/api/v1/oauth/callback' });
      return connected.id;
    },
    fault: async (fault) => void (await control(emulator, 'faults', fault)),
    revoke: async (platform, account) => void (await control(emulator, 'revoke', { platform, account })),
    nextCurve: async (platform, curve) => void (await control(emulator, 'next-curve', { platform, curve })),
    advanceClock: async (ms) => void (await control(emulator, 'clock', { advanceMs: ms })),
    async withClockAhead(ms, work) {
      await control(emulator, 'clock', { advanceMs: ms });
      try {
        return await work();
      } finally {
        await control(emulator, 'clock', { advanceMs: -ms });
      }
    },
    async posts(platform) {
      const res = await fetch(`${emulator.url}/_emulator/posts?platform=${platform}`);
      return ((await res.json()) as { posts: { id: string; text: string; mediaCount: number }[] }).posts;
    },
    async accountRow(accountId) {
      const [row] = await database.db.select().from(socialAccounts).where(eq(socialAccounts.id, accountId));
      return row!;
    },
    media: (name, bytes = 4096) => `${emulator.url}/_emulator/media/${name}?bytes=${bytes}`,
    async close() {
      await emulator.close();
      await database.close();
    },
  };
}

/** The same configuration with extra adapter options for one platform: how tests shrink limits and polling. */
export function withAdapterOptions(config: PlatformConfig, platform: Platform, options: Record<string, string>): PlatformConfig {
  const setup = config.platforms[platform];
  if (!setup) throw new Error(`${platform} is not configured (no emulator?)`);
  const adapter = { ...setup.adapter, options: { ...setup.adapter.options, ...options } };
  return { ...config, platforms: { ...config.platforms, [platform]: { ...setup, adapter } } };
}

/** The same configuration with every platform call timing out after `timeoutMs`: for the tests about timeouts. */
export function withTimeout(config: PlatformConfig, timeoutMs: number): PlatformConfig {
  const platforms = Object.fromEntries(Object.entries(config.platforms).map(([platform, setup]) => [platform, { ...setup, adapter: { ...setup.adapter, timeoutMs } }]));
  return { ...config, platforms };
}

/** Runs `work` and returns the PlatformError it threw (failing the test if it threw something else). */
export async function platformErrorOf(work: () => Promise<unknown>): Promise<PlatformError> {
  try {
    await work();
  } catch (err) {
    if (err instanceof PlatformError) return err;
    throw new Error(`expected a PlatformError, got: ${(err as Error)?.stack ?? String(err)}`);
  }
  throw new Error('expected a PlatformError, but the call succeeded');
}

export function expectKind(err: PlatformError, kind: PlatformErrorKind): PlatformError {
  if (err.kind !== kind) throw new Error(`expected a ${kind} PlatformError, got ${err.kind}: ${err.message}`);
  return err;
}
