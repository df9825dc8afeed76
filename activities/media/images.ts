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

/** The brand's look on an offline card: colours as #RRGGBB and a logo file, all optional. */
export interface CardBrand {
  background?: string;
  text?: string;
  accent?: string;
  logoFile?: string;
}

/** Share of the frame's shorter side kept clear on every edge. */
export const CARD_MARGIN = 0.08;
const LINE_HEIGHT = 1.25;

/** A line's width in em for DejaVu Sans Bold, rounded up per kind of glyph (W and M are the widest). */
export function estimatedWidthEm(line: string): number {
  let em = 0;
  for (const ch of line) {
    if (/[WM@]/.test(ch)) em += 1.15;
    else if (/[A-Zmw%&]/.test(ch)) em += 0.85;
    else if (/[ijlI.,:;'!|\s]/.test(ch)) em += 0.4;
    else em += 0.7;
  }
  return em;
}

/** The largest font size at which the headline, wrapped, fits the safe area (at most 6 lines). */
export function cardLayout(headline: string, width: number, height: number) {
  const margin = Math.round(Math.min(width, height) * CARD_MARGIN);
  const safeWidth = width - 2 * margin;
  const safeHeight = height - 2 * margin - Math.round(height * 0.12); // the logo's band at the bottom
  for (let fontSize = Math.round(width / 12); ; fontSize = Math.floor(fontSize * 0.9)) {
    for (let perLine = Math.floor(safeWidth / (fontSize * 0.5)); perLine >= 6; perLine--) {
      const lines = wrapLines(headline, perLine, 6).split('\n');
      if (Math.max(...lines.map(estimatedWidthEm)) * fontSize > safeWidth) continue;
      if (lines.length * fontSize * LINE_HEIGHT <= safeHeight || fontSize <= 16) return { margin, fontSize, text: lines.join('\n') };
      break;
    }
  }
}

const ffColour = (hex: string | undefined, fallback: string) => `0x${(hex ?? fallback).replace('#', '')}`;

/** Without an image provider: a card in the brand's colours with the post's headline inside safe margins, and its logo. */
export async function titleCard(config: Pick<AiConfig, 'ffmpegPath' | 'captionFont'>, headline: string, aspect: Aspect, target: string, brand: CardBrand = {}) {
  const { width, height } = ASPECT_RECIPES[aspect];
  const { margin, fontSize, text } = cardLayout(headline, width, height);
  const textFile = `${target}.txt`;
  await fs.writeFile(textFile, text);
  const bar = Math.max(6, Math.round(height * 0.012));
  const filters = [
    `[0]drawbox=x=0:y=ih-${bar}:w=iw:h=${bar}:color=${ffColour(brand.accent, '#f4d35e')}:t=fill`,
    `drawtext=fontfile=${config.captionFont}:textfile=${textFile}:fontcolor=${ffColour(brand.text, '#ffffff')}:fontsize=${fontSize}:line_spacing=${Math.round(fontSize * (LINE_HEIGHT - 1))}:x=(w-text_w)/2:y=(h-text_h)/2-${Math.round(height * 0.06)}[card]`,
  ].join(',');
  const logoHeight = Math.round(height * 0.1);
  const graph = brand.logoFile
    ? `${filters};[1]scale=-2:${logoHeight}[logo];[card][logo]overlay=W-w-${margin}:H-h-${margin}`
    : filters.replace(/\[card\]$/, '');
  await ffmpeg(config.ffmpegPath, [
    '-f', 'lavfi', '-i', `color=c=${ffColour(brand.background, '#1f3a5f')}:s=${width}x${height}`,
    ...(brand.logoFile ? ['-i', brand.logoFile] : []),
    '-frames:v', '1', '-filter_complex', graph, '-q:v', '3', target,
  ]);
}

/** Breaks text into lines of at most `width` characters for drawtext, which does not wrap; a longer word is cut. */
export function wrapLines(text: string, width: number, maxLines = 6): string {
  const lines: string[] = [];
  for (const whole of text.split(/\s+/).filter(Boolean)) {
    for (let word = whole; word.length > 0; word = word.slice(width)) {
      const piece = word.slice(0, width);
      const last = lines.at(-1);
      if (last !== undefined && `${last} ${piece}`.length <= width) lines[lines.length - 1] = `${last} ${piece}`;
      else lines.push(piece);
    }
  }
  if (lines.length > maxLines) lines.splice(maxLines - 1, lines.length, `${lines[maxLines - 1]!.slice(0, width - 1)}…`);
  return lines.join('\n');
}

/**
 * Renders one JPEG at the aspect's size into a temporary file: from the image model when one is
 * configured and answers, else as an offline title card. The caller stores or assembles it.
 */
export async function renderImage(
  deps: ImageDeps,
  request: { orgId: string; task: string; prompt: string; headline: string; aspect: Aspect; workDir?: string; brand?: CardBrand },
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
  await titleCard(deps.config, request.headline, request.aspect, file, request.brand);
  return { file, width, height, offlineMade: true };
}
