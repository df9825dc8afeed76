import type { ParseArgsConfig } from 'node:util';
import type { ApiClient } from './api-client.js';

export interface CommandContext {
  api: ApiClient;
  /** Named options after parsing (strings and booleans). */
  options: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export interface CommandOutcome<T = unknown> {
  /** What `--json` prints. */
  data: T;
  /** What a person reads. */
  text: string;
  /** Non-zero when the command reports a problem (e.g. health not ok). */
  exitCode?: number;
}

export interface Command {
  /** Words that select it, e.g. `accounts list`. */
  name: string;
  summary: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  /** Options that must be given, named without dashes. */
  required?: string[];
  run(ctx: CommandContext): Promise<CommandOutcome>;
}
