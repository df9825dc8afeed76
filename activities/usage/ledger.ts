import type { BudgetState } from '../../core/budget.js';

/** The spend ledger and output store the LLM gateway and media activities write to. */
export interface UsageRow {
  orgId: string;
  task: string;
  kind: 'llm' | 'image' | 'speech' | 'platform';
  provider: string;
  model: string;
  inputTokens?: number;
  outputTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  units?: number;
  unitName?: string;
  costUsd: number;
  latencyMs: number;
  promptVersion?: string;
  outcome: 'ok' | 'invalid_output' | 'unavailable';
}

export interface OutputRow {
  orgId: string;
  task: string;
  promptVersion: string;
  provider: string;
  model: string;
  offlineWritten: boolean;
  budgetLevel: BudgetState['level'];
  output: unknown;
}

export interface StoredOutput extends OutputRow {
  id: string;
  createdAt: Date;
}

export interface AiLedger {
  recordUsage(row: UsageRow): Promise<void>;
  saveOutput(row: OutputRow): Promise<string>;
  loadOutput(orgId: string, id: string): Promise<StoredOutput | undefined>;
  latestOutput(orgId: string, task: string): Promise<StoredOutput | undefined>;
  budget(orgId: string, now?: Date): Promise<BudgetState>;
}
