import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { useBulkReplay, type SupportFilters } from '../api/support.js';

/**
 * Bulk replay after an outage: always a dry run first, which lists what the filters would replay
 * and starts nothing; only then the real run, with the same filters and reason.
 */
export function BulkReplay({ orgIds, filters, reason }: { orgIds: string[]; filters: SupportFilters; reason: string }) {
  const dryRun = useBulkReplay();
  const run = useBulkReplay();
  const planned = dryRun.data?.flatMap((a) => a.targets ?? []) ?? [];
  const results = run.data?.flatMap((a) => a.results ?? []) ?? [];
  const started = results.filter((r) => r.outcome === 'started').length;

  return (
    <section aria-labelledby="bulk-heading" className="bulk-replay">
      <h2 id="bulk-heading">Bulk replay</h2>
      <p className="muted">Replays every publish these filters find, one at a time (at most 100 per organisation). Start with a dry run: it lists them and replays nothing.</p>
      <div className="actions">
        <Button variant="secondary" isDisabled={orgIds.length === 0} isPending={dryRun.isPending} onPress={() => (run.reset(), dryRun.mutate({ orgIds, filters, reason, dryRun: true }))}>
          Dry run
        </Button>
        {dryRun.data && !run.data && (
          <Button variant="danger" isDisabled={planned.length === 0} isPending={run.isPending} onPress={() => run.mutate({ orgIds, filters, reason, dryRun: false })}>
            Replay {planned.length} {planned.length === 1 ? 'publish' : 'publishes'} now
          </Button>
        )}
      </div>
      {dryRun.isPending && <p role="status">Listing what would be replayed…</p>}
      {run.isPending && <p role="status">Replaying one at a time; each checks the platform first…</p>}
      {dryRun.error && <Alert>{dryRun.error.message}</Alert>}
      {run.error && <Alert>{run.error.message}</Alert>}
      {dryRun.data && !run.data && (
        <div role="status" data-testid="dry-run">
          <p>
            Dry run: {planned.length} {planned.length === 1 ? 'publish' : 'publishes'} in {dryRun.data.filter((a) => (a.targets ?? []).length > 0).length} organisation(s) would be replayed. Nothing was started.
          </p>
          {planned.length > 0 && (
            <ul className="plain">
              {planned.map((t) => (
                <li key={t.targetId}>
                  {t.platform} <code>{t.targetId.slice(0, 8)}</code> · {t.status}
                  {t.message ? ` · ${t.message}` : ''}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {run.data && (
        <div role="status" data-testid="bulk-results">
          <p>
            Replay started for {started} of {results.length}.
          </p>
          <ul className="plain">
            {results.map((r) => (
              <li key={r.targetId}>
                <code>{r.targetId.slice(0, 8)}</code>: {r.message}
                {r.temporalUi && (
                  <>
                    {' · '}
                    <a href={r.temporalUi} target="_blank" rel="noreferrer">
                      run
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
