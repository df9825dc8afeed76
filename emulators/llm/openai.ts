import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { applyFault } from './faults.js';
import { promptPng, speechWav } from './media.js';
import { readPrompt, tokensOf, type EmulatorState, type Responder } from './state.js';

interface ChatBody {
  model: string;
  max_completion_tokens?: number;
  max_tokens?: number;
  messages: { role: string; content: string }[];
}

const errorBody = (status: number) => ({
  error: { message: `Emulated ${status}`, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', code: status === 429 ? 'rate_limit_exceeded' : null },
});

/** OpenAI Chat Completions, Images and Audio speech, as the openai SDK and compatible servers speak them. */
export function openaiRoutes(state: EmulatorState, responder: Responder): Router {
  const router = express.Router();

  router.post('/v1/chat/completions', async (req, res) => {
    const body = req.body as ChatBody;
    const system = body.messages.find((m) => m.role === 'system')?.content ?? '';
    const prompt = readPrompt(system, body.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n'));
    const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? 4096;
    const call = { endpoint: 'openai' as const, model: body.model, task: prompt.task, maxTokens, body: req.body };
    const fault = await applyFault(state, 'openai', res, call, errorBody);
    if (fault.answered) return;
    const text = fault.text ?? responder({ ...prompt, repair: body.messages.filter((m) => m.role === 'user').length > 1 });
    const promptTokens = body.messages.reduce((n, m) => n + tokensOf(m.content), 0);
    // OpenAI caches prompts of 1,024+ tokens automatically; the system message is the stable prefix.
    const systemTokens = tokensOf(system);
    const cached = systemTokens >= state.minCacheableTokens && state.cachePrefix(`${body.model}\u0000${system}`) ? systemTokens : 0;
    const usage = { inputTokens: promptTokens - cached, outputTokens: Math.min(tokensOf(text), maxTokens), cacheReadTokens: cached, cacheWriteTokens: 0 };
    state.calls.push({ ...call, status: 200, usage });
    res.json({
      id: `chatcmpl-${randomUUID()}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: usage.outputTokens,
        total_tokens: promptTokens + usage.outputTokens,
        prompt_tokens_details: { cached_tokens: cached },
      },
    });
  });

  router.post('/v1/images/generations', async (req, res) => {
    const body = req.body as { model: string; prompt: string; size?: string; n?: number };
    const call = { endpoint: 'images' as const, model: body.model, body: req.body };
    const fault = await applyFault(state, 'images', res, call, errorBody);
    if (fault.answered) return;
    const [width, height] = (body.size && body.size !== 'auto' ? body.size : '1024x1024').split('x').map(Number) as [number, number];
    const images = Array.from({ length: body.n ?? 1 }, (_, i) => ({ b64_json: promptPng(`${body.prompt}#${i}`, width, height).toString('base64') }));
    const inputTokens = tokensOf(body.prompt);
    state.calls.push({ ...call, status: 200, usage: { inputTokens, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 } });
    res.json({ created: Math.floor(Date.now() / 1000), data: images, usage: { input_tokens: inputTokens, output_tokens: 0, total_tokens: inputTokens, input_tokens_details: { text_tokens: inputTokens, image_tokens: 0 } } });
  });

  router.post('/v1/audio/speech', async (req, res) => {
    const body = req.body as { model: string; input: string; voice: string };
    const call = { endpoint: 'speech' as const, model: body.model, body: req.body };
    const fault = await applyFault(state, 'speech', res, call, errorBody);
    if (fault.answered) return;
    const audio = speechWav(body.input);
    state.calls.push({ ...call, status: 200 });
    res.type('audio/wav').send(audio.bytes);
  });

  return router;
}
