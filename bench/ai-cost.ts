/**
 * What a day of Herald costs a typical account (3 platforms, 3 posts a day) with the default
 * models, everything Herald's AI does for it, amortised per day:
 * - every day: intelligence brief, daily plan, copy for each post, schedule optimisation, one image
 *   per post per platform aspect;
 * - every week (/7): the learning agent's analysis of the week and the weekly strategy, both on the
 *   larger ("smart") model;
 * - every month (/30): the monthly themes, on the larger model;
 * - and, for an account that also posts short video (TikTok / YouTube Shorts / Reels), one video a
 *   day: one generated image per scene and the copy read as a voice-over (text-to-speech).
 * Every call goes through the real SDKs to the local LLM emulator with Herald's real prompts (the
 * profile, a month of performance history, the plan); the emulator answers the way hosted models
 * answer (the recorded answers: a preface sentence, a fenced JSON block, the model's own wording)
 * and reports usage as the providers do: about 4 characters per token of the prompt it received and
 * the answer it sent, prompt caching from 1,024 tokens. The cost comes from the price table.
 * Prints the figures and writes bench/results/ai-cost.json. Run: npx tsx bench/ai-cost.ts
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePostTask } from '../activities/agents/content/tasks.js';
import { intelligenceTask } from '../activities/agents/intelligence/task.js';
import { optimiseScheduleTask } from '../activities/agents/optimisation/task.js';
import type { AgentProfile } from '../activities/agents/profile.js';
import { weeklyAnalysisTask } from '../activities/agents/learning/task.js';
import { dailyPlanTask, monthlyThemesTask, weeklyStrategyTask } from '../activities/agents/strategy/tasks.js';
import { createGateway } from '../activities/llm/gateway.js';
import { openaiClient } from '../activities/llm/providers/openai.js';
import { renderImage } from '../activities/media/images.js';
import { assembleVideoFile } from '../activities/media/video.js';
import { memoryLedger, type MemoryLedger } from '../activities/usage/memory-ledger.js';
import { loadAiConfig, type AiConfig } from '../config/ai.js';
import { PRICES_AS_OF } from '../core/ai-prices.js';
import { PLATFORM_IMAGE_ASPECT } from '../core/media-aspects.js';
import { summarisePerformance, type PerformanceSample } from '../core/performance.js';
import { shortVideoScript } from '../core/video-script.js';
import { recordedResponder } from '../emulators/llm/recorded.js';
import { startLlmEmulator, type LlmEmulator } from '../emulators/llm/server.js';

const TARGET_USD_PER_DAY = 0.1;
const ORG = 'bench-org';
const profile: AgentProfile = {
  businessName: 'Crumb & Co',
  industry: 'Food & Beverage',
  audience: 'busy parents in Leeds who love good bread',
  brandVoice: 'warm and friendly',
  goals: ['community building', 'sales'],
  platforms: ['instagram', 'facebook', 'linkedin'],
  contentRestrictions: ['Never mention competitors by name'],
  timeZone: 'Europe/London',
};

/** A month of history: what the intelligence and optimisation agents summarise. */
const history: PerformanceSample[] = Array.from({ length: 90 }, (_, i) => ({
  platform: profile.platforms[i % 3]!,
  contentType: ['educational', 'product', 'behind-the-scenes'][i % 3]!,
  publishedAt: new Date(Date.UTC(2026, 9, 23 + Math.floor(i / 3), [8, 12, 18][i % 3]!)).toISOString(),
  hashtags: ['Sourdough', 'LeedsFood', 'BakingTips'].slice(0, 1 + (i % 3)),
  impressions: 800 + ((i * 37) % 400),
  engagements: 20 + ((i * 11) % 40),
}));

