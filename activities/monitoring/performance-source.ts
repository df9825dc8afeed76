import { and, desc, eq, gte, lt } from 'drizzle-orm';
import { isPlatform } from '../../core/platforms.js';
import type { PerformanceSample } from '../../core/performance.js';
import type { Database } from '../../db/client.js';
import { metricSnapshots, posts, postTargets } from '../../db/schema/index.js';
import type { PerformanceSource } from '../agents/performance.js';

/**
 * The agents' view of published results: one sample per target published in the period, from its
 * latest metric snapshot (the 24 h one once taken), with the post's content type and hashtags and
 * the prediction the target was planned with.
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
          predicted: postTargets.predictedEngagementRate,
          reach: metricSnapshots.reach,
          engagements: metricSnapshots.engagements,
        })
        .from(metricSnapshots)
        .innerJoin(postTargets, eq(postTargets.id, metricSnapshots.targetId))
        .innerJoin(posts, eq(posts.id, metricSnapshots.postId))
        .where(and(eq(metricSnapshots.orgId, orgId), eq(metricSnapshots.status, 'taken'), gte(postTargets.publishedAt, since), lt(postTargets.publishedAt, until)))
        .orderBy(metricSnapshots.targetId, desc(metricSnapshots.recordedAt));
      return rows.flatMap((r) =>
        isPlatform(r.platform) && r.publishedAt
          ? [{
              platform: r.platform,
              contentType: r.brief?.contentType ?? 'unspecified',
              publishedAt: r.publishedAt.toISOString(),
              hashtags: r.hashtags,
              impressions: r.reach ?? 0,
              engagements: r.engagements ?? 0,
              predictedEngagementRate: r.predicted ?? undefined,
            }]
          : [],
      );
    },
  };
}
