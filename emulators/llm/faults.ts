import type { Response } from 'express';
import type { Endpoint, EmulatorState, RecordedCall } from './state.js';

/**
 * Plays the next scripted step for an endpoint: an error status (answered here), a delay, or a
 * fixed model text for the route to wrap in its normal answer.
 */
export async function applyFault(
  state: EmulatorState,
  endpoint: Endpoint,
  res: Response,
  call: Omit<RecordedCall, 'status'>,
  errorBody: (status: number) => unknown,
): Promise<{ answered: boolean; text?: string }> {
  const step = state.nextStep(endpoint, call.task);
  if (!step) return { answered: false };
  if (step.kind === 'delay') {
    await new Promise((r) => setTimeout(r, step.ms));
    return { answered: false };
  }
  if (step.kind === 'text') return { answered: false, text: step.text };
  if (step.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(step.retryAfterSeconds));
  if (step.retryAfterMs !== undefined) res.setHeader('retry-after-ms', String(step.retryAfterMs));
  state.calls.push({ ...call, status: step.status });
  res.status(step.status).json(errorBody(step.status));
  return { answered: true };
}
