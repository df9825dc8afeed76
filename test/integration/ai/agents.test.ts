import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActivities } from '../../../activities/index.js';
import { postContentSchema } from '../../../activities/agents/content/schemas.js';
import { writePostTask } from '../../../activities/agents/content/tasks.js';
import { intelligenceSchema } from '../../../activities/agents/intelligence/task.js';
import { weeklyAnalysisSchema } from '../../../activities/agents/learning/task.js';
import { scheduleSchema } from '../../../activities/agents/optimisation/task.js';
import { dailyPlanSchema, monthlyThemesSchema, weeklyStrategySchema } from '../../../activities/agents/strategy/schemas.js';
import type { PerformanceSource } from '../../../activities/agents/performance.js';
import { findRestrictionBreaches } from '../../../core/content-restrictions.js';
import { validateDraft } from '../../../core/platform-rules/index.js';
import { openDatabase, type DatabaseHandle } from '../../../db/client.js';
import { aiOutputs, aiUsage, posts, postTargets } from '../../../db/schema/index.js';
import type { LlmEmulator } from '../../../emulators/llm/server.js';
import { bakeryProfile, clinicProfile, emulatorConfig, seedBrand, startAiEmulator } from '../../support/ai.js';
import { testDatabaseUrl } from '../../support/database.js';

let database: DatabaseHandle;
let emulator: LlmEmulator;
beforeAll(async () => {
  database = openDatabase(testDatabaseUrl(), 3);
  emulator = await startAiEmulator();
});
afterAll(async () => {
  await emulator?.close();
  await database?.close();
});
beforeEach(() => emulator.reset());

const lastWeek: PerformanceSource = {
  samples: async () =>
    Array.from({ length: 12 }, (_, i) => ({
      platform: (['instagram', 'facebook', 'x'] as const)[i % 3]!,
      contentType: i % 2 ? 'product' : 'educational',
      publishedAt: new Date(Date.UTC(2026, 10, 10 + (i % 7), i % 2 ? 8 : 17)).toISOString(),
      hashtags: i % 2 ? ['Sourdough'] : ['BakingTips'],
      impressions: 1000,
      engagements: i % 3 === 0 ? 60 : 20,
    })),
};

const outputOf = async (id: string) => (await database.db.select().from(aiOutputs).where(eq(aiOutputs.id, id)))[0]!;
const activities = (env: Record<string, string> = {}) => createActivities({ db: database.db, ai: emulatorConfig(emulator, env), performance: lastWeek });

