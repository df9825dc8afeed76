/**
 * The LLM emulator's memory: scripted faults per endpoint, the calls it answered (with the usage
 * it reported) and the prompt cache.
 */
export type Endpoint = 'anthropic' | 'openai' | 'images' | 'speech';

export type FaultStep = (
  /** Answer with this HTTP status (429, 500, 529 ...), optionally with retry-after headers. */
  | { kind: 'status'; status: number; retryAfterSeconds?: number; retryAfterMs?: number }
  /** The model "says" this text: malformed JSON, prose, anything. */
  | { kind: 'text'; text: string }
  /** A slow answer: wait, then answer normally. */
  | { kind: 'delay'; ms: number }
) & {
  /** Only for calls of this Herald task (e.g. 'content.post'); other calls pass it by. */
  task?: string;
};

export interface ReportedUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface RecordedCall {
  endpoint: Endpoint;
  model: string;
  status: number;
  task?: string;
  maxTokens?: number;
  /** Anthropic system blocks marked cache_control. */
  cacheControlBlocks?: number;
  usage?: ReportedUsage;
  body: Record<string, unknown>;
}

/** What the model answers when no fault is scripted. */
export type Responder = (request: { task: string; profile: unknown; input: unknown; repair: boolean }) => string;

/** Rough tokens: providers average about four characters of English per token. */
export const tokensOf = (text: string) => Math.ceil(text.length / 4);

export class EmulatorState {
  readonly calls: RecordedCall[] = [];
  private readonly scripts = new Map<Endpoint, FaultStep[]>();
  private readonly cache = new Set<string>();

  constructor(readonly minCacheableTokens: number) {}

  script(endpoint: Endpoint, steps: FaultStep[]): void {
    this.scripts.set(endpoint, [...(this.scripts.get(endpoint) ?? []), ...steps]);
  }

  nextStep(endpoint: Endpoint, task?: string): FaultStep | undefined {
    const steps = this.scripts.get(endpoint) ?? [];
    const at = steps.findIndex((step) => step.task === undefined || step.task === task);
    return at < 0 ? undefined : steps.splice(at, 1)[0];
  }

  /** Marks a prompt prefix cached; says whether it already was. */
  cachePrefix(key: string): boolean {
    const hit = this.cache.has(key);
    this.cache.add(key);
    return hit;
  }

  reset(): void {
    this.calls.length = 0;
    this.scripts.clear();
    this.cache.clear();
  }
}

/** Reads the task name, brand profile and input the gateway put in its prompt (the input is in the first user turn). */
export function readPrompt(system: string, userTurns: string): { task: string; profile: unknown; input: unknown } {
  const task = system.match(/^Herald task: (\S+)/m)?.[1] ?? 'unknown';
  const profile = JSON.parse(system.match(/<profile>([\s\S]*?)<\/profile>/)?.[1] ?? 'null');
  const input = JSON.parse(userTurns.match(/<input>([\s\S]*?)<\/input>/)?.[1] ?? 'null');
  return { task, profile, input };
}
