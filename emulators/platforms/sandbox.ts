import type { Logger } from 'pino';
import { platformsWithoutCredentials, platformEnvSchema } from '../../config/platforms.js';
import { startPlatformEmulator, type PlatformEmulator } from './server.js';

/**
 * Sandbox mode for `npm start`: when any platform lacks app credentials, the platform emulator
 * runs on a fixed port and its URL goes to the API and worker, so connect -> publish -> metrics
 * works offline. A PLATFORM_EMULATOR_URL set by hand is used as is.
 */
export interface Sandbox {
  /** Variables to hand the child processes. */
  env: Record<string, string>;
  /** One line for the start-up summary, or nothing when no platform runs in sandbox mode. */
  summary: string[];
  emulator?: PlatformEmulator;
}

export async function startSandbox(log: Logger, source: NodeJS.ProcessEnv = process.env): Promise<Sandbox> {
  const missing = platformsWithoutCredentials(source);
  if (missing.length === 0) return { env: {}, summary: [] };
  const preset = source.PLATFORM_EMULATOR_URL;
  if (preset) return { env: { PLATFORM_EMULATOR_URL: preset }, summary: [`  Sandbox:     ${missing.join(', ')} via ${preset}`] };
  const port = platformEnvSchema.shape.PLATFORM_EMULATOR_PORT.parse(source.PLATFORM_EMULATOR_PORT || undefined);
  const emulator = await startPlatformEmulator({ port }).catch((err: Error) => {
    throw new Error(`Could not start the platform emulator on port ${port} (${err.message}); set PLATFORM_EMULATOR_PORT to a free port.`);
  });
  log.info({ url: emulator.url, platforms: missing }, 'platform emulator started: these platforms run in sandbox mode');
  return { env: { PLATFORM_EMULATOR_URL: emulator.url }, summary: [`  Sandbox:     ${missing.join(', ')} (no credentials) -> emulator ${emulator.url}`], emulator };
}
