import { describe, expect, it } from 'vitest';
import { loadAiConfig } from '../../../config/ai.js';
import { ConfigError } from '../../../config/env.js';
import { dailyPlanTask } from '../../../activities/agents/strategy/tasks.js';
import { createGateway, routeFor } from '../../../activities/llm/gateway.js';
import { memoryLedger } from '../../../activities/usage/memory-ledger.js';
import { bakeryProfile, emulatorConfig, startAiEmulator } from '../../support/ai.js';

describe('AI configuration', () => {
  it('names a malformed per-task route and shows the expected shape', () => {
    expect(() => loadAiConfig({ AI_TASK_ROUTES: 'content.post=gpt-6-luna' })).toThrow(ConfigError);
    expect(() => loadAiConfig({ AI_TASK_ROUTES: 'content.post=gpt-6-luna' })).toThrow(/AI_TASK_ROUTES.*provider:model/s);
  });

  it('routes through configured providers only, in the configured order', () => {
    const config = loadAiConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1', AI_OPENAI_MODEL_FAST: 'llama3.2', AI_PROVIDER_ORDER: 'anthropic,openai' });
    expect(routeFor(config, 'content.post', 'fast', 'normal')).toEqual([{ provider: 'openai', model: 'llama3.2' }]);
  });

  it('uses every provider\'s economy model once the budget reaches 90%, overriding task routes', () => {
    const config = loadAiConfig({ ANTHROPIC_API_KEY: 'k', OPENAI_API_KEY: 'k', AI_TASK_ROUTES: 'content.post=anthropic:claude-sonnet-5-5' });
    expect(routeFor(config, 'content.post', 'fast', 'normal')).toEqual([{ provider: 'anthropic', model: 'claude-sonnet-5-5' }]);
    expect(routeFor(config, 'content.post', 'fast', 'economy')).toEqual([
      { provider: 'anthropic', model: 'claude-haiku-5-5' },
      { provider: 'openai', model: 'gpt-6-luna' },
    ]);
  });

  it('keeps media on local disk under the data directory unless S3 is configured', () => {
    expect(loadAiConfig({ HERALD_DATA_DIR: '/var/herald' }).media).toMatchObject({ dir: '/var/herald/media', publicUrl: 'http://localhost:3000/media', s3: undefined });
    expect(loadAiConfig({ S3_BUCKET: 'media', S3_ENDPOINT: 'http://minio:9000' }).media.s3).toMatchObject({ bucket: 'media', forcePathStyle: true });
  });
});

describe('OpenAI-compatible servers', () => {
  it('get the output limit in max_tokens when configured for a local server', async () => {
    const emulator = await startAiEmulator();
    try {
      const config = emulatorConfig(emulator, { AI_PROVIDER_ORDER: 'openai', OPENAI_MAX_TOKENS_FIELD: 'max_tokens', AI_OPENAI_MODEL_FAST: 'llama3.2' });
      const result = await createGateway(config, memoryLedger()).run(dailyPlanTask, 'org', { profile: bakeryProfile, date: '2026-11-23', postsPerDay: 2 });
      expect(result).toMatchObject({ provider: 'openai', model: 'llama3.2' });
      expect(emulator.calls[0]!.body).toMatchObject({ max_tokens: 900 });
      expect(emulator.calls[0]!.body).not.toHaveProperty('max_completion_tokens');
    } finally {
      await emulator.close();
    }
  });
});
