import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { anthropicRoutes } from './anthropic.js';
import { openaiRoutes } from './openai.js';
import { EmulatorState, type Endpoint, type FaultStep, type RecordedCall, type Responder } from './state.js';

/**
 * The LLM and media emulator: one local server speaking the Anthropic Messages API (under
 * /anthropic) and the OpenAI Chat Completions, Images and Audio speech APIs (under /openai/v1),
 * with scriptable faults (429 with retry-after, 529 overloaded, 500, slow answers, malformed
 * model text). Point the real SDKs at `anthropicBaseUrl` and `openaiBaseUrl`.
 */
export interface LlmEmulator {
  url: string;
  anthropicBaseUrl: string;
  openaiBaseUrl: string;
  calls: RecordedCall[];
  script(endpoint: Endpoint, ...steps: FaultStep[]): void;
  reset(): void;
  close(): Promise<void>;
}

export interface LlmEmulatorOptions {
  responder: Responder;
  port?: number;
  /** Shortest prefix (in tokens) the emulated providers cache; Anthropic and OpenAI both start at 1,024. */
  minCacheableTokens?: number;
}

export async function startLlmEmulator(options: LlmEmulatorOptions): Promise<LlmEmulator> {
  const state = new EmulatorState(options.minCacheableTokens ?? 1024);
  const app = express();
  app.use(express.json({ limit: '20mb' }));
  app.use('/anthropic', anthropicRoutes(state, options.responder));
  app.use('/openai', openaiRoutes(state, options.responder));
  // Control surface for tests and the benchmark in other processes; never part of a real provider.
  app.post('/_emulator/script', (req, res) => {
    const { endpoint, steps } = req.body as { endpoint: Endpoint; steps: FaultStep[] };
    state.script(endpoint, steps);
    res.json({ ok: true });
  });
  app.get('/_emulator/calls', (_req, res) => res.json({ calls: state.calls }));
  app.post('/_emulator/reset', (_req, res) => {
    state.reset();
    res.json({ ok: true });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    anthropicBaseUrl: `${url}/anthropic`,
    openaiBaseUrl: `${url}/openai/v1`,
    calls: state.calls,
    script: (endpoint, ...steps) => state.script(endpoint, steps),
    reset: () => state.reset(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
