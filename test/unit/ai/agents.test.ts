import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeEmergencyTask } from '../../../activities/agents/content/tasks.js';
import type { AgentProfile } from '../../../activities/agents/profile.js';
import { ALL_TASKS } from '../../../activities/agents/tasks.js';
import { createGateway } from '../../../activities/llm/gateway.js';
import type { TaskInput } from '../../../activities/llm/task.js';
import { memoryLedger } from '../../../activities/usage/memory-ledger.js';
import { summarisePerformance } from '../../../core/performance.js';
import { PLATFORMS } from '../../../core/platforms.js';
import type { LlmEmulator } from '../../../emulators/llm/server.js';
import { bakeryProfile, clinicProfile, emulatorConfig, startAiEmulator } from '../../support/ai.js';

const everywhere: AgentProfile = {
  businessName: 'Ledgerly',
  industry: 'Financial services software',
  audience: 'freelancers who do their own bookkeeping',
  brandVoice: 'clear and authoritative',
  goals: ['lead generation', 'thought leadership'],
  platforms: [...PLATFORMS],
  contentRestrictions: ['Never mention competitors'],
  timeZone: 'America/New_York',
};

const performance = summarisePerformance(
  [
    { platform: 'instagram', contentType: 'educational', publishedAt: '2026-11-16T17:00:00Z', hashtags: ['Tips'], impressions: 900, engagements: 45 },
    { platform: 'x', contentType: 'product', publishedAt: '2026-11-17T08:00:00Z', hashtags: ['News'], impressions: 400, engagements: 4 },
  ],
  'Europe/London',
);

/** A realistic input for every task, for a given brand. */
function inputFor(task: string, profile: AgentProfile): TaskInput {
  const post = { topic: 'Year-end checklist', brief: 'Three things to sort before the year closes. Each takes ten minutes and saves a headache in January.', contentType: 'educational' };
  const posts = profile.platforms.map((platform, i) => ({ ref: `t${i}`, platform, plannedAt: '2026-11-24T12:00:00Z', text: 'Three things to sort before the year closes.', hashtags: ['YearEnd'] }));
  const inputs: Record<string, object> = {
    'intelligence.brief': { date: '2026-11-23', performance, competitors: ['Acme'] },
    'strategy.themes': { month: '2026-12' },
    'strategy.weekly': { weekStart: '2026-11-23', postsPerDay: 3 },
    'strategy.daily': { date: '2026-11-23', postsPerDay: 3 },
    'content.post': { platforms: profile.platforms, post, abVariant: true },
    'content.replacement': { platforms: profile.platforms, post, abVariant: false, rejection: { reason: 'Too salesy', previousText: 'Buy now!' } },
    'content.emergency': { platforms: profile.platforms, post, abVariant: false, rejection: { reason: 'Wrong date', previousText: 'See you Friday.' } },
    'content.adapt': { platforms: profile.platforms, text: `${post.brief} ${post.brief} Book a call with our team.`, hashtags: ['YearEnd', 'Checklist', 'SmallBusiness', 'Tips', 'January', 'Planning'] },
    'optimise.schedule': { posts, performance },
    'learning.weekly': { weekStart: '2026-11-16', performance },
  };
  return { profile, ...inputs[task] } as TaskInput;
}

let emulator: LlmEmulator;
beforeAll(async () => {
  emulator = await startAiEmulator();
});
afterAll(() => emulator?.close());
beforeEach(() => emulator.reset());

describe.each([
  ['a bakery on three platforms', bakeryProfile],
  ['a regulated clinic', clinicProfile],
  ['a finance brand on all six platforms', everywhere],
])('every agent task for %s', (_label, profile) => {
  it.each(ALL_TASKS.map((t) => [t.name, t] as const))('%s: the offline writer output parses and passes every check', (_name, task) => {
    const input = inputFor(task.name, profile);
    const output = task.offline(input);
    expect(task.schema.safeParse(output).success).toBe(true);
    expect(task.check(output, input)).toEqual([]);
  });

  it.each(ALL_TASKS.map((t) => [t.name, t] as const))('%s: the provider answer is accepted as valid', async (_name, task) => {
    const result = await createGateway(emulatorConfig(emulator), memoryLedger()).run(task, 'org', inputFor(task.name, profile));
    expect(result.offlineWritten).toBe(false);
    expect(task.schema.safeParse(result.output).success).toBe(true);
  });
});

describe('emergency replacement', () => {
  it('is one short call, and an unusable answer goes straight to the offline writer', async () => {
    emulator.script('anthropic', { kind: 'text', text: 'Sorry, I cannot help with that.' });
    const result = await createGateway(emulatorConfig(emulator), memoryLedger()).run(writeEmergencyTask, 'org', inputFor('content.emergency', bakeryProfile) as never);
    expect(emulator.calls).toHaveLength(1);
    expect(emulator.calls[0]!.maxTokens).toBe(500);
    expect(result).toMatchObject({ offlineWritten: true });
  });
});
