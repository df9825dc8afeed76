import { workflowIds } from '../../../temporal-config/workflow-ids.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentResult } from '../../../activities/agents/activities.js';
import type { WeeklyAnalysis } from '../../../activities/agents/learning/task.js';
import { aiOutputs } from '../../../db/schema/index.js';
import type { WeeklyLearningInput } from '../../../workflows/learning.js';
import { createBrandProfile } from '../../support/content.js';
import type { TestUser } from '../../support/stack.js';
import { monitoringHarness, type MonitoringHarness } from './harness.js';

let m: MonitoringHarness;
/** Checkpoints seconds apart: each read has 3 s to land in its window, even on a loaded machine. */
const FAST = [3, 6, 9, 12, 15].map((s) => s * 1_000);

beforeAll(async () => {
  m = await monitoringHarness();
  await createBrandProfile(m.stack, { orgId: m.h.orgId, userId: m.h.userId } as TestUser, { timeZone: 'UTC', platforms: ['x'] });
});
afterAll(() => m?.close());

describe('the weekly learning analysis', () => {
  it('reads the week\'s monitoring snapshots by platform and hashtag, and stores its verdicts', async () => {
    const viral = await m.publishOnX('viral', { hashtags: ['#sourdough'] });
    const flop = await m.publishOnX('flop', { hashtags: ['#rye'] });
    await Promise.all([viral, flop].map(async (t) => (await m.startMonitor(t, FAST)).result()));

    const weekStart = viral.publishedAt.toISOString().slice(0, 10);
    const input: WeeklyLearningInput = { orgId: m.h.orgId, userId: m.h.userId, weekStart };
    const result: AgentResult = await m.stack.temporal.workflow.execute('weeklyLearningWorkflow', {
      workflowId: workflowIds.learning(m.h.orgId, m.h.userId, weekStart),
      taskQueue: m.stack.queues.main,
      args: [input],
    });

    expect(result.summary).toMatch(/^2 posts at \d+(\.\d)?% engagement; x led\./);
    const [stored] = await m.stack.database.db.select().from(aiOutputs).where(eq(aiOutputs.id, result.outputId));
    const analysis = stored!.output as WeeklyAnalysis;
    expect(stored!.task).toBe('learning.weekly');
    expect(analysis.byHashtag.map((v) => v.key).sort()).toEqual(['rye', 'sourdough']);
    expect(analysis.byPlatform.map((v) => v.key)).toEqual(['x']);
    expect(analysis.byContentType.map((v) => v.key)).toEqual(['announcement']);
  });
});
