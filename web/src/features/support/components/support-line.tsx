import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { inZone } from '../../../lib/time.js';
import { useReplay, type SupportLine } from '../api/support.js';
import { ERROR_KINDS, STATUS_WORDS } from './error-words.js';

const PLATFORM_NAMES: Record<string, string> = { x: 'X', linkedin: 'LinkedIn', facebook: 'Facebook', instagram: 'Instagram', tiktok: 'TikTok', youtube: 'YouTube' };

/** One publish that needs support: what happened in words, its run in Temporal, and a replay. */
export function SupportLineCard({ line, reason, timeZone }: { line: SupportLine; reason: string; timeZone: string }) {
  const replay = useReplay();
  const kind = line.errorKind ? ERROR_KINDS[line.errorKind] : undefined;
  const name = `${PLATFORM_NAMES[line.platform] ?? line.platform} publish ${line.targetId.slice(0, 8)}`;
  const headingId = `line-${line.targetId}`;
  return (
    <li className="support-line" aria-labelledby={headingId} data-testid="support-line">
      <header>
        <h3 id={headingId}>{name}</h3>
        <span className={`pill status-${line.status}`}>{STATUS_WORDS[line.status] ?? line.status}</span>
      </header>
      <p className="meta muted">
        Org <code>{line.orgId}</code> · {line.attempts} {line.attempts === 1 ? 'attempt' : 'attempts'} · last change <time dateTime={line.updatedAt}>{inZone(line.updatedAt, timeZone)}</time>
      </p>
      <p className="what">
        <strong>{kind?.label ?? line.errorKind ?? 'No error recorded'}</strong>
        {line.message && <>: {line.message}</>}
      </p>
      {kind && <p className="muted advice">{kind.advice}</p>}
      <div className="actions">
        <Button variant="secondary" aria-label={`Replay ${name}`} isPending={replay.isPending} isDisabled={replay.data?.outcome === 'started'} onPress={() => replay.mutate({ line, reason })}>
          Replay
        </Button>
        {line.temporalUi && (
          <a href={line.temporalUi} target="_blank" rel="noreferrer">
            Run in Temporal UI<span className="visually-hidden"> for {name} (opens a new tab)</span>
          </a>
        )}
      </div>
      {replay.isPending && <p role="status">Checking the platform first, then replaying…</p>}
      {replay.error && <Alert>{replay.error.message}</Alert>}
      {replay.data && (
        <Alert tone="success">
          {replay.data.outcome === 'started' ? 'Replay started' : replay.data.message}
          {replay.data.temporalUi && (
            <>
              {' · '}
              <a href={replay.data.temporalUi} target="_blank" rel="noreferrer">
                the new run in Temporal UI
              </a>
            </>
          )}
        </Alert>
      )}
    </li>
  );
}
