import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert.js';
import { Page } from '../../../components/ui/page.js';
import { fetchHealth, type ComponentHealth } from '../api/get-health.js';

const REFRESH_MS = 5_000;

function Row({ name, health }: { name: string; health: ComponentHealth }) {
  return (
    <li className={health.ok ? 'ok' : 'down'} data-testid={`health-${name}`}>
      <span className="badge">{health.ok ? 'OK' : 'DOWN'}</span>
      <span className="name">{name}</span>
    </li>
  );
}

/** /status: whether every part of Herald is up; reachable without signing in. */
export function HealthPage() {
  const { data: report, error } = useQuery({ queryKey: ['health'], queryFn: ({ signal }) => fetchHealth(signal), refetchInterval: REFRESH_MS, retry: false });
  return (
    <Page title="System status" lead="Your social presence, run by durable workflows. This page shows whether every part is up.">
      {error && <Alert>Cannot reach the Herald API: {error.message}</Alert>}
      {report && (
        <section aria-label="System health">
          <h2 data-testid="overall">{report.ok ? 'All systems running' : 'Something is down'}</h2>
          <ul className="health">
            <Row name="database" health={report.components.database} />
            <Row name="temporal" health={report.components.temporal} />
            {report.components.workers.map((w) => (
              <Row key={w.taskQueue} name={`worker ${w.taskQueue}`} health={w} />
            ))}
          </ul>
          <p className="meta">
            Checked {new Date(report.checkedAt).toLocaleTimeString()}
            {report.temporalUi && (
              <>
                {' · '}
                <a href={report.temporalUi}>Open the Temporal UI</a>
              </>
            )}
            {' · '}
            <Link to="/">Back to Herald</Link>
          </p>
        </section>
      )}
    </Page>
  );
}
