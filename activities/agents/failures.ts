import { ApplicationFailure } from '@temporalio/common';
import { AiBudgetExhaustedError, LlmOutputInvalidError } from '../llm/errors.js';

/**
 * Gateway errors a workflow acts on become non-retryable failures with a stable type
 * (LlmOutputInvalid, AiBudgetExhausted), so the workflow can catch them by type; anything else
 * stays an ordinary error and Temporal retries it.
 */
export async function asActivityFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof LlmOutputInvalidError) {
      throw ApplicationFailure.create({ message: err.message, type: err.type, nonRetryable: true, details: [{ task: err.task, problems: err.problems }] });
    }
    if (err instanceof AiBudgetExhaustedError) {
      throw ApplicationFailure.create({ message: err.reason, type: err.type, nonRetryable: true });
    }
    throw err;
  }
}
