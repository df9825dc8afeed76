import { useEffect, useState } from 'react';
import { fetchHealth, type ComponentHealth, type HealthReport } from './health.js';

const REFRESH_MS = 5_000;

function Row({ name, health }: { name: string; health: ComponentHealth }) {
  return (
    <li className={health.ok ? 'ok' : 'down'} data-testid={`health-${name}`}>
      <span className="badge">{health.ok ? 'OK' : 'DOWN'}</span>
      <span className="name">{name}</span>
      <span className="message">{health.message}</span>
    </li>
  );
}

export function App() {
  const [report, setReport] = useState<HealthReport>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    const load = () =>
      fetchHealth(controller.signal)
        .then((r) => {
          setReport(r);
          setError(undefined);
        })
        .catch((err: Error) => {
          if (!controller.signal.aborted) setError(`Cannot reach the Herald API: ${err.message}`);
        });
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, []);

  return (
    <main>
      <h1>Herald</h1>
      <p className="lead">Your social presence, run by durable workflows. This page shows whether every part is up.</p>
      {error && <p className="error" role="alert">{error}</p>}
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
          </p>
        </section>
      )}
    </main>
  );
}
