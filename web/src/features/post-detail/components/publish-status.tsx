import { PLATFORM_LIMITS } from '../../../../../core/platform-rules/index.js';
import type { Platform } from '../../../../../core/platforms.js';
import { inZone } from '../../../lib/time.js';
import type { PostAnswer } from '../api/post-detail.js';

const STAGE_WORDS: Record<string, string> = {
  drafted: 'Being written',
  awaiting_approval: 'Waiting for approval',
  returned: 'Returned to its author',
  approved: 'Approved, waiting for its time',
  publishing: 'Publishing…',
  published: 'Published',
  unconfirmed: 'Sent, not yet confirmed by the platform',
  expired: 'Expired without approval',
  skipped: 'Skipped',
  failed: 'Failed',
};
export const stageWords = (stage: string) => STAGE_WORDS[stage] ?? stage;

/** Where the post goes and how far it got on each platform, with a link to the live post once there. */
export function PublishStatus({ targets, timeZone }: { targets: PostAnswer['targets']; timeZone: string }) {
  return (
    <ul className="publish-status" aria-label="Publish status per platform">
      {targets.map((t) => {
        const label = PLATFORM_LIMITS[t.platform as Platform]?.label ?? t.platform;
        return (
          <li key={t.platform} className={`target platform-${t.platform}`} data-testid={`status-${t.platform}`}>
            <header>
              <strong>{label}</strong>
              {t.sandbox && <span className="pill">sandbox</span>}
              <span className={`stage stage-${t.stage}`}>{stageWords(t.stage)}</span>
            </header>
            {t.publishedAt && (
              <p className="meta">
                Published <time dateTime={t.publishedAt}>{inZone(t.publishedAt, timeZone)}</time>
              </p>
            )}
            {t.platformPostUrl && (
              <a href={t.platformPostUrl} target="_blank" rel="noreferrer">
                View the live post on {label}
              </a>
            )}
            {t.errorMessage && <p className="problem">{t.errorMessage}</p>}
            {t.title && <p className="title">{t.title}</p>}
            <p className="copy">{t.text}</p>
            {t.hashtags.length > 0 && (
              <ul className="hashtags" aria-label={`Hashtags on ${label}`}>
                {t.hashtags.map((tag) => (
                  <li key={tag}>#{tag.replace(/^#/, '')}</li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ul>
  );
}
