import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { tokensOf, readPrompt, type EmulatorState, type Responder } from './state.js';
import { applyFault } from './faults.js';

interface SystemBlock {
  type: 'text';
  text: string;
  cache_control?: { type: 'ephemeral' };
}

interface MessagesBody {
  model: string;
  max_tokens: number;
  system?: string | SystemBlock[];
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
}

const textOf = (content: MessagesBody['messages'][number]['content']) =>
  typeof content === 'string' ? content : content.map((c) => c.text ?? '').join('');

/**
 * Prompt caching as Anthropic bills it: the longest already-cached prefix ending at a cache_control
 * breakpoint is read, later breakpoints are written, the rest is plain input. Prefixes shorter than
 * the model's minimum are never cached.
 */
function cacheUsage(state: EmulatorState, model: string, blocks: SystemBlock[]) {
  let prefix = '';
  let read = 0;
  let written = 0;
  for (const block of blocks) {
    prefix += block.text;
    if (!block.cache_control || tokensOf(prefix) < state.minCacheableTokens) continue;
    const cachedBefore = read + written;
    if (state.cachePrefix(`${model}\u0000${prefix}`)) read = tokensOf(prefix);
    else written += tokensOf(prefix) - cachedBefore;
  }
  return { read, written };
}

export function anthropicRoutes(state: EmulatorState, responder: Responder): Router {
  const router = express.Router();
  router.post('/v1/messages', async (req, res) => {
    const body = req.body as MessagesBody;
    const blocks: SystemBlock[] = typeof body.system === 'string' ? [{ type: 'text', text: body.system }] : (body.system ?? []);
    const system = blocks.map((b) => b.text).join('');
    const prompt = readPrompt(system, body.messages.map((m) => textOf(m.content)).join('\n'));
    const call = { endpoint: 'anthropic' as const, model: body.model, task: prompt.task, maxTokens: body.max_tokens, cacheControlBlocks: blocks.filter((b) => b.cache_control).length, body: req.body };
    const fault = await applyFault(state, 'anthropic', res, call, (status) => ({
      type: 'error',
      error: { type: status === 529 ? 'overloaded_error' : status === 429 ? 'rate_limit_error' : 'api_error', message: status === 529 ? 'Overloaded' : `Emulated ${status}` },
    }));
    if (fault.answered) return;
    const text = fault.text ?? responder({ ...prompt, repair: body.messages.length > 1 });
    const totalInput = tokensOf(system) + body.messages.reduce((n, m) => n + tokensOf(textOf(m.content)), 0);
    const cache = cacheUsage(state, body.model, blocks);
    const usage = { inputTokens: totalInput - cache.read - cache.written, outputTokens: Math.min(tokensOf(text), body.max_tokens), cacheReadTokens: cache.read, cacheWriteTokens: cache.written };
    state.calls.push({ ...call, status: 200, usage });
    res.json({
      id: `msg_${randomUUID().replace(/-/g, '')}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [{ type: 'text', text }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: usage.inputTokens,
        output_tokens: usage.outputTokens,
        cache_creation_input_tokens: usage.cacheWriteTokens,
        cache_read_input_tokens: usage.cacheReadTokens,
      },
    });
  });
  return router;
}
