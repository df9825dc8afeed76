/**
 * What analytics measures against, and how the learning agent's weekly analysis reads as words.
 * Pure: the figures come from SQL (db/queries/analytics.ts).
 */

/** Seed 000's targets: engagement predictions 80 %+ accurate, 85 %+ of content approved first time, 90 %+ on schedule. */
export const ANALYTICS_TARGETS = {
  predictionAccuracy: 0.8,
  firstTimeApproval: 0.85,
  scheduleAdherence: 0.9,
} as const;

/** A target counts as on schedule when it went out within this many seconds of its time. */
export const ON_TIME_SECONDS = 60;

/** Revision kinds that mean a person changed the content before approving it (not first-time). */
export const CHANGED_BEFORE_APPROVAL = ['replacement', 'emergency', 'edit'] as const;

export const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

export const percent = (ratio: number | null | undefined) => (ratio === null || ratio === undefined ? 'n/a' : `${(ratio * 100).toFixed(1)} %`);

/** The parts of the learning agent's weekly analysis that are read out (activities/agents/learning/task.ts). */
export interface WeeklyAnalysisText {
  weekStart: string;
  headline: string;
  byPlatform: Verdict[];
  byContentType: Verdict[];
  byTimeSlot: Verdict[];
  byHashtag: Verdict[];
  recommendations: string[];
}
interface Verdict {
  key: string;
  verdict: 'do more' | 'keep' | 'do less' | 'too early to tell';
  why: string;
}

const DIMENSION_WORDS = { byPlatform: 'on', byContentType: 'with', byTimeSlot: 'in the', byHashtag: 'with #' } as const;

/** The analysis as sentences a business owner reads: what worked, what did not, what changes next week. */
export function analysisInWords(analysis: WeeklyAnalysisText): string[] {
  const sentences = [analysis.headline];
  for (const [dimension, joiner] of Object.entries(DIMENSION_WORDS) as [keyof typeof DIMENSION_WORDS, string][]) {
    const glue = joiner.endsWith('#') ? joiner : `${joiner} `;
    const more = analysis[dimension].filter((v) => v.verdict === 'do more');
    const less = analysis[dimension].filter((v) => v.verdict === 'do less');
    if (more.length > 0) sentences.push(`Worked well: posts ${more.map((v) => `${glue}${v.key}`).join(', ')} (${more[0]!.why.replace(/\.$/, '')}).`);
    if (less.length > 0) sentences.push(`Fell short: posts ${less.map((v) => `${glue}${v.key}`).join(', ')} (${less[0]!.why.replace(/\.$/, '')}).`);
  }
  for (const recommendation of analysis.recommendations) sentences.push(`Next week: ${recommendation}`);
  return sentences;
}
