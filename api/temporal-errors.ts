import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { HttpError } from './errors.js';

/**
 * Runs a call on a workflow and turns Temporal's answers into HTTP ones: a refused Update (its
 * validator's words) is 409, a workflow that does not exist is 404.
 */
export async function onWorkflow<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      throw new HttpError(409, 'refused', err.cause?.message ?? err.message);
    }
    if (err instanceof WorkflowNotFoundError || (err as { name?: string }).name === 'WorkflowNotFoundError') {
      throw new HttpError(404, 'not_found', `${what} is not running.`);
    }
    throw err;
  }
}