describe('agents as activities', () => {
  it('write per-platform copy that parses and obeys every platform rule, stored with its prompt version', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    const result = await activities().writePost({
      ...brand,
      platforms: bakeryProfile.platforms,
      post: { topic: 'Sourdough Saturday', brief: 'The weekend sourdough is back. Loaves from 8am at the Kirkgate stall, while they last.', contentType: 'product' },
      abVariant: true,
    });
    const row = await outputOf(result.outputId);
    expect(row).toMatchObject({ task: 'content.post', promptVersion: 'content.post@v2', offlineWritten: false, provider: 'anthropic' });
    const content = postContentSchema.parse(row.output);
    for (const copy of [...content.variants, ...content.alternatives!]) {
      expect(validateDraft(copy.platform, { ...copy, media: [] }).filter((p) => p.field !== 'media')).toEqual([]);
      expect(findRestrictionBreaches(copy.text, bakeryProfile)).toEqual([]);
    }
    expect(content.alternatives!.map((a) => a.platform).sort()).toEqual(['facebook', 'instagram', 'x']);
  });

  it('plan the month, the week (with predicted engagement and confidence) and the day, each parsing its schema', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    const ai = activities();
    const themes = await ai.planMonthlyThemes({ ...brand, month: '2026-12' });
    const week = await ai.presentWeeklyStrategy({ ...brand, weekStart: '2026-11-23', postsPerDay: 3 });
    const intelligence = await ai.gatherIntelligence({ ...brand, date: '2026-11-23', competitors: ['Loaf Ltd'] });
    const day = await ai.planDay({ ...brand, date: '2026-11-23', postsPerDay: 3, weeklyStrategyId: week.outputId, intelligenceId: intelligence.outputId });
    expect(monthlyThemesSchema.parse((await outputOf(themes.outputId)).output).themes.length).toBeGreaterThanOrEqual(4);
    const strategy = weeklyStrategySchema.parse((await outputOf(week.outputId)).output);
    expect(strategy.days.map((d) => d.date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
    expect(strategy.days[0]!.posts[0]).toMatchObject({ predictedEngagementRate: expect.any(Number), confidence: expect.any(Number) });
    const brief = intelligenceSchema.parse((await outputOf(intelligence.outputId)).output);
    expect(brief.ownPerformance.summary).toContain('12 posts');
    expect(dailyPlanSchema.parse((await outputOf(day.outputId)).output).posts).toHaveLength(3);
  });

  it('write a post straight from a daily-plan post', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    const ai = activities();
    const day = await ai.planDay({ ...brand, date: '2026-11-24', postsPerDay: 3 });
    const post = await ai.writePost({ ...brand, from: { dailyPlanId: day.outputId, postIndex: 1 } });
    expect(postContentSchema.parse((await outputOf(post.outputId)).output).variants).toHaveLength(3);
  });

  it('optimise approved posts within 30 minutes of the plan and analyse the week by platform, type, slot and hashtag', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    const [post] = await database.db.insert(posts).values({ orgId: brand.orgId, scheduledAt: new Date('2026-11-24T10:00:00Z'), slotKey: `2026-11-24#${brand.orgId}` }).returning();
    await database.db.insert(postTargets).values([
      { postId: post!.id, orgId: brand.orgId, platform: 'instagram', text: 'Fresh loaves at 8am.', hashtags: ['Bread'] },
      { postId: post!.id, orgId: brand.orgId, platform: 'x', text: 'Fresh loaves at 8am.', hashtags: ['Bread'] },
    ]);
    const ai = activities();
    const optimised = scheduleSchema.parse((await outputOf((await ai.optimiseSchedule({ ...brand, postIds: [post!.id] })).outputId)).output);
    expect(optimised.adjustments).toHaveLength(2);
    for (const a of optimised.adjustments) expect(Math.abs(a.shiftMinutes)).toBeLessThanOrEqual(30);
    const analysis = weeklyAnalysisSchema.parse((await outputOf((await ai.analyseWeek({ ...brand, weekStart: '2026-11-09' })).outputId)).output);
    expect(analysis.byPlatform.map((b) => b.key).sort()).toEqual(['facebook', 'instagram', 'x']);
    expect(analysis.byTimeSlot.length).toBeGreaterThan(0);
    expect(analysis.byHashtag.map((b) => b.key).sort()).toEqual(['bakingtips', 'sourdough']);
  });

  it('write a replacement that fixes the rejection reason, and an emergency one in a single short call', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    const ai = activities();
    const post = { topic: 'Mince pies', brief: 'Mince pies are back for December. Order a box of six for the weekend.', contentType: 'product' };
    const original = await ai.writePost({ ...brand, platforms: ['instagram', 'x'], post });
    const rejectedText = postContentSchema.parse((await outputOf(original.outputId)).output).variants[0]!.text;
    emulator.reset();
    const replacement = await ai.writeReplacement({ ...brand, platforms: ['instagram', 'x'], post, rejectedOutputId: original.outputId, reason: 'Too pushy about ordering', emergency: false });
    const sent = JSON.stringify(emulator.calls[0]!.body);
    expect(sent).toContain('Too pushy about ordering');
    expect(sent).toContain('content.replacement');
    const replaced = postContentSchema.parse((await outputOf(replacement.outputId)).output);
    expect(replaced.variants.map((v) => v.text)).not.toContain(rejectedText);

    emulator.reset();
    const emergency = await ai.writeReplacement({ ...brand, platforms: ['x'], post, rejectedOutputId: original.outputId, reason: 'Wrong day', emergency: true });
    expect(emulator.calls).toHaveLength(1);
    expect(emulator.calls[0]).toMatchObject({ task: 'content.emergency', maxTokens: 500 });
    expect((await outputOf(emergency.outputId)).promptVersion).toBe('content.emergency@v2');
  });

  it('hand last week\'s analysis to next week\'s strategy', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    const ai = activities();
    const analysis = await ai.analyseWeek({ ...brand, weekStart: '2026-11-09' });
    emulator.reset();
    await ai.presentWeeklyStrategy({ ...brand, weekStart: '2026-11-16', postsPerDay: 2 });
    const userTurn = (emulator.calls[0]!.body as { messages: { content: string }[] }).messages[0]!.content;
    expect(userTurn).toContain('"learning"');
    expect(userTurn).toContain(analysis.summary);
  });

  it('check a regulated brand\'s copy after generation and repair a claim the regulator forbids', async () => {
    const brand = await seedBrand(database.db, clinicProfile);
    const post = { topic: 'Knee pain after long runs', brief: 'Our physios explain three exercises that support recovery.', contentType: 'educational' };
    const unsafe = writePostTask.offline({ profile: clinicProfile, platforms: clinicProfile.platforms, post, abVariant: false });
    unsafe.variants[0]!.text = 'This routine cures knee pain for good. Book now.';
    emulator.script('anthropic', { kind: 'text', text: JSON.stringify(unsafe) });
    const result = await activities().writePost({ ...brand, platforms: clinicProfile.platforms, post });
    const repairTurn = (emulator.calls[1]!.body as { messages: { content: string }[] }).messages[2]!.content;
    expect(repairTurn).toMatch(/"cures" claims a cure/);
    const content = postContentSchema.parse((await outputOf(result.outputId)).output);
    expect(content.variants.flatMap((v) => findRestrictionBreaches(v.text, clinicProfile))).toEqual([]);
  });

  it('fail with the typed LlmOutputInvalid failure after one unusable repair', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    emulator.script('anthropic', { kind: 'text', text: '{"variants": "oops"' }, { kind: 'text', text: 'still not json' });
    await expect(activities().writePost({ ...brand, platforms: ['x'], post: { topic: 'Mince pies', brief: 'Mince pies are here.', contentType: 'product' } })).rejects.toMatchObject({
      type: 'LlmOutputInvalid',
      nonRetryable: true,
    });
  });

  it('write offline when no provider answers, and the stored output says so', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    emulator.script('anthropic', { kind: 'status', status: 529 });
    emulator.script('openai', { kind: 'status', status: 500 });
    const result = await activities().writePost({ ...brand, platforms: ['instagram'], post: { topic: 'Mince pies', brief: 'Mince pies are here.', contentType: 'product' } });
    expect(result.summary).toContain('offline-written');
    expect(await outputOf(result.outputId)).toMatchObject({ offlineWritten: true, provider: 'offline' });
  });

  it('write usage rows whose token counts sum to what the providers reported', async () => {
    const brand = await seedBrand(database.db, bakeryProfile);
    const ai = activities();
    emulator.script('anthropic', { kind: 'text', text: 'no json here' }, { kind: 'status', status: 529 });
    await ai.writePost({ ...brand, platforms: ['x'], post: { topic: 'Mince pies', brief: 'Mince pies are here.', contentType: 'product' } });
    await ai.planDay({ ...brand, date: '2026-11-25', postsPerDay: 2 });
    const reported = emulator.calls.filter((c) => c.usage).reduce((sum, c) => sum + c.usage!.inputTokens + c.usage!.cacheReadTokens + c.usage!.cacheWriteTokens + c.usage!.outputTokens, 0);
    const [rows] = await database.db
      .select({ tokens: sql<string>`sum(${aiUsage.inputTokens} + ${aiUsage.cacheReadTokens} + ${aiUsage.cacheWriteTokens} + ${aiUsage.outputTokens})`, calls: sql<string>`count(*)` })
      .from(aiUsage)
      .where(eq(aiUsage.orgId, brand.orgId));
    expect(Number(rows!.tokens)).toBe(reported);
    expect(Number(rows!.calls)).toBe(emulator.calls.length);
  });
});
