import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import type { AiConfig } from '../../config/ai.js';
import { imageCostUsd } from '../../core/ai-prices.js';
import { ASPECT_RECIPES, type Aspect } from '../../core/media-aspects.js';
import { AiBudgetExhaustedError } from '../llm/errors.js';
import type { AiLedger } from '../usage/ledger.js';
import { ffmpeg } from './ffmpeg.js';

export interface ImageDeps {
  config: AiConfig;
  ledger: AiLedger;
  /** Undefined when no OpenAI-compatible image provider is configured: images become offline title cards. */
  openai: OpenAI | undefined;
}

export interface RenderedImage {
  file: string;
  width: number;
  height: number;
  offlineMade: boolean;
}

/** Economy mode (90% of budget) renders at the cheapest quality. */
async function qualityFor(deps: ImageDeps, orgId: string) {
  const budget = await deps.ledger.budget(orgId);
  if (budget.level === 'exhausted') throw new AiBudgetExhaustedError(orgId, budget.reason!);
  return budget.level === 'economy' ? 'low' : deps.config.image.quality;
}

async function generate(deps: ImageDeps & { openai: OpenAI }, orgId: string, task: string, prompt: string, aspect: Aspect, target: string) {
  const recipe = ASPECT_RECIPES[aspect];
  const quality = await qualityFor(deps, orgId);
  const started = Date.now();
  const response = await deps.openai.images.generate({ model: deps.config.image.model, prompt, size: recipe.generate, quality, n: 1, output_format: 'png' });
  const b64 = response.data?.[0]?.b64_json;
  if (!b64) throw new Error(`The image provider returned no image for "${prompt.slice(0, 60)}"`);
  await deps.ledger.recordUsage({
    orgId,
    task,
    kind: 'image',
    provider: 'openai',
    model: deps.config.image.model,
    inputTokens: response.usage?.input_tokens ?? 0,
    outputTokens: response.usage?.output_tokens ?? 0,
    units: 1,
    unitName: 'images',
    costUsd: imageCostUsd(deps.config.image.model, quality, recipe.generate),
    latencyMs: Date.now() - started,
    outcome: 'ok',
  });
  const source = `${target}.png`;
  await fs.writeFile(source, Buffer.from(b64, 'base64'));
  const { width, height } = recipe;
  await ffmpeg(deps.config.ffmpegPath, ['-i', source, '-vf', `scale=${width}:${height}:force_original_aspect_ratio=increase,crop=${width}:${height}`, '-q:v', '3', target]);
}

/** Without an image provider: a brand-coloured card with the headline, so a post still has its visual. */
async function titleCard(config: AiConfig, headline: string, aspect: Aspect, target: string) {
  const { width, height } = ASPECT_RECIPES[aspect];
  const textFile = `${target}.txt`;
  await fs.writeFile(textFile, wrapLines(headline, Math.max(16, Math.floor(width / 40))));
  const draw = `drawtext=fontfile=${config.captionFont}:textfile=${textFile}:fontcolor=white:fontsize=${Math.round(width / 18)}:line_spacing=12:x=(w-text_w)/2:y=(h-text_h)/2`;
  await ffmpeg(config.ffmpegPath, ['-f', 'lavfi', '-i', `color=c=0x1f3a5f:s=${width}x${height}`, '-frames:v', '1', '-vf', draw, '-q:v', '3', target]);
}

/** Breaks text into lines of at most `width` characters for drawtext, which does not wrap. */
export function wrapLines(text: string, width: number, maxLines = 6): string {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.slice(0, maxLines).join('\n');
}

/**
 * Renders one JPEG at the aspect's size into a temporary file: from the image model when one is
 * configured and answers, else as an offline title card. The caller stores or assembles it.
 */
export async function renderImage(
  deps: ImageDeps,
  request: { orgId: string; task: string; prompt: string; headline: string; aspect: Aspect; workDir?: string },
): Promise<RenderedImage> {
  const dir = request.workDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'herald-image-')));
  const file = path.join(dir, `${randomUUID()}.jpg`);
  const { width, height } = ASPECT_RECIPES[request.aspect];
  if (deps.openai) {
    try {
      await generate({ ...deps, openai: deps.openai }, request.orgId, request.task, request.prompt, request.aspect, file);
      return { file, width, height, offlineMade: false };
    } catch (err) {
      if (!(err instanceof OpenAI.APIError) || (err.status !== undefined && err.status < 500 && err.status !== 429)) throw err;
    }
  }
  await titleCard(deps.config, request.headline, request.aspect, file);
  return { file, width, height, offlineMade: true };
}