async function runDailyCycle(config: AiConfig, ledger: MemoryLedger) {
  const gateway = createGateway(config, ledger);
  const performance = summarisePerformance(history, profile.timeZone);
  await gateway.run(intelligenceTask, ORG, { profile, date: '2026-11-23', performance, competitors: ['a local chain bakery'] });
  const plan = await gateway.run(dailyPlanTask, ORG, { profile, date: '2026-11-23', postsPerDay: 3 });
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'herald-bench-'));
  const openai = openaiClient(config.providers.openai, { maxRetries: 0, timeoutMs: 30_000 });
  const written = [];
  for (const post of plan.output.posts) {
    const content = await gateway.run(writePostTask, ORG, { profile, platforms: post.platforms, post, abVariant: false });
    written.push(...content.output.variants.map((v) => ({ ...v, plannedAt: `2026-11-23T${post.time}:00Z` })));
    for (const platform of post.platforms) {
      await renderImage({ config, ledger, openai }, { orgId: ORG, task: 'media.image', prompt: content.output.visual.prompt, headline: post.topic, aspect: PLATFORM_IMAGE_ASPECT[platform], workDir });
    }
  }
  await gateway.run(optimiseScheduleTask, ORG, {
    profile,
    performance,
    posts: written.map((w, i) => ({ ref: `t${i}`, platform: w.platform, plannedAt: w.plannedAt, text: w.text, hashtags: w.hashtags })),
  });
  await fs.rm(workDir, { recursive: true, force: true });
  return { firstPost: written[0]!, visual: plan.output.posts[0]! };
}

/** Once a week: the learning agent reads the week, then the weekly strategy is planned from it. */
async function runWeekly(config: AiConfig, ledger: MemoryLedger) {
  const gateway = createGateway(config, ledger);
  const performance = summarisePerformance(history.slice(-21), profile.timeZone);
  const learning = await gateway.run(weeklyAnalysisTask, ORG, { profile, weekStart: '2026-11-16', performance });
  await gateway.run(weeklyStrategyTask, ORG, { profile, weekStart: '2026-11-23', postsPerDay: 3, monthTheme: 'Winter warmers', learning: learning.output });
}

/** Once a month: the month's themes. */
async function runMonthly(config: AiConfig, ledger: MemoryLedger) {
  const gateway = createGateway(config, ledger);
  await gateway.run(monthlyThemesTask, ORG, { profile, month: '2026-12' });
}

/** One short video: scripted from a post's copy as Herald scripts it, one image per scene, the voice-over. */
async function runShortVideo(config: AiConfig, ledger: MemoryLedger, copy: { text: string; title?: string }) {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'herald-bench-video-'));
  const openai = openaiClient(config.providers.openai, { maxRetries: 0, timeoutMs: 60_000 });
  const sentences = copy.text.split(/(?<=[.!?])\s+/).filter(Boolean);
  const script = shortVideoScript({
    copy: { text: copy.text, title: copy.title, callToAction: sentences[sentences.length - 1] ?? copy.text },
    visual: { prompt: 'Warm, natural-light photo of fresh sourdough on a wooden counter', altText: 'Fresh sourdough on a counter' },
  });
  await assembleVideoFile({ config, ledger, openai }, { orgId: ORG, ...script }, workDir, () => undefined);
  await fs.rm(workDir, { recursive: true, force: true });
}

type Usage = MemoryLedger['usage'][number];

function costs(usage: Usage[]) {
  const sum = (kind: string) => usage.filter((u) => u.kind === kind).reduce((s, u) => s + u.costUsd, 0);
  return { llmUsd: sum('llm'), imageUsd: sum('image'), speechUsd: sum('speech') };
}

