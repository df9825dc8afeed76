import type { LlmProvider } from '../../config/ai.js';

/**
 * The gateway's failures a workflow can act on. Each has a stable `type` so an activity can turn
 * it into a non-retryable ApplicationFailure the workflow catches by type.
 */

/** The provider did not answer (overloaded, rate limited past retries, down, misconfigured): try the next one. */
export class ProviderUnavailableError extends Error {
  readonly type = 'ProviderUnavailable';
  constructor(
    readonly provider: LlmProvider,
    readonly model: string,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderUnavailableError';
  }
}

/** The model's answer stayed unusable after one repair attempt. */
export class LlmOutputInvalidError extends Error {
  readonly type = 'LlmOutputInvalid';
  constructor(
    readonly task: string,
    readonly provider: string,
    readonly model: string,
    readonly problems: string[],
  ) {
    super(`The ${task} answer from ${provider} (${model}) was still unusable after a repair attempt: ${problems.slice(0, 5).join('; ')}`);
    this.name = 'LlmOutputInvalidError';
  }
}

/** The organisation's monthly AI budget is used up; the reason text is what the approval queue shows. */
export class AiBudgetExhaustedError extends Error {
  readonly type = 'AiBudgetExhausted';
  constructor(
    readonly orgId: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'AiBudgetExhaustedError';
  }
}
