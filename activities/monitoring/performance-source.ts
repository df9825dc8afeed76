import { and, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { isPlatform } from '../../core/platforms.js';
import type { PerformanceSample } from '../../core/performance.js';
import type { Database } from '../../db/client.js';
import { aiOutputs, metricSnapshots, posts, postTargets, weeklyStrategies } from '../../db/schema/index.js';
import type { WeeklyStrategy } from '../agents/strategy/schemas.js';
import type { PerformanceSource } from '../agents/performance.js';

/**
 * The agents' view of published results: one sample per target published in the period, from its
 * latest metric snapshot (the 24 h one once taken), with the post's content type and hashtags.
 */
export function snapshotPerformance(db: Database): PerformanceSource {
  return {
    async samples(orgId, since, until): Promise<PerformanceSample[]> {
      const rows = await db
        .selectDistinctOn([metricSnapshots.targetId], {
          platform: postTargets.platform,
          publishedAt: postTargets.publishedAt,
          hashtags: postTargets.hashtags,
          brief: posts.brief,
          slotKey: posts.slotKey,
          reach: metricSnapshots.reach,
          engagements: metricSnapshots.engagements,
        })
        .from(metricSnapshots)
        .innerJoin(postTargets, eq(postTargets.id, metricSnapshots.targetId))
        .innerJoin(posts, eq(posts.id, metricSnapshots.postId))
        .where(and(eq(metricSnapshots.orgId, orgId), eq(metricSnapshots.status, 'taken'), gte(postTargets.publishedAt, since), lt(postTargets.publishedAt, until)))
        .orderBy(metricSnapshots.targetId, desc(metricSnapshots.recordedAt));
      const predictions = await predictedRates(db, orgId, since, until);
      return rows.flatMap((r) =>
        isPlatform(r.platform) && r.publishedAt
          ? [{
              platform: r.platform,
              contentType: r.brief?.contentType ?? 'unspecified',
              publishedAt: r.publishedAt.toISOString(),
              hashtags: r.hashtags,
              impressions: r.reach ?? 0,
              engagements: r.engagements ?? 0,
              predictedEngagementRate: predictions.get(`${slotOf(r.slotKey)}#${r.platform}`),
            }]
          : [],
      );
    },
  };
}

/** `<local date>@<HH:MM>` from a slot key `<userId>:<date>@<time>`. */
const slotOf = (slotKey: string | null) => slotKey?.split(':').slice(1).join(':') ?? '';

/**
 * What the approved weekly strategies predicted per slot and platform (`<date>@<time>#<platform>`),
 * so the weekly analysis can say how accurate the predictions were.
 */
async function predictedRates(db: Database, orgId: string, since: Date, until: Date): Promise<Map<string, number>> {
  const weekBefore = new Date(since.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
  const rows = await db
    .select({ output: aiOutputs.output })
    .from(weeklyStrategies)
    .innerJoin(aiOutputs, sql`${aiOutputs.id}::text = ${weeklyStrategies.outputId}`)
    .where(
      and(
        eq(weeklyStrategies.orgId, orgId),
        inArray(weeklyStrategies.status, ['approved']),
        gte(weeklyStrategies.weekStart, weekBefore),
        lt(weeklyStrategies.weekStart, until.toISOString().slice(0, 10)),
      ),
    );
  const rates = new Map<string, number>();
  for (const { output } of rows) {
    for (const day of (output as WeeklyStrategy).days ?? []) {
      for (const p of day.posts) rates.set(`${day.date}@${p.time}#${p.platform}`, p.predictedEngagementRate);
    }
  }
  return rates;
}
