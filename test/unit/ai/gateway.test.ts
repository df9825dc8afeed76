import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writePostTask } from '../../../activities/agents/content/tasks.js';
import { postContentSchema } from '../../../activities/agents/content/schemas.js';
import { createGateway } from '../../../activities/llm/gateway.js';
import { LlmOutputInvalidError } from '../../../activities/llm/errors.js';
import { memoryLedger } from '../../../activities/usage/memory-ledger.js';
import { loadAiConfig } from '../../../config/ai.js';
import type { LlmEmulator } from '../../../emulators/llm/server.js';
import { bakeryProfile, emulatorConfig, startAiEmulator } from '../../support/ai.js';

const ORG = 'org-gateway';
const postInput = {
  profile: bakeryProfile,
  platforms: bakeryProfile.platforms,
  post: { topic: 'Sourdough Saturday', brief: 'Our weekend sourdough is back. Fresh loaves from 8am at the Kirkgate stall.', contentType: 'product' },
  abVariant: false,
};

let emulator: LlmEmulator;
beforeAll(async () => {
  emulator = await startAiEmulator();
});
afterAll(() => emulator?.close());
beforeEach(() => emulator.reset());

describe('LLM gateway', () => {
  it('returns content from the first provider in the fallback order, with its prompt version', async () => {
    const ledger = memoryLedger();
    const result = await createGateway(emulatorConfig(emulator), ledger).run(writePostTask, ORG, postInput);
    expect(result).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-5-5', offlineWritten: false, promptVersion: 'content.post@v2' });
    expect(postContentSchema.parse(result.output).variants.map((v) => v.platform).sort()).toEqual(['facebook', 'instagram', 'x']);
    expect(ledger.outputs[0]).toMatchObject({ id: result.outputId, promptVersion: 'content.post@v2' });
  });

  it('repairs malformed model JSON with one more call and keeps the repaired answer', async () => {
    emulator.script('anthropic', { kind: 'text', text: 'Sure! Here is your post: {"variants": [' });
    const ledger = memoryLedger();
    const result = await createGateway(emulatorConfig(emulator), ledger).run(writePostTask, ORG, postInput);
    expect(result.offlineWritten).toBe(false);
    expect(ledger.usage.map((u) => u.outcome)).toEqual(['invalid_output', 'ok']);
    const repairCall = emulator.calls[1]!.body as { messages: { role: string; content: string }[] };
    expect(repairCall.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(repairCall.messages[2]!.content).toContain('could not be used');
  });

  it('fails with a typed error when the repair is unusable too', async () => {
    emulator.script('anthropic', { kind: 'text', text: 'not json' }, { kind: 'text', text: '{"variants": []}' });
    const run = createGateway(emulatorConfig(emulator), memoryLedger()).run(writePostTask, ORG, postInput);
    await expect(run).rejects.toBeInstanceOf(LlmOutputInvalidError);
    await expect(run).rejects.toMatchObject({ type: 'LlmOutputInvalid', task: 'content.post' });
  });

  it('treats copy that breaks a platform rule as unusable and asks for a repair', async () => {
    const tooLong = writePostTask.offline(postInput);
    tooLong.variants = tooLong.variants.map((v) => (v.platform === 'x' ? { ...v, text: 'Sourdough '.repeat(40) } : v));
    emulator.script('anthropic', { kind: 'text', text: JSON.stringify(tooLong) });
    const ledger = memoryLedger();
    const result = await createGateway(emulatorConfig(emulator), ledger).run(writePostTask, ORG, postInput);
    const repairCall = emulator.calls[1]!.body as { messages: { content: string }[] };
    expect(repairCall.messages[2]!.content).toMatch(/x: X allows 280/);
    expect(result.output.variants.find((v) => v.platform === 'x')!.text.length).toBeLessThanOrEqual(280);
  });

  it('falls back to the second provider when the first is overloaded', async () => {
    emulator.script('anthropic', { kind: 'status', status: 529 });
    const ledger = memoryLedger();
    const result = await createGateway(emulatorConfig(emulator), ledger).run(writePostTask, ORG, postInput);
    expect(result).toMatchObject({ provider: 'openai', model: 'gpt-6-luna', offlineWritten: false });
    expect(ledger.usage.map((u) => [u.provider, u.outcome])).toEqual([['anthropic', 'unavailable'], ['openai', 'ok']]);
  });

  it('waits out a 429 with retry-after and answers from the same provider', async () => {
    emulator.script('anthropic', { kind: 'status', status: 429, retryAfterMs: 50 });
    const result = await createGateway(emulatorConfig(emulator, { AI_MAX_RETRIES: '1' }), memoryLedger()).run(writePostTask, ORG, postInput);
    expect(result.provider).toBe('anthropic');
    expect(emulator.calls.map((c) => c.status)).toEqual([429, 200]);
  });

  it('writes offline, marked as such, when no provider answers', async () => {
    emulator.script('anthropic', { kind: 'status', status: 500 });
    emulator.script('openai', { kind: 'status', status: 503 });
    const ledger = memoryLedger();
    const result = await createGateway(emulatorConfig(emulator), ledger).run(writePostTask, ORG, postInput);
    expect(result).toMatchObject({ provider: 'offline', offlineWritten: true });
    expect(ledger.outputs[0]!.offlineWritten).toBe(true);
    expect(result.output.variants).toHaveLength(3);
  });

  it('writes offline when no provider is configured at all', async () => {
    const ledger = memoryLedger();
    const result = await createGateway(loadAiConfig({}), ledger).run(writePostTask, ORG, postInput);
    expect(result.offlineWritten).toBe(true);
    expect(ledger.usage).toEqual([]);
    expect(emulator.calls).toEqual([]);
  });

  it('gives up on a provider that answers too slowly and uses the next one', async () => {
    emulator.script('anthropic', { kind: 'delay', ms: 1500 });
    const result = await createGateway(emulatorConfig(emulator, { AI_TIMEOUT_SECONDS: '1' }), memoryLedger()).run(writePostTask, ORG, postInput);
    expect(result.provider).toBe('openai');
  });

  it('follows a per-task route from configuration', async () => {
    const config = emulatorConfig(emulator, { AI_TASK_ROUTES: 'content.post=openai:gpt-5.4-mini,anthropic:claude-sonnet-5-5' });
    const result = await createGateway(config, memoryLedger()).run(writePostTask, ORG, postInput);
    expect(result).toMatchObject({ provider: 'openai', model: 'gpt-5.4-mini' });
  });

  it('marks the stable system prompt and the profile for Anthropic prompt caching and reads them from cache next time', async () => {
    // Real models cache prefixes of 1,024+ tokens; a lower floor lets the short test prompt qualify.
    const caching = await startAiEmulator({ minCacheableTokens: 100 });
    try {
      const gateway = createGateway(emulatorConfig(caching), memoryLedger());
      await gateway.run(writePostTask, ORG, postInput);
      await gateway.run(writePostTask, ORG, postInput);
      const [first, second] = caching.calls;
      expect(first!.cacheControlBlocks).toBe(2);
      expect(first!.usage!.cacheWriteTokens).toBeGreaterThan(0);
      expect(second!.usage).toMatchObject({ cacheReadTokens: first!.usage!.cacheWriteTokens, cacheWriteTokens: 0 });
    } finally {
      await caching.close();
    }
  });
});
