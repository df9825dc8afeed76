/** The public /healthz says only whether each part is up; why is for operators (herald health --detail). */
export interface ComponentHealth {
  ok: boolean;
}

export interface HealthReport {
  ok: boolean;
  checkedAt: string;
  temporalUi?: string;
  components: {
    database: ComponentHealth;
    temporal: ComponentHealth;
    workers: (ComponentHealth & { taskQueue: string })[];
  };
}

/** /healthz answers 503 with the same body when something is down, so both are reports. */
export async function fetchHealth(signal?: AbortSignal): Promise<HealthReport> {
  const res = await fetch('/healthz', { signal, headers: { accept: 'application/json' } });
  if (res.status !== 200 && res.status !== 503) throw new Error(`Health check answered HTTP ${res.status}`);
  return (await res.json()) as HealthReport;
}
