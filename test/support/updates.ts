import { WorkflowUpdateFailedError } from '@temporalio/client';

/** The words a refused Update answers with (the validator's or handler's own message). */
export async function refusalOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
    return String(err.cause?.message ?? err.message);
  }
  throw new Error('expected the update to be refused');
}
