import { describe, expect, it } from 'vitest';
import { imageCostUsd, speechCostUsd, tokenCostUsd } from '../../../core/ai-prices.js';

describe('price table', () => {
  it('prices cached Anthropic input at the cache rates', () => {
    // 1M fresh input, 1M output, 1M cache reads, 1M cache writes on Claude Haiku 5.5
    expect(tokenCostUsd('claude-haiku-5-5', { inputTokens: 1e6, outputTokens: 1e6, cacheReadTokens: 1e6, cacheWriteTokens: 1e6 })).toBeCloseTo(0.1 + 0.5 + 0.01 + 0.125, 10);
  });

  it('prices a dated model id as its base model', () => {
    expect(tokenCostUsd('gpt-6-luna-2026-09-22', { inputTokens: 2e6, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 })).toBeCloseTo(0.2, 10);
  });

  it('charges nothing for a local model it does not know (Ollama)', () => {
    expect(tokenCostUsd('llama3.2', { inputTokens: 1e6, outputTokens: 1e6, cacheReadTokens: 0, cacheWriteTokens: 0 })).toBe(0);
  });

  it('prices images by quality and size, and speech by the minute', () => {
    expect(imageCostUsd('gpt-image-1-mini', 'medium', '1024x1024')).toBe(0.011);
    expect(imageCostUsd('gpt-image-1-mini', 'medium', '1024x1536')).toBe(0.015);
    expect(speechCostUsd('gpt-4o-mini-tts', 30)).toBeCloseTo(0.0075, 10);
  });
});
