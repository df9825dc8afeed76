import { condition, defineUpdate, executeChild, proxyActivities, proxyLocalActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { EngineActivities } from './activities.js';

/**
 * The engine's own limit: workflows that do what Herald's do (timers, activities with the same
 * payload sizes, children, Updates) and nothing else. Every benchmark runs Herald beside these.
 */

const acts = proxyActivities<EngineActivities>({ startToCloseTimeout: '1 minute' });
const local = proxyLocalActivities<EngineActivities>({ startToCloseTimeout: '1 minute' });

/** Sleeps until `at` (epoch ms), then an activity notes the time it ran: the engine's timer lateness. */
export async function sleepUntilWorkflow(input: { at: number }): Promise<number> {
  await sleep(Math.max(input.at - Date.now(), 1));
  const ranAt = await acts.noteTime({ payload: '' });
  return ranAt - input.at;
}

export interface NoopShape {
  /** Sequential activities in the parent (a daily run's research, planning, writing ...). */
  activities: number;
  /** Sequential local activities in the parent (a daily run's short database steps); absent before they existed. */
  localActivities?: number;
  /** Bytes of each activity's input. */
  payloadBytes: number;
  /** Children the parent starts and waits for (a daily run's post workflows up to "awaiting approval"). */
  children: number;
  childActivities: number;
}

/** A daily run with the same number of steps and the same payload sizes, and no work in any of them. */
export async function noopCycleWorkflow(shape: NoopShape): Promise<number> {
  const payload = 'x'.repeat(shape.payloadBytes);
  for (let i = 0; i < (shape.localActivities ?? 0); i++) await local.noteTime({ payload });
  for (let i = 0; i < shape.activities; i++) await acts.noteTime({ payload });
  await Promise.all(Array.from({ length: shape.children }, (_, i) => executeChild(noopChildWorkflow, { args: [shape], workflowId: `${workflowInfo().workflowId}-c${i}` })));
  return acts.noteTime({ payload: '' });
}

export async function noopChildWorkflow(shape: NoopShape): Promise<void> {
  const payload = 'x'.repeat(shape.payloadBytes);
  for (let i = 0; i < shape.childActivities; i++) await acts.noteTime({ payload });
}

export const approveNoopUpdate = defineUpdate<{ approved: boolean }, [{ actorId: string }]>('approve');

/** A bare Update: the handler records the decision and answers; nothing else. */
export async function noopApprovalWorkflow(): Promise<void> {
  let approved = false;
  setHandler(approveNoopUpdate, () => {
    approved = true;
    return { approved };
  });
  await condition(() => false, '1 hour');
}
