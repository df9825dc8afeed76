import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';
import type { Logger } from 'pino';

let installed = false;

/**
 * Routes the SDK's own logs through pino (warnings and up; the SDK narrates every state change at
 * info) and, given an address, serves the SDK's metrics for Prometheus at http://<address>/metrics.
 * Safe to call more than once; only the first call installs.
 */
export function installTemporalRuntime(log: Logger, metricsAddress?: string): void {
  if (installed) return;
  installed = true;
  const forward = (entry: LogEntry) => {
    const level = entry.level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
    log[level]({ ...entry.meta, sdk: true }, entry.message);
  };
  Runtime.install({
    logger: new DefaultLogger('WARN', forward),
    shutdownSignals: ['SIGINT', 'SIGTERM', 'SIGQUIT'],
    ...(metricsAddress && { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } }),
  });
}
