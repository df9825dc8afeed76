import Anthropic from '@anthropic-ai/sdk';
import type { ProviderSettings } from '../../../config/ai.js';
import { ProviderUnavailableError } from '../errors.js';
import { isUnavailableStatus, type ChatAnswer, type ChatProvider, type ChatRequest } from './types.js';

/**
 * Anthropic Messages API. Both system blocks carry cache_control, so the task instructions and the
 * brand profile are written to the prompt cache once and read at a tenth of the price afterwards.
 * No sampling parameters are sent: current Claude models reject non-default temperature.
 */
export function anthropicProvider(settings: ProviderSettings, options: { maxRetries: number; timeoutMs: number }): ChatProvider {
  const client = new Anthropic({
    apiKey: settings.apiKey ?? 'not-needed-for-a-local-server',
    baseURL: settings.baseUrl,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
  });
  return {
    name: 'anthropic',
    async complete(request: ChatRequest): Promise<ChatAnswer> {
      try {
        const message = await client.messages.create({
          model: request.model,
          max_tokens: request.maxOutputTokens,
          system: [
            { type: 'text', text: request.stableSystem, cache_control: { type: 'ephemeral' } },
            { type: 'text', text: request.profileSystem, cache_control: { type: 'ephemeral' } },
          ],
          messages: request.messages,
        });
        const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
        return {
          text,
          model: message.model,
          usage: {
            inputTokens: message.usage.input_tokens,
            outputTokens: message.usage.output_tokens,
            cacheReadTokens: message.usage.cache_read_input_tokens ?? 0,
            cacheWriteTokens: message.usage.cache_creation_input_tokens ?? 0,
          },
        };
      } catch (err) {
        if (err instanceof Anthropic.APIError && isUnavailableStatus(err.status)) {
          throw new ProviderUnavailableError('anthropic', request.model, `Anthropic did not answer (${err.status ?? 'no connection'}): ${err.message}`, err.status, { cause: err });
        }
        throw err;
      }
    },
  };
}
