import { WorkflowNotFoundError, type Client, type WorkflowExecutionDescription, type WorkflowHandle } from '@temporalio/client';
import { OrgId } from '../temporal-config/search-attributes.js';
import { HttpError } from './errors.js';

export interface OrgWorkflow {
  handle: WorkflowHandle;
  description: WorkflowExecutionDescription;
}

const notFound = (err: unknown) => err instanceof WorkflowNotFoundError || (err as { name?: string }).name === 'WorkflowNotFoundError';

/**
 * The workflow among `workflowIds` that belongs to `orgId` (its OrgId search attribute): the first
 * running one, else the first closed one, else undefined. Every Query and Update the API sends goes
 * through this: a workflow of another org is "not found", never steered, even if its id was guessed
 * or is a legacy id shared across orgs.
 */
export async function findOrgWorkflow(temporal: Client, orgId: string, workflowIds: string[]): Promise<OrgWorkflow | undefined> {
  const found: OrgWorkflow[] = [];
  for (const workflowId of workflowIds) {
    const handle = temporal.workflow.getHandle(workflowId);
    const description = await handle.describe().catch((err) => {
      if (notFound(err)) return undefined;
      throw err;
    });
    if (description?.typedSearchAttributes.get(OrgId) === orgId) found.push({ handle, description });
  }
  return found.find((w) => w.description.status.name === 'RUNNING') ?? found[0];
}

/** findOrgWorkflow, answering 404 with `what` when there is none. */
export async function orgWorkflow(temporal: Client, orgId: string, workflowIds: string[], what: string): Promise<OrgWorkflow> {
  const found = await findOrgWorkflow(temporal, orgId, workflowIds);
  if (!found) throw new HttpError(404, 'not_found', `${what} is not running.`);
  return found;
}
