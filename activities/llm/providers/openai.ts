import OpenAI from 'openai';
import type { ProviderSettings } from '../../../config/ai.js';
import { ProviderUnavailableError } from '../errors.js';
import { isUnavailableStatus, type ChatAnswer, type ChatProvider, type ChatRequest } from './types.js';

/** One OpenAI SDK client per settings: used for chat here and for images and speech in media/. */
export function openaiClient(settings: ProviderSettings, options: { maxRetries: number; timeoutMs: number }): OpenAI {
  return new OpenAI({
    apiKey: settings.apiKey ?? 'not-needed-for-a-local-server',
    baseURL: settings.baseUrl,
    maxRetries: options.maxRetries,
    timeout: options.timeoutMs,
  });
}

/**
 * OpenAI Chat Completions, also spoken by Ollama, vLLM and LM Studio. OpenAI caches long prompt
 * prefixes on its own, so the stable instructions come first and unchanged on every call.
 */
export function openaiProvider(settings: ProviderSettings, options: { maxRetries: number; timeoutMs: number }): ChatProvider {
  const client = openaiClient(settings, options);
  return {
    name: 'openai',
    async complete(request: ChatRequest): Promise<ChatAnswer> {
      try {
        const completion = await client.chat.completions.create({
          model: request.model,
          [settings.maxTokensField ?? 'max_completion_tokens']: request.maxOutputTokens,
          response_format: { type: 'json_object' },
          messages: [{ role: 'system', content: `${request.stableSystem}\n\n${request.profileSystem}` }, ...request.messages],
        });
        const usage = completion.usage;
        const cached = usage?.prompt_tokens_details?.cached_tokens ?? 0;
        return {
          text: completion.choices[0]?.message.content ?? '',
          model: completion.model,
          usage: {
            inputTokens: (usage?.prompt_tokens ?? 0) - cached,
            outputTokens: usage?.completion_tokens ?? 0,
            cacheReadTokens: cached,
            cacheWriteTokens: 0,
          },
        };
      } catch (err) {
        if (err instanceof OpenAI.APIError && isUnavailableStatus(err.status)) {
          throw new ProviderUnavailableError('openai', request.model, `OpenAI-compatible server did not answer (${err.status ?? 'no connection'}): ${err.message}`, err.status, { cause: err });
        }
        throw err;
      }
    },
  };
}
