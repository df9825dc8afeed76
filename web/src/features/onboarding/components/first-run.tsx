import { useState } from 'react';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { Button } from '../../../components/ui/button.js';
import { useCycleState, useRunNow } from '../api/first-run.js';

/**
 * "Run now": today's cycle at once instead of at 02:00. The run is done when the cycle reports a
 * manual run newer than the one it knew before the press.
 */
export function FirstRun({ orgId, userId, onBack }: { orgId: string; userId: string; onBack: () => void }) {
  const [before, setBefore] = useState<string | null | undefined>(undefined);
  const runNow = useRunNow(orgId, userId);
  const started = before !== undefined && runNow.isSuccess;
  const cycle = useCycleState(orgId, userId, started);
  const lastRun = cycle.data?.lastRun;
  const finished = started && lastRun && lastRun.finishedAt !== before && !cycle.data?.running ? lastRun : undefined;
  const watching = started && !finished;

  function start() {
    setBefore(cycle.data?.lastRun?.finishedAt ?? null);
    runNow.mutate();
  }

  return (
    <div className="first-run">
      <p>Herald normally writes your posts every night. Run the first cycle now to see today's posts within a minute or two; each waits for your approval before it goes out.</p>
      {cycle.error && !started && <Alert>{cycle.error.message}</Alert>}
      {runNow.error && <Alert>{runNow.error.message}</Alert>}
      {watching && (
        <div className="progress" role="status">
          <progress aria-label="First run in progress" />
          <span>Writing today's posts… this takes a minute or two.</span>
        </div>
      )}
      {finished && (
        <Alert tone="success">
          First run done: {finished.created} {finished.created === 1 ? 'post waits' : 'posts wait'} for your approval
          {finished.failed > 0 ? ` (${finished.failed} could not be written)` : ''}.
        </Alert>
      )}
      <div className="actions wizard-nav">
        <Button variant="secondary" onPress={onBack}>
          Back
        </Button>
        {finished ? (
          <Link className="button primary" to="/">
            Go to Today and approve
          </Link>
        ) : (
          <>
            <Button onPress={start} isPending={runNow.isPending || watching} isDisabled={cycle.isPending}>
              Run the first cycle now
            </Button>
            <Link to="/">Skip; Herald runs tonight</Link>
          </>
        )}
      </div>
    </div>
  );
}
