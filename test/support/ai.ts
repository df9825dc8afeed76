import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadAiConfig, type AiConfig } from '../../config/ai.js';
import type { Database } from '../../db/client.js';
import { brandProfiles, organizations, users } from '../../db/schema/index.js';
import type { AgentProfile } from '../../activities/agents/profile.js';
import { recordedResponder } from '../../emulators/llm/recorded.js';
import { startLlmEmulator, type LlmEmulator, type LlmEmulatorOptions } from '../../emulators/llm/server.js';
import { freePort } from './free-port.js';

/** The LLM emulator answering as hosted models do (emulators/llm/recorded.ts); pass `responder` for another. */
export function startAiEmulator(options: Partial<LlmEmulatorOptions> = {}): Promise<LlmEmulator> {
  return startLlmEmulator({ responder: recordedResponder, ...options });
}

/** Both providers pointed at the emulator, no SDK retries unless a test asks for them. */
export function emulatorConfig(emulator: LlmEmulator, env: Record<string, string> = {}): AiConfig {
  return loadAiConfig({
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_BASE_URL: emulator.anthropicBaseUrl,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: emulator.openaiBaseUrl,
    AI_MAX_RETRIES: '0',
    AI_TIMEOUT_SECONDS: '10',
    ...env,
  });
}

export const bakeryProfile: AgentProfile = {
  businessName: 'Crumb & Co',
  industry: 'Food & Beverage',
  audience: 'busy parents in Leeds',
  brandVoice: 'warm and friendly',
  goals: ['community building', 'sales'],
  platforms: ['instagram', 'facebook', 'x'],
  contentRestrictions: ['Never mention competitors by name', 'avoid "diet"'],
  timeZone: 'Europe/London',
};

export const clinicProfile: AgentProfile = {
  businessName: 'Northside Physio',
  industry: 'Healthcare clinic',
  audience: 'runners recovering from injury',
  brandVoice: 'professional and caring',
  goals: ['lead generation'],
  platforms: ['linkedin', 'instagram', 'x'],
  contentRestrictions: [],
  timeZone: 'Europe/Berlin',
};

export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

/** A real S3-compatible server (moto, from PyPI: pip install 'moto[server]') on a free port. */
export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`moto_server exited (${code}); install it with pip install 'moto[server]'`))),
  );
  exited.catch(() => undefined);
  for (let i = 0; i < 100; i++) {
    const up = await Promise.race([fetch(`${endpoint}/moto-api/`).then((r) => r.ok, () => false), exited]);
    if (up) break;
    if (i === 99) throw new Error(`moto_server did not answer on ${endpoint} within 20 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    endpoint,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** An organisation with one user and a brand profile, as onboarding leaves them. */
export async function seedBrand(db: Database, profile: AgentProfile, plan = 'starter'): Promise<{ orgId: string; userId: string }> {
  const suffix = randomUUID().slice(0, 8);
  const [org] = await db.insert(organizations).values({ name: profile.businessName, slug: `brand-${suffix}`, plan }).returning();
  const [user] = await db.insert(users).values({ email: `owner-${suffix}@example.com`, name: 'Owner', timeZone: profile.timeZone }).returning();
  await db.insert(brandProfiles).values({ orgId: org!.id, userId: user!.id, ...profile });
  return { orgId: org!.id, userId: user!.id };
}
