import { failOnError } from '../api-client.js';
import type { Command } from '../command.js';

/** /healthz says only ok or down; the ops endpoint adds each component's message. */
interface HealthBody {
  ok: boolean;
  components: {
    database: { ok: boolean; message?: string };
    temporal: { ok: boolean; message?: string };
    workers: { taskQueue: string; ok: boolean; message?: string }[];
  };
  temporalUi?: string;
}

const mark = (ok: boolean) => (ok ? 'ok  ' : 'DOWN');

export const healthCommand: Command = {
  name: 'health',
  summary: 'Show the health of the database, Temporal and each worker queue (--detail: why, for HERALD_OPS_EMAILS)',
  options: { detail: { type: 'boolean' } },
  async run({ api, options }) {
    const { status, body } = await api.request<HealthBody>('GET', options.detail ? '/api/v1/ops/health' : '/healthz');
    if (status !== 200 && status !== 503) failOnError(status, body);
    const c = body.components;
    const why = (message?: string) => (message ? `   ${message}` : '');
    const lines = [
      `${mark(c.database.ok)} database${why(c.database.message)}`,
      `${mark(c.temporal.ok)} temporal${why(c.temporal.message)}`,
      ...c.workers.map((w) => `${mark(w.ok)} worker     ${w.taskQueue}${w.message ? `: ${w.message}` : ''}`),
    ];
    if (body.temporalUi) lines.push(`Temporal UI: ${body.temporalUi}`);
    return { data: body, text: lines.join('\n'), exitCode: body.ok ? 0 : 1 };
  },
};

interface PingBody {
  workflowId: string;
  runId: string;
  result: { auditId: string; recordedAt: string };
  temporalUi: string;
}

export const pingCommand: Command = {
  name: 'ping',
  summary: 'Run the ping workflow end to end (API -> Temporal -> worker -> database)',
  options: { by: { type: 'string' } },
  async run({ api, options }) {
    const by = typeof options.by === 'string' ? options.by : 'cli';
    const { status, body } = await api.request<PingBody>('POST', '/api/v1/dev/ping', { requestedBy: by });
    failOnError(status, body);
    return {
      data: body,
      text: [
        `ping workflow ${body.workflowId} completed`,
        `audit row ${body.result.auditId} at ${body.result.recordedAt}`,
        `Temporal UI: ${body.temporalUi}`,
      ].join('\n'),
    };
  },
};
