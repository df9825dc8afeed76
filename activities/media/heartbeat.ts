import { Context } from '@temporalio/activity';

/** Progress reports from long media steps (image generation, speech, ffmpeg). */
export type Heartbeat = (details: { step: string; done?: number; of?: number }) => void;

/**
 * Heartbeats Temporal when running inside an activity, and does nothing otherwise (the cost
 * benchmark, scripts, tests calling the function directly).
 */
export function activityHeartbeat(): Heartbeat {
  try {
    const context = Context.current();
    return (details) => context.heartbeat(details);
  } catch {
    return () => undefined;
  }
}
