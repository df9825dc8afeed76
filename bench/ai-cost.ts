/**
 * What one day of Herald's daily cycle costs a typical account (3 platforms, 3 posts a day) with
 * the default models: intelligence brief, daily plan, copy for each post, schedule optimisation,
 * and one image per post per platform aspect. Every call goes through the real SDKs to the local
 * LLM emulator, which reports usage as the providers do (about 4 characters per token, prompt
 * caching from 1,024 tokens); the cost comes from the price table. Prints the figures and writes
 * bench/results/ai-cost.json. Run: npx tsx bench/ai-cost.ts
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePostTask } from '../activities/agents/content/tasks.js';
import { intelligenceTask } from '../activities/agents/intelligence/task.js';
import { optimiseScheduleTask } from '../activities/agents/optimisation/task.js';
import type { AgentProfile } from '../activities/agents/profile.js';
import { dailyPlanTask } from '../activities/agents/strategy/tasks.js';
import { createGateway } from '../activities/llm/gateway.js';
import { openaiClient } from '../activities/llm/providers/openai.js';
import { renderImage } from '../activities/media/images.js';
import { memoryLedger, type MemoryLedger } from '../activities/usage/memory-ledger.js';
import { loadAiConfig, type AiConfig } from '../config/ai.js';
import { PRICES_AS_OF } from '../core/ai-prices.js';
import { PLATFORM_IMAGE_ASPECT } from '../core/media-aspects.js';
import { summarisePerformance, type PerformanceSample } from '../core/performance.js';
import { offlineWriterResponder } from '../emulators/llm/responder.js';
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
}

function report(ledger: MemoryLedger) {
  const sum = (kind: string) => ledger.usage.filter((u) => u.kind === kind).reduce((s, u) => s + u.costUsd, 0);
  const byTask = new Map<string, { calls: number; inputTokens: number; cacheReadTokens: number; cacheWriteTokens: number; outputTokens: number; costUsd: number; model: string }>();
  for (const u of ledger.usage) {
    const t = byTask.get(u.task) ?? { calls: 0, inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 0, costUsd: 0, model: u.model };
    t.calls += 1;
    t.inputTokens += u.inputTokens ?? 0;
    t.cacheReadTokens += u.cacheReadTokens ?? 0;
    t.cacheWriteTokens += u.cacheWriteTokens ?? 0;
    t.outputTokens += u.outputTokens ?? 0;
    t.costUsd += u.costUsd;
    byTask.set(u.task, t);
  }
  const llmUsd = sum('llm');
  const imageUsd = sum('image');
  return { llmUsdPerDay: llmUsd, imageUsdPerDay: imageUsd, totalUsdPerDay: llmUsd + imageUsd, perTask: Object.fromEntries(byTask), offlineOutputs: ledger.outputs.filter((o) => o.offlineWritten).length };
}

async function scenario(emulator: LlmEmulator, name: string, env: Record<string, string>) {
  emulator.reset();
  const config = loadAiConfig({ ANTHROPIC_API_KEY: 'bench', ANTHROPIC_BASE_URL: emulator.anthropicBaseUrl, OPENAI_API_KEY: 'bench', OPENAI_BASE_URL: emulator.openaiBaseUrl, AI_MAX_RETRIES: '0', ...env });
  const ledger = memoryLedger('starter');
  await runDailyCycle(config, ledger);
  const figures = report(ledger);
  if (figures.offlineOutputs > 0) throw new Error(`${name}: ${figures.offlineOutputs} outputs fell back to the offline writer; the benchmark would under-report.`);
  return { scenario: name, textModel: ledger.outputs[0]?.model, imageModel: `${config.image.model} (${config.image.quality})`, ...figures, withinTarget: figures.totalUsdPerDay <= TARGET_USD_PER_DAY };
}

const emulator = await startLlmEmulator({ responder: offlineWriterResponder });
try {
  const results = [
    await scenario(emulator, 'Anthropic first (defaults)', {}),
    await scenario(emulator, 'OpenAI first', { AI_PROVIDER_ORDER: 'openai,anthropic' }),
    await scenario(emulator, 'Anthropic first, medium-quality images', { AI_IMAGE_QUALITY: 'medium' }),
  ];
  const out = { measuredAt: new Date().toISOString(), pricesAsOf: PRICES_AS_OF, account: '3 platforms, 3 posts a day', targetUsdPerDay: TARGET_USD_PER_DAY, results };
  const file = fileURLToPath(new URL('./results/ai-cost.json', import.meta.url));
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(out, null, 2)}\n`);
  for (const r of results) {
    console.log(
      `${r.scenario}: text ${r.textModel}, images ${r.imageModel} -> LLM $${r.llmUsdPerDay.toFixed(4)} + images $${r.imageUsdPerDay.toFixed(4)} = $${r.totalUsdPerDay.toFixed(4)}/day ($${(r.totalUsdPerDay * 30).toFixed(2)}/month); target $${TARGET_USD_PER_DAY.toFixed(2)}/day: ${r.withinTarget ? 'met' : 'MISSED'}`,
    );
  }
  console.log(`written to ${file}`);
} finally {
  await emulator.close();
}
