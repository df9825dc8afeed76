import fs from 'node:fs/promises';
import path from 'node:path';
import type OpenAI from 'openai';
import type { AiConfig } from '../../config/ai.js';
import { speechCostUsd } from '../../core/ai-prices.js';
import type { AiLedger } from '../usage/ledger.js';
import { ffprobe } from './ffmpeg.js';

/** A voice-over from OpenAI text-to-speech as a WAV file in `dir`; its cost is billed per minute of audio. */
export async function synthesiseVoiceOver(
  deps: { config: AiConfig; ledger: AiLedger; openai: OpenAI },
  request: { orgId: string; text: string; dir: string },
): Promise<{ file: string; seconds: number }> {
  const started = Date.now();
  const response = await deps.openai.audio.speech.create({ model: deps.config.speech.model, voice: deps.config.speech.voice, input: request.text, response_format: 'wav' });
  const file = path.join(request.dir, 'voice-over.wav');
  await fs.writeFile(file, Buffer.from(await response.arrayBuffer()));
  const { durationSeconds } = await ffprobe(deps.config.ffprobePath, file);
  await deps.ledger.recordUsage({
    orgId: request.orgId,
    task: 'media.voice_over',
    kind: 'speech',
    provider: 'openai',
    model: deps.config.speech.model,
    inputTokens: 0,
    units: durationSeconds,
    unitName: 'seconds',
    costUsd: speechCostUsd(deps.config.speech.model, durationSeconds),
    latencyMs: Date.now() - started,
    outcome: 'ok',
  });
  return { file, seconds: durationSeconds };
}
