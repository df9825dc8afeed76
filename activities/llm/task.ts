import fs from 'node:fs';
import { z } from 'zod';
import type { AgentProfile } from '../agents/profile.js';

/**
 * One LLM task: its versioned prompt file, the zod schema its answer must satisfy, the business
 * checks run after generation (platform rules, content restrictions) and the offline writer that
 * produces a rule-abiding answer when no provider can.
 */
export interface TaskInput {
  profile: AgentProfile;
}

export interface LlmTask<I extends TaskInput, O> {
  name: string;
  /** fast = the daily cycle's model, smart = weekly planning and analysis. */
  tier: 'fast' | 'smart';
  prompt: PromptFile;
  schema: z.ZodType<O>;
  maxOutputTokens: number;
  /** The emergency replacement is one short call: an unusable answer goes straight to the offline writer. */
  repair: boolean;
  /** Problems a user would notice that the schema cannot express; empty when the answer is usable. */
  check(output: O, input: I): string[];
  offline(input: I): O;
}

export interface PromptFile {
  /** e.g. content.post@v1: stored beside every output it produced. */
  version: string;
  text: string;
}

/** Prompts live next to their schemas as `<name>.v<N>.md`; bumping N is how a prompt change is recorded. */
export function loadPrompt(task: string, file: URL): PromptFile {
  const version = file.pathname.match(/\.v(\d+)\.md$/)?.[1];
  if (!version) throw new Error(`Prompt file ${file.pathname} must be named <name>.v<N>.md`);
  return { version: `${task}@v${version}`, text: fs.readFileSync(file, 'utf8').trim() };
}

export function defineTask<I extends TaskInput, O>(task: LlmTask<I, O>): LlmTask<I, O> {
  return task;
}

/** The instructions every call of the task sends unchanged (the cached prefix). */
export function stableSystemText(task: LlmTask<TaskInput, unknown>): string {
  const schema = JSON.stringify(z.toJSONSchema(task.schema, { unrepresentable: 'any' }));
  return [
    `Herald task: ${task.name} (prompt ${task.prompt.version})`,
    task.prompt.text,
    'Reply with exactly one JSON object and nothing else: no prose, no code fences. It must match this JSON Schema:',
    schema,
  ].join('\n\n');
}

export function profileSystemText(profile: AgentProfile): string {
  return `The brand you work for:\n<profile>${JSON.stringify(profile)}</profile>`;
}

export function userMessageText(input: TaskInput): string {
  const { profile: _profile, ...context } = input;
  return `<input>${JSON.stringify(context)}</input>`;
}

/** Reads the model's text as the task's output, or lists what is wrong with it. */
export function parseAnswer<I extends TaskInput, O>(task: LlmTask<I, O>, text: string, input: I): { output?: O; problems: string[] } {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return { problems: ['the answer contains no JSON object'] };
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch (err) {
    return { problems: [`the JSON does not parse: ${(err as Error).message}`] };
  }
  const parsed = task.schema.safeParse(json);
  if (!parsed.success) {
    return { problems: parsed.error.issues.slice(0, 8).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`) };
  }
  const problems = task.check(parsed.data, input);
  return problems.length > 0 ? { problems } : { output: parsed.data, problems };
}
