import { Select } from '../../../components/ui/select.js';
import { audienceWords, platformName } from '../../../lib/platforms.js';
import type { TargetDetail } from '../api/queue.js';

export { platformName };

type Shown = Pick<TargetDetail, 'platform' | 'text' | 'sandbox'> & Partial<TargetDetail>;

/** One platform's version of a post, shown as that platform will show it. */
export function TargetCard({ target, privacy, onPrivacy }: { target: Shown; privacy?: string; onPrivacy: (level: string) => void }) {
  const over = target.length && target.length.used > target.length.max;
  return (
    <section className={`target platform-${target.platform}`} aria-label={`${platformName(target.platform)} version`}>
      <header>
        <strong>{platformName(target.platform)}</strong>
        {target.sandbox && <span className="pill">sandbox</span>}
        {target.length && (
          <span className={over ? 'length over' : 'length'} data-testid="length">
            {target.length.used} / {target.length.max} {target.length.unit}
          </span>
        )}
      </header>
      {target.title && <p className="title">{target.title}</p>}
      <p className="copy">{target.text}</p>
      {target.hashtags && target.hashtags.length > 0 && (
        <ul className="hashtags" aria-label="Hashtags">
          {target.hashtags.map((tag) => (
            <li key={tag}>#{tag.replace(/^#/, '')}</li>
          ))}
        </ul>
      )}
      {target.problems?.map((p) => (
        <p key={p.message} className="problem">
          {p.message}
        </p>
      ))}
      {target.privacyOptions && (
        <Select
          label={`Who can see it on ${platformName(target.platform)}${target.privacyRequired ? ' (required)' : ''}`}
          placeholder="Choose…"
          options={target.privacyOptions.map((level) => ({ id: level, label: audienceWords(level) }))}
          value={privacy ?? null}
          onChange={onPrivacy}
        />
      )}
    </section>
  );
}
