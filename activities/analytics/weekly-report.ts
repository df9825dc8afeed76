import { analysisInWords } from '../../core/analytics.js';
import { addLocalDays } from '../../core/local-time.js';
import { weeklyReportMail } from '../../core/weekly-report-mail.js';
import type { Database } from '../../db/client.js';
import { kpis, weeklyAnalyses } from '../../db/queries/analytics-kpis.js';
import { overview } from '../../db/queries/analytics.js';
import { orgTimeZone } from '../../db/queries/org-zone.js';
import { notifyActivities } from '../content/notify.js';

/**
 * The weekly report e-mail: last week's overview, the seed's targets and the learning agent's
 * analysis in words, queued through the outbox like every notice (one per org and week, however
 * many of its members plan weekly).
 */
export function weeklyReportActivities(db: Database) {
  const { notifyOrg } = notifyActivities(db);
  return {
    async sendWeeklyReport(input: { orgId: string; weekStart: string }): Promise<{ queued: number }> {
      const range = { orgId: input.orgId, from: input.weekStart, to: addLocalDays(input.weekStart, 6), timeZone: await orgTimeZone(db, input.orgId) };
      const [week, targets, analyses] = await Promise.all([overview(db, range), kpis(db, range), weeklyAnalyses(db, range)]);
      const best = [...week.byPlatform].filter((p) => p.posts > 0).sort((a, b) => b.engagementRate - a.engagementRate)[0];
      const mail = weeklyReportMail({
        weekStart: range.from,
        weekEnd: range.to,
        posts: week.posts,
        reach: week.reach,
        engagementRate: week.engagementRate,
        followerGrowth: week.followerGrowth,
        bestPlatform: best && { key: best.key, engagementRate: best.engagementRate },
        targets: [
          { label: 'Prediction accuracy', ...targets.predictionAccuracy },
          { label: 'Approved first time', ...targets.firstTimeApproval },
          { label: 'Published on schedule', ...targets.scheduleAdherence },
        ],
        analysis: analyses[0] ? analysisInWords(analyses[0].analysis) : [],
      });
      return notifyOrg({ orgId: input.orgId, audience: 'approvers', kind: 'weekly_report', ...mail, dedupeKey: `weekly-report:${input.orgId}:${input.weekStart}`, data: { weekStart: input.weekStart } });
    },
  };
}
