import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Router } from 'express';
import { isPlatform, type Platform } from '../../core/platforms.js';
import { EmulatorState, type Fault, type MetricCurve } from './state.js';

/**
 * The platform emulator: one local HTTP server speaking each platform's wire format, used by
 * tests and by sandbox mode. Each platform module registers its routes under its own prefix
 * (`/x`, `/linkedin`, `/facebook`, `/instagram`, `/tiktok`, `/youtube`), so an adapter's base URL
 * is `${emulator.url}/<platform>`.
 */
export type PlatformRoutes = (state: EmulatorState, baseUrl: () => string) => Router;

const registry = new Map<Platform, PlatformRoutes>();

/** Called by each platform's emulator module at import time. */
export function registerPlatformRoutes(platform: Platform, routes: PlatformRoutes): void {
  registry.set(platform, routes);
}

export interface PlatformEmulator {
  url: string;
  state: EmulatorState;
  close(): Promise<void>;
}

export function createEmulatorApp(state: EmulatorState, baseUrl: () => string): express.Express {
  const app = express();
  app.use(express.json({ limit: '50mb' }));
  app.use(express.urlencoded({ extended: false }));

  // Control surface for tests and the sandbox; never part of a real platform.
  app.post('/_emulator/reset', (_req, res) => {
    state.reset();
    res.json({ ok: true });
  });
  app.post('/_emulator/faults', (req, res) => {
    const fault = req.body as Fault;
    if (!isPlatform(String(fault.platform))) {
      res.status(400).json({ error: `unknown platform ${String(fault.platform)}` });
      return;
    }
    state.addFault(fault);
    res.json({ ok: true });
  });
  app.post('/_emulator/clock', (req, res) => {
    state.clockOffsetMs += Number(req.body?.advanceMs ?? 0);
    res.json({ now: new Date(state.now()).toISOString() });
  });
  app.post('/_emulator/next-curve', (req, res) => {
    const { platform, curve } = req.body as { platform: Platform; curve: MetricCurve };
    state.nextCurve.set(platform, curve);
    res.json({ ok: true });
  });
  app.post('/_emulator/revoke', (req, res) => {
    const { platform, account } = req.body as { platform: string; account: string };
    if (!isPlatform(String(platform))) {
      res.status(400).json({ error: `unknown platform ${String(platform)}` });
      return;
    }
    res.json({ revoked: state.revokeAccount(platform as Platform, String(account)) });
  });
  // Deterministic media files for adapters to download and upload (X, LinkedIn) or hand over by URL.
  app.get('/_emulator/media/:name', (req, res) => {
    const name = String(req.params.name);
    const size = Math.min(Number(req.query.bytes ?? 4096) || 4096, 50 * 1024 * 1024);
    const type = name.endsWith('.mp4') ? 'video/mp4' : name.endsWith('.png') ? 'image/png' : 'image/jpeg';
    const bytes = Buffer.alloc(size);
    for (let i = 0; i < size; i += 1) bytes[i] = (i * 31 + name.length) & 0xff;
    // An MP4 starts with its ftyp box; the platforms that inspect videos look for it.
    if (type === 'video/mp4' && size >= 12) bytes.write('ftypisom', 4, 'ascii');
    res.type(type).send(bytes);
  });
  app.get('/_emulator/posts', (req, res) => {
    const platform = req.query.platform;
    res.json({ posts: typeof platform === 'string' && isPlatform(platform) ? state.postsOn(platform) : state.posts });
  });

  for (const [platform, routes] of registry) app.use(`/${platform}`, routes(state, () => `${baseUrl()}/${platform}`));
  return app;
}

export async function startPlatformEmulator(options: { port?: number; host?: string } = {}): Promise<PlatformEmulator> {
  await import('./all.js');
  const state = new EmulatorState();
  let url = '';
  const app = createEmulatorApp(state, () => url);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
  url = `http://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    state,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
