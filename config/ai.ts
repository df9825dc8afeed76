import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './env.js';

/**
 * AI and media settings: LLM providers, per-task routes with their fallback order, media
 * generation and storage. Read from the environment beside config/env.ts; docs/ai.md lists every
 * variable. A provider counts as configured when it has an API key or a base URL (a local
 * OpenAI-compatible server such as Ollama needs no key).
 */
export const LLM_PROVIDERS = ['anthropic', 'openai'] as const;
export type LlmProvider = (typeof LLM_PROVIDERS)[number];
export type ModelTier = 'fast' | 'smart' | 'economy';

export interface RouteStep {
  provider: LlmProvider;
  model: string;
}

const providerList = z
  .string()
  .transform((s) => s.split(',').map((p) => p.trim()).filter(Boolean))
  .pipe(z.array(z.enum(LLM_PROVIDERS)).min(1));

const routeStep = z
  .string()
  .regex(/^(anthropic|openai):\S+$/, 'each step is provider:model, e.g. openai:gpt-6-luna')
  .transform((s): RouteStep => {
    const [provider, ...model] = s.split(':');
    return { provider: provider as LlmProvider, model: model.join(':') };
  });

/** "content.post=openai:gpt-6-sol,anthropic:claude-haiku-5-5;strategy.weekly=anthropic:claude-sonnet-5-5" */
const taskRoutes = z.string().transform((value, ctx) => {
  const routes: Record<string, RouteStep[]> = {};
  for (const entry of value.split(';').map((e) => e.trim()).filter(Boolean)) {
    const [task, steps] = entry.split('=');
    const parsed = z.array(routeStep).min(1).safeParse((steps ?? '').split(',').map((s) => s.trim()));
    if (!task || !parsed.success) {
      ctx.addIssue({ code: 'custom', message: `"${entry}" must look like task=provider:model[,provider:model]` });
      return z.NEVER;
    }
    routes[task.trim()] = parsed.data;
  }
  return routes;
});

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const url = z.string().url();

export const aiEnvSchema = z.object({
  HERALD_DATA_DIR: z.string().min(1).default('./.herald'),
  HERALD_API_URL: url.default('http://localhost:3000'),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: url.optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: url.optional(),
  /** OpenAI's current models take max_completion_tokens; Ollama and llama.cpp servers read max_tokens. */
  OPENAI_MAX_TOKENS_FIELD: z.enum(['max_completion_tokens', 'max_tokens']).default('max_completion_tokens'),
  AI_PROVIDER_ORDER: providerList.default(['anthropic', 'openai']),
  AI_TASK_ROUTES: taskRoutes.default({}),
  AI_ANTHROPIC_MODEL_FAST: z.string().default('claude-haiku-5-5'),
  AI_ANTHROPIC_MODEL_SMART: z.string().default('claude-sonnet-5-5'),
  AI_ANTHROPIC_MODEL_ECONOMY: z.string().default('claude-haiku-5-5'),
  AI_OPENAI_MODEL_FAST: z.string().default('gpt-6-luna'),
  AI_OPENAI_MODEL_SMART: z.string().default('gpt-6-sol'),
  AI_OPENAI_MODEL_ECONOMY: z.string().default('gpt-6-luna'),
  AI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  AI_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(60),
  AI_IMAGE_MODEL: z.string().default('gpt-image-1-mini'),
  AI_IMAGE_QUALITY: z.enum(['low', 'medium', 'high']).default('low'),
  AI_SPEECH_MODEL: z.string().default('gpt-4o-mini-tts'),
  AI_SPEECH_VOICE: z.string().default('alloy'),
  HERALD_MEDIA_DIR: z.string().min(1).optional(),
  HERALD_MEDIA_PUBLIC_URL: url.optional(),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ENDPOINT: url.optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool.optional(),
  S3_PUBLIC_BASE_URL: url.optional(),
  S3_PRESIGN_SECONDS: z.coerce.number().int().min(60).max(604_800).default(86_400),
  FFMPEG_PATH: z.string().default('ffmpeg'),
  FFPROBE_PATH: z.string().default('ffprobe'),
  HERALD_CAPTION_FONT: z.string().default('/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'),
});

