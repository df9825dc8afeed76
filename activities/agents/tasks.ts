import type { LlmTask, TaskInput } from '../llm/task.js';
import { adaptPostTask } from './content/adapt.js';
import { writeEmergencyTask, writePostTask, writeReplacementTask } from './content/tasks.js';
import { intelligenceTask } from './intelligence/task.js';
import { weeklyAnalysisTask } from './learning/task.js';
import { optimiseScheduleTask } from './optimisation/task.js';
import { dailyPlanTask, monthlyThemesTask, weeklyStrategyTask } from './strategy/tasks.js';

/** Every LLM task Herald runs, by name (docs, the emulator and the cost benchmark list them). */
export const ALL_TASKS: LlmTask<TaskInput, unknown>[] = [
  intelligenceTask,
  monthlyThemesTask,
  weeklyStrategyTask,
  dailyPlanTask,
  writePostTask,
  writeReplacementTask,
  writeEmergencyTask,
  adaptPostTask,
  optimiseScheduleTask,
  weeklyAnalysisTask,
] as unknown as LlmTask<TaskInput, unknown>[];