function perTask(usage: Usage[]) {
  const byTask = new Map<string, { calls: number; inputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; outputTokens: number; costUsd: number; model: string }>();
  for (const u of usage) {
    const t = byTask.get(u.task) ?? { calls: 0, inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0, costUsd: 0, model: u.model };
    t.calls += 1;
    t.inputTokens += u.inputTokens ?? 0;
    t.cacheReadTokens += u.cacheReadTokens ?? 0;
    t.cacheWriteTokens += u.cacheWriteTokens ?? 0;
    t.outputTokens += u.outputTokens ?? 0;
    t.costUsd += u.costUsd;
    byTask.set(u.task, t);
  }
  return Object.fromEntries(byTask);
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

async function scenario(emulator: LlmEmulator, name: string, env: Record<string, string>) {
  emulator.reset();
  const config = loadAiConfig({ ANTHROPIC_API_KEY: 'bench', ANTHROPIC_BASE_URL: emulator.anthropicBaseUrl, OPENAI_API_KEY: 'bench', OPENAI_BASE_URL: emulator.openaiBaseUrl, AI_MAX_RETRIES: '0', ...env });
  const ledger = memoryLedger('starter');
  const marks: number[] = [];
  const { firstPost } = await runDailyCycle(config, ledger);
  marks.push(ledger.usage.length);
  await runWeekly(config, ledger);
  marks.push(ledger.usage.length);
  await runMonthly(config, ledger);
  marks.push(ledger.usage.length);
  await runShortVideo(config, ledger, firstPost);
  const offline = ledger.outputs.filter((o) => o.offlineWritten).length;
  if (offline > 0) throw new Error(`${name}: ${offline} outputs fell back to the offline writer; the benchmark would under-report.`);
  const daily = costs(ledger.usage.slice(0, marks[0]));
  const weekly = costs(ledger.usage.slice(marks[0], marks[1]));
  const monthly = costs(ledger.usage.slice(marks[1], marks[2]));
  const video = costs(ledger.usage.slice(marks[2]));
  const total = (c: ReturnType<typeof costs>) => c.llmUsd + c.imageUsd + c.speechUsd;
  const dailyCycleUsd = total(daily);
  const weeklyPerDayUsd = total(weekly) / 7;
  const monthlyPerDayUsd = total(monthly) / 30;
  const videoUsd = total(video);
  const perUserDayUsd = dailyCycleUsd + weeklyPerDayUsd + monthlyPerDayUsd;
  return {
    scenario: name,
    textModels: [...new Set(ledger.outputs.map((o) => o.model))],
    imageModel: `${config.image.model} (${config.image.quality})`,
    speechModel: config.speech.model,
    dailyCycleUsd: round(dailyCycleUsd),
    dailyCycle: { llmUsd: round(daily.llmUsd), imageUsd: round(daily.imageUsd) },
    weeklyUsd: round(total(weekly)),
    weeklyPerDayUsd: round(weeklyPerDayUsd),
    monthlyUsd: round(total(monthly)),
    monthlyPerDayUsd: round(monthlyPerDayUsd),
    /** Daily cycle + the week's and the month's planning, per day: the figure against the target. */
    perUserDayUsd: round(perUserDayUsd),
    shortVideoUsd: round(videoUsd),
    shortVideo: { imageUsd: round(video.imageUsd), speechUsd: round(video.speechUsd) },
    /** The same account also posting one short video a day. */
    perUserDayWithVideoUsd: round(perUserDayUsd + videoUsd),
    withinTarget: perUserDayUsd <= TARGET_USD_PER_DAY,
    withinTargetWithVideo: perUserDayUsd + videoUsd <= TARGET_USD_PER_DAY,
    perTask: perTask(ledger.usage),
  };
}

const emulator = await startLlmEmulator({ responder: recordedResponder });
try {
  const results = [
    await scenario(emulator, 'Anthropic first (defaults)', {}),
    await scenario(emulator, 'OpenAI first', { AI_PROVIDER_ORDER: 'openai,anthropic' }),
    await scenario(emulator, 'Anthropic first, medium-quality images', { AI_IMAGE_QUALITY: 'medium' }),
  ];
  const out = {
    measuredAt: new Date().toISOString(),
    pricesAsOf: PRICES_AS_OF,
    account: '3 platforms (Instagram, Facebook, LinkedIn), 3 posts a day; weekly learning + strategy amortised over 7 days, monthly themes over 30; optionally one short video a day',
    answers: 'recorded model answers (emulators/llm/recorded.ts); tokens counted by the emulator at about 4 characters per token of the prompt received and the answer sent',
    targetUsdPerDay: TARGET_USD_PER_DAY,
    results,
  };
  const file = fileURLToPath(new URL('./results/ai-cost.json', import.meta.url));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
  const usd = (n: number) => `$${n.toFixed(4)}`;
  console.log('scenario | daily cycle | weekly /7 | monthly /30 | per user-day | + 1 short video a day | target');
  for (const r of results) {
    console.log(
      `${r.scenario} | ${usd(r.dailyCycleUsd)} | ${usd(r.weeklyPerDayUsd)} | ${usd(r.monthlyPerDayUsd)} | ${usd(r.perUserDayUsd)} (${r.withinTarget ? 'met' : 'MISSED'}) | ${usd(r.perUserDayWithVideoUsd)} (video ${usd(r.shortVideoUsd)}: images ${usd(r.shortVideo.imageUsd)}, voice ${usd(r.shortVideo.speechUsd)}) | $${TARGET_USD_PER_DAY.toFixed(2)}`,
    );
  }
  console.log(`text models: ${results[0]!.textModels.join(', ')}; images ${results[0]!.imageModel}; speech ${results[0]!.speechModel}`);
  console.log(`written to ${file}`);
} finally {
  await emulator.close();
}
