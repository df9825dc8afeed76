import { ALL_TASKS } from '../../activities/agents/tasks.js';
import type { Responder } from './state.js';

/**
 * The emulated model's default answer: what Herald's own offline writer would write for the
 * task, so a cycle run against the emulator has realistic output sizes and valid JSON.
 */
export const offlineWriterResponder: Responder = ({ task, profile, input }) => {
  const definition = ALL_TASKS.find((t) => t.name === task);
  if (!definition) return `{"error": "the emulator does not know task ${task}"}`;
  return JSON.stringify(definition.offline({ ...(input as object), profile } as never));
};
