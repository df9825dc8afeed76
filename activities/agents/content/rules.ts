import { findRestrictionBreaches } from '../../../core/content-restrictions.js';
import { validateDraft } from '../../../core/platform-rules/index.js';
import type { Platform } from '../../../core/platforms.js';
import type { AgentProfile } from '../profile.js';
import type { PlatformCopy, PostContent } from './schemas.js';

/** Media, privacy and link are settled later in the pipeline; copy is judged on what the writer controls. */
const COPY_FIELDS = new Set(['text', 'hashtags', 'title']);

export function copyProblems(copy: PlatformCopy, profile: AgentProfile): string[] {
  const platformProblems = validateDraft(copy.platform, { text: copy.text, hashtags: copy.hashtags, title: copy.title, media: [] })
    .filter((p) => COPY_FIELDS.has(p.field))
    .map((p) => `${copy.platform}: ${p.message}`);
  const written = [copy.text, copy.callToAction, copy.title ?? '', copy.hashtags.join(' ')].join('\n');
  const breaches = findRestrictionBreaches(written, profile).map((b) => `${copy.platform}: the copy ${b}`);
  return [...platformProblems, ...breaches];
}

function coverageProblems(copies: PlatformCopy[], platforms: Platform[], label: string): string[] {
  const problems: string[] = [];
  for (const platform of platforms) {
    const count = copies.filter((c) => c.platform === platform).length;
    if (count !== 1) problems.push(`${label} must hold exactly one ${platform} entry; it holds ${count}`);
  }
  const extra = copies.filter((c) => !platforms.includes(c.platform)).map((c) => c.platform);
  if (extra.length > 0) problems.push(`${label} has platforms that were not asked for: ${extra.join(', ')}`);
  return problems;
}

export function postContentProblems(
  output: PostContent,
  input: { profile: AgentProfile; platforms: Platform[]; abVariant: boolean; rejection?: { previousText: string }; links?: Partial<Record<Platform, { url: string }>> },
): string[] {
  const problems = coverageProblems(output.variants, input.platforms, 'variants');
  for (const copy of [...output.variants, ...(output.alternatives ?? [])]) {
    const link = input.links?.[copy.platform];
    if (link && !copy.text.includes(link.url)) problems.push(`the ${copy.platform} text must contain the link ${link.url} exactly, before or after the call to action`);
  }
  if (input.abVariant) {
    const alternatives = output.alternatives ?? [];
    problems.push(...coverageProblems(alternatives, input.platforms, 'alternatives'));
    for (const alt of alternatives) {
      const main = output.variants.find((v) => v.platform === alt.platform);
      if (main && main.text.trim() === alt.text.trim()) problems.push(`the ${alt.platform} A/B alternative repeats variant A word for word`);
    }
  }
  if (input.rejection) {
    const previous = input.rejection.previousText.trim();
    for (const copy of output.variants) {
      if (copy.text.trim() === previous) problems.push(`the ${copy.platform} replacement repeats the rejected text`);
    }
  }
  for (const copy of [...output.variants, ...(output.alternatives ?? [])]) problems.push(...copyProblems(copy, input.profile));
  return problems;
}
