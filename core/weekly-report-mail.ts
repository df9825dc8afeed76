import { percent } from './analytics.js';

/** What the weekly report e-mail says; figures come from the analytics queries. */
export interface WeeklyReportInput {
  weekStart: string;
  weekEnd: string;
  posts: number;
  reach: number;
  engagementRate: number;
  followerGrowth: number | null;
  bestPlatform?: { key: string; engagementRate: number };
  targets: { label: string; rate: number | null; target: number }[];
  /** The learning agent's analysis of the week, as sentences. */
  analysis: string[];
}

/** The weekly report (kind weekly_report), sent on the planning day: subject and plain-text body. */
export function weeklyReportMail(input: WeeklyReportInput): { subject: string; body: string } {
  const growth = input.followerGrowth === null ? 'not read yet' : `${input.followerGrowth >= 0 ? '+' : ''}${input.followerGrowth}`;
  const lines = [
    `Your week from ${input.weekStart} to ${input.weekEnd}:`,
    `- ${input.posts} post(s) published, reaching ${input.reach.toLocaleString('en-US')} people`,
    `- Engagement rate ${percent(input.engagementRate)}${input.bestPlatform ? `; best on ${input.bestPlatform.key} (${percent(input.bestPlatform.engagementRate)})` : ''}`,
    `- Followers ${growth}`,
    '',
    'Against the targets:',
    ...input.targets.map((t) => `- ${t.label}: ${percent(t.rate)} (target ${percent(t.target)})${t.rate === null ? '' : t.rate >= t.target ? ' - met' : ' - below'}`),
    ...(input.analysis.length > 0 ? ['', 'What Herald learned:', ...input.analysis.map((s) => `- ${s}`)] : []),
  ];
  return { subject: `Your week on social media: ${input.posts} post(s), ${percent(input.engagementRate)} engagement`, body: lines.join('\n') };
}
