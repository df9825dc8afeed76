import type { PostStage } from '../../core/stages.js';

/**
 * A post's own stage from its targets' publish stages: published when every target is, failed
 * when one failed and none is still going, unconfirmed when one awaits reconciling, else publishing.
 */
export function postStageOf(targetStages: string[]): PostStage {
  if (targetStages.length > 0 && targetStages.every((s) => s === 'published')) return 'published';
  const settled = targetStages.every((s) => s === 'published' || s === 'failed' || s === 'unconfirmed');
  if (!settled) return 'publishing';
  return targetStages.includes('failed') ? 'failed' : 'unconfirmed';
}
