import { Label, TextArea, TextField } from 'react-aria-components';
import { Button } from '../../../components/ui/button.js';
import { Select } from '../../../components/ui/select.js';
import { PLATFORM_LIMITS } from '../../../../../core/platform-rules/index.js';
import type { PlatformOverride } from '../../../../../core/own-posts.js';
import { isPrivacyPlatform, PRIVACY_LEVELS, PRIVACY_REQUIRED } from '../../../../../core/privacy.js';
import { audienceWords } from '../../../lib/platforms.js';
import type { CheckedTarget } from '../compose-state.js';


/** The platform's override without its own text; nothing left means no override. */
function withoutText(override: PlatformOverride | undefined): PlatformOverride | undefined {
  const { text: _text, ...rest } = override ?? {};
  return Object.keys(rest).length > 0 ? rest : undefined;
}

interface Props {
  checked: CheckedTarget;
  override: PlatformOverride | undefined;
  onOverride: (override: PlatformOverride | undefined) => void;
  privacy: string | undefined;
  onPrivacy: (level: string) => void;
}

/** One platform's version as it will appear: its copy, length as the platform counts it, and every rule it breaks. */
export function PlatformPreview({ checked, override, onOverride, privacy, onPrivacy }: Props) {
  const { target, length, problems, media } = checked;
  const label = PLATFORM_LIMITS[target.platform].label;
  const over = length.used > length.max;
  const own = override?.text !== undefined;
  return (
    <section className={`target platform-${target.platform}`} aria-label={`${label} preview`} data-testid={`preview-${target.platform}`}>
      <header>
        <strong>{label}</strong>
        {own && <span className="pill">own version</span>}
        <span className={over ? 'length over' : 'length'} data-testid="length">
          {length.used} / {length.max} {length.unit}
        </span>
      </header>
      {own ? (
        <TextField className="field" value={override?.text ?? ''} onChange={(text) => onOverride({ ...override, text })}>
          <Label>Text for {label}</Label>
          <TextArea rows={5} />
        </TextField>
      ) : (
        <p className="copy">{target.text || <span className="muted">Your text appears here.</span>}</p>
      )}
      {target.hashtags.length > 0 && (
        <ul className="hashtags" aria-label={`Hashtags on ${label}`}>
          {target.hashtags.map((tag) => (
            <li key={tag}>#{tag}</li>
          ))}
        </ul>
      )}
      {media.length > 0 && (
        <div className="preview-media">
          {media.map((m) => (m.kind === 'image' ? <img key={m.id} src={m.url} alt={m.altText ?? 'Attached image'} /> : <video key={m.id} src={m.url} muted aria-label="Video" />))}
        </div>
      )}
      <div role="status" aria-live="polite">
        {problems.map((p) => (
          <p key={p} className="problem">
            {p}
          </p>
        ))}
      </div>
      {isPrivacyPlatform(target.platform) && (
        <Select
          label={`Who can see it on ${label}${PRIVACY_REQUIRED.includes(target.platform) ? ' (required)' : ''}`}
          placeholder="Choose…"
          options={PRIVACY_LEVELS[target.platform].map((level) => ({ id: level, label: audienceWords(level) }))}
          value={privacy ?? null}
          onChange={onPrivacy}
        />
      )}
      <div className="actions">
        {own ? (
          <Button variant="link" onPress={() => onOverride(withoutText(override))}>
            Use the common text on {label}
          </Button>
        ) : (
          <Button variant="link" onPress={() => onOverride({ ...override, text: target.text })}>
            Write a version for {label}
          </Button>
        )}
      </div>
    </section>
  );
}