export interface ProviderSettings {
  apiKey: string | undefined;
  baseUrl: string | undefined;
  models: Record<ModelTier, string>;
  /** Only the OpenAI-compatible provider has a choice here. */
  maxTokensField?: 'max_completion_tokens' | 'max_tokens';
}

export interface AiConfig {
  providers: Record<LlmProvider, ProviderSettings>;
  providerOrder: LlmProvider[];
  taskRoutes: Record<string, RouteStep[]>;
  maxRetries: number;
  timeoutMs: number;
  image: { model: string; quality: 'low' | 'medium' | 'high' };
  speech: { model: string; voice: string };
  media: {
    dir: string;
    publicUrl: string;
    s3?: {
      bucket: string;
      endpoint: string | undefined;
      region: string;
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
      forcePathStyle: boolean;
      publicBaseUrl: string | undefined;
      presignSeconds: number;
    };
  };
  ffmpegPath: string;
  ffprobePath: string;
  captionFont: string;
}

export function isProviderConfigured(settings: ProviderSettings): boolean {
  return Boolean(settings.apiKey || settings.baseUrl);
}

export function loadAiConfig(source: NodeJS.ProcessEnv = process.env): AiConfig {
  const present = Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const parsed = aiEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const mediaDir = path.resolve(e.HERALD_MEDIA_DIR ?? path.join(e.HERALD_DATA_DIR, 'media'));
  return {
    providers: {
      anthropic: {
        apiKey: e.ANTHROPIC_API_KEY,
        baseUrl: e.ANTHROPIC_BASE_URL,
        models: { fast: e.AI_ANTHROPIC_MODEL_FAST, smart: e.AI_ANTHROPIC_MODEL_SMART, economy: e.AI_ANTHROPIC_MODEL_ECONOMY },
      },
      openai: {
        apiKey: e.OPENAI_API_KEY,
        baseUrl: e.OPENAI_BASE_URL,
        models: { fast: e.AI_OPENAI_MODEL_FAST, smart: e.AI_OPENAI_MODEL_SMART, economy: e.AI_OPENAI_MODEL_ECONOMY },
        maxTokensField: e.OPENAI_MAX_TOKENS_FIELD,
      },
    },
    providerOrder: e.AI_PROVIDER_ORDER,
    taskRoutes: e.AI_TASK_ROUTES,
    maxRetries: e.AI_MAX_RETRIES,
    timeoutMs: e.AI_TIMEOUT_SECONDS * 1000,
    image: { model: e.AI_IMAGE_MODEL, quality: e.AI_IMAGE_QUALITY },
    speech: { model: e.AI_SPEECH_MODEL, voice: e.AI_SPEECH_VOICE },
    media: {
      dir: mediaDir,
      publicUrl: (e.HERALD_MEDIA_PUBLIC_URL ?? `${e.HERALD_API_URL.replace(/\/$/, '')}/media`).replace(/\/$/, ''),
      s3: e.S3_BUCKET
        ? {
            bucket: e.S3_BUCKET,
            endpoint: e.S3_ENDPOINT,
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY,
            forcePathStyle: e.S3_FORCE_PATH_STYLE ?? Boolean(e.S3_ENDPOINT),
            publicBaseUrl: e.S3_PUBLIC_BASE_URL?.replace(/\/$/, ''),
            presignSeconds: e.S3_PRESIGN_SECONDS,
          }
        : undefined,
    },
    ffmpegPath: e.FFMPEG_PATH,
    ffprobePath: e.FFPROBE_PATH,
    captionFont: e.HERALD_CAPTION_FONT,
  };
}
